// metaul features: plain and JSON output, the catalog, labels split off, errors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "metaul/meta/metafeatures.h"
#include "support/test_support.h"

namespace metaul::testing {
namespace {

std::string small_csv(bool with_label) {
  const auto path = (temp_dir() / (with_label ? "labelled.csv" : "plain.csv")).string();
  std::string text = with_label ? "a,b,label\n" : "a,b\n";
  for (int i = 0; i < 60; ++i) {
    text += std::to_string(i % 7) + "," + std::to_string((i * 13) % 11) + ".5";
    text += with_label ? "," + std::to_string(i % 2) + "\n" : "\n";
  }
  write_file(path, text);
  return path;
}

TEST(FeaturesCli, PlainOutputHasOneLinePerFeature) {
  const auto r = run_cli({"--quiet", "features", small_csv(false)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto& catalog = meta::metafeature_catalog();
  EXPECT_EQ(static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n')), catalog.size());
  EXPECT_EQ(r.out.rfind("simple.n_samples", 0), 0u);
  EXPECT_NE(r.out.find("simple.n_features"), std::string::npos);
}

TEST(FeaturesCli, JsonSplitsOffLabels) {
  const auto r = run_cli({"features", small_csv(true), "--label-column", "label", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["n_samples"], 60);
  EXPECT_EQ(j["n_features"], 2);
  EXPECT_GE(j["seconds"].get<double>(), 0.0);
  EXPECT_EQ(j["features"].size(), meta::metafeature_catalog().size());
  EXPECT_EQ(j["features"]["simple.n_features"].get<double>(), 2.0);
  // The same features as the table without the label column: labels are not used.
  const auto p = run_cli({"features", small_csv(false), "--json"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(nlohmann::json::parse(p.out)["features"], j["features"]);
}

TEST(FeaturesCli, CatalogNeedsNoData) {
  auto r = run_cli({"features", "--catalog"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n')),
            meta::metafeature_catalog().size());
  EXPECT_NE(r.out.find("stat.skewness.mean"), std::string::npos);
  r = run_cli({"features", "--list", "--markdown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("| `dist.hopkins` |"), std::string::npos);
}

TEST(FeaturesCli, Errors) {
  auto r = run_cli({"features"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("DATA is required"), std::string::npos) << r.err;
  r = run_cli({"features", (temp_dir() / "missing.csv").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("metaul: error: ", 0), 0u) << r.err;
}

}  // namespace
}  // namespace metaul::testing
