// Meta-feature extraction: catalog, hand-computable values, degenerate inputs, determinism.
#include "metaul/meta/metafeatures.h"

#include <chrono>
#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/core/rng.h"
#include "support/test_support.h"

namespace metaul::meta {
namespace {

Context threads(int t) {
  Context ctx;
  ctx.threads = t;
  return ctx;
}

double value(const std::vector<double>& v, const std::string& name) {
  return v.at(metafeature_index(name));
}

void expect_all_finite(const std::vector<double>& v, const std::string& what) {
  ASSERT_EQ(v.size(), metafeature_catalog().size()) << what;
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_TRUE(std::isfinite(v[i]))
        << what << ": " << metafeature_catalog()[i].name << " = " << v[i];
  }
}

Matrix gaussian(Index n, Index d, std::uint64_t seed) {
  Rng rng(seed);
  Matrix x(n, d);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.normal());
  return x;
}

TEST(MetaFeatureCatalog, AtLeast150UniqueDocumentedNames) {
  const auto& catalog = metafeature_catalog();
  EXPECT_GE(catalog.size(), 150u);
  std::set<std::string> names;
  const std::set<std::string> families = {"simple", "stat", "info", "spectral", "dist", "landmark"};
  for (const auto& f : catalog) {
    EXPECT_TRUE(names.insert(f.name).second) << "duplicate " << f.name;
    EXPECT_TRUE(families.count(f.family)) << f.name << " in " << f.family;
    EXPECT_FALSE(f.doc.empty()) << f.name;
    EXPECT_EQ(f.name.rfind(f.family + ".", 0), 0u) << f.name << " does not start with its family";
  }
  EXPECT_EQ(metafeature_index("simple.n_samples"), 0u);
  EXPECT_EQ(catalog[metafeature_index("stat.skewness.mean")].name, "stat.skewness.mean");
  EXPECT_THROW(metafeature_index("no.such.feature"), InvalidParameter);
}

TEST(MetaFeatureCatalog, DocumentedInDocs) {
  const std::string doc =
      testing::read_file(std::filesystem::path(METAUL_SOURCE_DIR) / "docs" / "metafeatures.md");
  for (const auto& f : metafeature_catalog()) {
    std::string cell;  // as the Markdown table writes it
    for (char ch : f.doc) cell += ch == '|' ? std::string("\\|") : std::string(1, ch);
    EXPECT_NE(doc.find("| `" + f.name + "` | " + cell + " |"), std::string::npos)
        << f.name << " missing from docs/metafeatures.md (metaul features --catalog --markdown)";
  }
}

TEST(MetaFeatures, SizesAndSimpleRatios) {
  const Matrix x = gaussian(200, 4, 1);
  const auto v = extract_metafeatures(x, threads(1));
  expect_all_finite(v, "gaussian");
  EXPECT_EQ(value(v, "simple.n_samples"), 200);
  EXPECT_EQ(value(v, "simple.n_features"), 4);
  EXPECT_DOUBLE_EQ(value(v, "simple.log_n_samples"), std::log(200.0));
  EXPECT_DOUBLE_EQ(value(v, "simple.features_per_sample"), 4.0 / 200);
  EXPECT_DOUBLE_EQ(value(v, "simple.samples_per_feature"), 50.0);
  EXPECT_EQ(value(v, "simple.duplicate_rows_fraction"), 0.0);
}

TEST(MetaFeatures, MomentsOfAKnownSample) {
  // One column 0, 0, 0, 1: mean 1/4, population variance 3/16, skewness 2/sqrt(3),
  // excess kurtosis m4/m2^2 - 3 = (21/256)/(9/256) - 3 = -2/3.
  Matrix x(4, 1, 0.0f);
  x(3, 0) = 1.0f;
  const auto v = extract_metafeatures(x, threads(1));
  expect_all_finite(v, "0001");
  EXPECT_DOUBLE_EQ(value(v, "stat.mean.mean"), 0.25);
  EXPECT_NEAR(value(v, "stat.std.max"), std::sqrt(3.0) / 4, 1e-15);
  EXPECT_NEAR(value(v, "stat.skewness.mean"), 2 / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(value(v, "stat.kurtosis.median"), -2.0 / 3, 1e-12);
  EXPECT_NEAR(value(v, "stat.cv.mean"), std::sqrt(3.0), 1e-12);
  EXPECT_DOUBLE_EQ(value(v, "stat.sparsity"), 0.75);
  EXPECT_EQ(value(v, "stat.sparse_features_fraction"), 1.0);
  EXPECT_EQ(value(v, "stat.integer_features_fraction"), 1.0);
  EXPECT_EQ(value(v, "stat.binary_features_fraction"), 1.0);
  EXPECT_EQ(value(v, "simple.duplicate_rows_fraction"), 0.5);
  EXPECT_EQ(value(v, "stat.corr_abs.mean"), 0.0);  // d = 1: no pairs
}

TEST(MetaFeatures, SparsityIntegersAndConstants) {
  Matrix x(100, 4);
  for (Index i = 0; i < 100; ++i) {
    x(i, 0) = static_cast<float>(i % 7);     // integer, 1/7 zeros (approx.)
    x(i, 1) = 0.5f + static_cast<float>(i);  // not integer
    x(i, 2) = 3.0f;                          // constant
    x(i, 3) = i < 90 ? 0.0f : 1.0f;          // sparse, binary
  }
  const auto v = extract_metafeatures(x, threads(1));
  expect_all_finite(v, "mixed");
  double zeros = 0;
  for (Index i = 0; i < 100; ++i) zeros += (x(i, 0) == 0) + (x(i, 3) == 0);
  EXPECT_DOUBLE_EQ(value(v, "stat.sparsity"), zeros / 400);
  EXPECT_DOUBLE_EQ(value(v, "stat.sparse_features_fraction"), 0.25);
  EXPECT_DOUBLE_EQ(value(v, "stat.constant_features_fraction"), 0.25);
  EXPECT_DOUBLE_EQ(value(v, "stat.integer_features_fraction"), 0.75);
  EXPECT_DOUBLE_EQ(value(v, "stat.binary_features_fraction"), 0.5);     // constant and 0/1
  EXPECT_DOUBLE_EQ(value(v, "stat.discrete_features_fraction"), 0.75);  // 7, 1 and 2 values
  EXPECT_DOUBLE_EQ(value(v, "stat.jb_normal_fraction") <= 0.75, true);
}

TEST(MetaFeatures, EntropyOfAUniformDiscreteFeatureIsOne) {
  Matrix x(1000, 2);
  for (Index i = 0; i < 1000; ++i) {
    x(i, 0) = static_cast<float>(i % 10);
    x(i, 1) = static_cast<float>((i / 10) % 10);  // independent of column 0 on this grid
  }
  const auto v = extract_metafeatures(x, threads(1));
  EXPECT_NEAR(value(v, "info.entropy.mean"), 1.0, 1e-12);
  EXPECT_NEAR(value(v, "info.entropy.min"), 1.0, 1e-12);
  EXPECT_NEAR(value(v, "info.mutual_info.max"), 0.0, 1e-12);
  EXPECT_NEAR(value(v, "stat.corr_abs.max"), 0.0, 1e-12);
  // A copy of a feature has mutual information equal to its entropy, ln 10.
  Matrix y(1000, 2);
  for (Index i = 0; i < 1000; ++i) y(i, 0) = y(i, 1) = static_cast<float>(i % 10);
  const auto w = extract_metafeatures(y, threads(1));
  EXPECT_NEAR(value(w, "info.mutual_info.mean"), std::log(10.0), 1e-12);
  EXPECT_NEAR(value(w, "info.normalized_mi.max"), 1.0, 1e-12);
  EXPECT_NEAR(value(w, "stat.corr_abs.mean"), 1.0, 1e-12);
  EXPECT_EQ(value(w, "stat.corr_abs_gt_0.9"), 1.0);
}

TEST(MetaFeatures, PcaRatiosOfKnownStructure) {
  // Column 1 = 2 * column 0: one component carries all the variance.
  Matrix x = gaussian(500, 2, 3);
  for (Index i = 0; i < 500; ++i) x(i, 1) = 2 * x(i, 0);
  auto v = extract_metafeatures(x, threads(1));
  EXPECT_NEAR(value(v, "spectral.evr_1"), 1.0, 1e-6);
  EXPECT_NEAR(value(v, "spectral.evr_2"), 0.0, 1e-6);
  EXPECT_EQ(value(v, "spectral.evr_3"), 0.0);  // absent component
  EXPECT_DOUBLE_EQ(value(v, "spectral.n_components_90"), 0.5);
  // An exactly uncorrelated design (the four corners of a square, repeated): equal ratios.
  Matrix sq(400, 2);
  for (Index i = 0; i < 400; ++i) {
    sq(i, 0) = (i % 2) ? 1.0f : -1.0f;
    sq(i, 1) = ((i / 2) % 2) ? 1.0f : -1.0f;
  }
  v = extract_metafeatures(sq, threads(1));
  EXPECT_NEAR(value(v, "spectral.evr_1"), 0.5, 1e-12);
  EXPECT_NEAR(value(v, "spectral.evr_2"), 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(value(v, "spectral.n_components_99"), 1.0);
  EXPECT_NEAR(value(v, "spectral.effective_rank"), 1.0, 1e-12);
}

TEST(MetaFeatures, HopkinsSeparatesUniformFromClustered) {
  Rng rng(5);
  Matrix uniform(2000, 2);
  for (Index i = 0; i < uniform.size(); ++i) uniform.data()[i] = static_cast<float>(rng.uniform());
  const auto u = extract_metafeatures(uniform, threads(2));
  EXPECT_GT(value(u, "dist.hopkins"), 0.35);
  EXPECT_LT(value(u, "dist.hopkins"), 0.65);
  const Matrix blobs = testing::make_blobs(2000, 2, 4, 0.01, 7);
  const auto b = extract_metafeatures(blobs, threads(2));
  EXPECT_GT(value(b, "dist.hopkins"), 0.9);
  // Clusters far apart relative to their spread: much larger contrast than uniform data.
  EXPECT_GT(value(u, "dist.contrast_max_min"), 1.0);
  EXPECT_GT(value(b, "dist.contrast_max_min"), 10 * value(u, "dist.contrast_max_min"));
  // Tight blobs: the best silhouette is high and the intrinsic dimension is near 2 for uniform.
  EXPECT_GT(value(b, "landmark.kmeans.silhouette_k4"), 0.9);
  EXPECT_NEAR(value(u, "spectral.twonn_id"), 2.0, 0.4);
  EXPECT_NEAR(value(u, "spectral.mle_id"), 2.0, 0.4);
}

TEST(MetaFeatures, FiniteOnDegenerateInputs) {
  const Context ctx = threads(2);
  expect_all_finite(extract_metafeatures(Matrix(50, 3, 7.0f), ctx), "all identical");
  expect_all_finite(extract_metafeatures(Matrix(2, 1, 0.0f), ctx), "n = 2 zeros");
  expect_all_finite(extract_metafeatures(Matrix(2, 3, std::vector<float>{1, 2, 3, 4, 5, 6}), ctx),
                    "n = 2");
  expect_all_finite(extract_metafeatures(gaussian(300, 1, 2), ctx), "d = 1");
  Matrix dup = gaussian(10, 3, 3);
  Matrix dups(200, 3);
  for (Index i = 0; i < 200; ++i) {
    for (Index j = 0; j < 3; ++j) dups(i, j) = dup(i % 10, j);
  }
  const auto dv = extract_metafeatures(dups, ctx);
  expect_all_finite(dv, "duplicates");
  EXPECT_DOUBLE_EQ(value(dv, "simple.duplicate_rows_fraction"), 0.95);
  Matrix huge = gaussian(300, 4, 4);
  for (Index i = 0; i < huge.size(); ++i) huge.data()[i] *= 1e30f;
  expect_all_finite(extract_metafeatures(huge, ctx), "1e30");
  Matrix big_const(100, 2, 1e30f);
  big_const(0, 1) = -3e38f;
  expect_all_finite(extract_metafeatures(big_const, ctx), "1e30 constant, -3e38 outlier");
  Matrix ints(500, 5);
  Rng rng(9);
  for (Index i = 0; i < ints.size(); ++i) ints.data()[i] = static_cast<float>(rng.below(3));
  const auto iv = extract_metafeatures(ints, ctx);
  expect_all_finite(iv, "integer-valued");
  EXPECT_EQ(value(iv, "stat.integer_features_fraction"), 1.0);
  Matrix mixed = gaussian(100, 6, 5);
  for (Index i = 0; i < 100; ++i) mixed(i, 2) = 0.0f;
  expect_all_finite(extract_metafeatures(mixed, ctx), "constant column");
}

TEST(MetaFeatures, DeterministicAcrossThreadsAndSensitiveToSeed) {
  const Matrix x = testing::make_blobs(3000, 6, 3, 1.0, 11);
  MetaFeatureOptions o;
  o.seed = 4;
  o.max_rows_sample = 2500;  // sub-sampling in play
  const auto a = extract_metafeatures(x, threads(1), o);
  const auto b = extract_metafeatures(x, threads(2), o);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i], b[i]) << metafeature_catalog()[i].name;  // bit-identical
  }
  EXPECT_EQ(a, extract_metafeatures(x, threads(2), o));
  o.seed = 5;
  const auto c = extract_metafeatures(x, threads(2), o);
  EXPECT_NE(a, c);
  // Full-data features do not depend on the seed.
  EXPECT_EQ(value(a, "stat.skewness.mean"), value(c, "stat.skewness.mean"));
}

TEST(MetaFeatures, SubSamplingBoundsTheWork) {
  const Matrix x = testing::make_blobs(50000, 8, 5, 1.0, 13);
  MetaFeatureOptions o;  // the default bounds (timing recorded, not asserted)
  const auto start = std::chrono::steady_clock::now();
  const auto v = extract_metafeatures(x, threads(2), o);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("seconds_50000x8", std::to_string(seconds));
  expect_all_finite(v, "50000 rows");
  EXPECT_EQ(value(v, "simple.n_samples"), 50000);
  // Bounds of 2 rows still give finite values; the full-data features do not change.
  o.max_rows_quadratic = 2;
  o.max_rows_landmark = 2;
  const auto tiny = extract_metafeatures(x, threads(2), o);
  expect_all_finite(tiny, "2-row samples");
  EXPECT_EQ(value(tiny, "simple.n_samples"), 50000);
  EXPECT_EQ(value(tiny, "stat.mean.mean"), value(v, "stat.mean.mean"));
}

TEST(MetaFeatures, RejectsBadInput) {
  const Context ctx = threads(1);
  EXPECT_THROW(extract_metafeatures(Matrix(1, 3), ctx), InvalidInput);
  EXPECT_THROW(extract_metafeatures(Matrix(), ctx), InvalidInput);
  Matrix nan = gaussian(10, 2, 1);
  nan(3, 1) = std::nanf("");
  EXPECT_THROW(extract_metafeatures(nan, ctx), InvalidInput);
  MetaFeatureOptions o;
  o.max_rows_quadratic = 1;
  EXPECT_THROW(extract_metafeatures(gaussian(10, 2, 1), ctx, o), InvalidParameter);
}

}  // namespace
}  // namespace metaul::meta
