// The conformance battery: every registered estimator obeys the common contract
// (scikit-learn's check_estimator idea). New estimators are covered by registering them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/registry.h"
#include "support/test_support.h"

namespace metaul {
namespace {

struct Case {
  Family family;
  std::string name;
};

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const auto* e : builtin_registry().list()) out.push_back({e->family, e->name});
  return out;
}

void PrintTo(const Case& c, std::ostream* os) { *os << to_string(c.family) << " " << c.name; }

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return std::string(to_string(info.param.family)) + "_" + info.param.name;
}

// A value different from the default that the parameter accepts, or nullopt when there is none.
std::optional<Value> other_value(const ParamSpec& p) {
  switch (p.type) {
    case ParamType::Bool:
      return Value(!std::get<bool>(p.default_value));
    case ParamType::Choice:
      for (const auto& c : p.choices) {
        if (Value(c) != p.default_value) return Value(c);
      }
      return std::nullopt;
    case ParamType::String:
      return std::nullopt;
    case ParamType::Int:
    case ParamType::Float: {
      if (std::holds_alternative<std::monostate>(p.default_value)) {
        const double lo = std::isfinite(p.min) ? p.min : 0.0;
        const double v = p.type == ParamType::Int
                             ? lo + 2
                             : (std::isfinite(p.max) ? (lo + p.max) / 2 : lo + 1.5);
        return p.type == ParamType::Int ? Value(static_cast<std::int64_t>(v)) : Value(v);
      }
      const double d = p.type == ParamType::Int
                           ? static_cast<double>(std::get<std::int64_t>(p.default_value))
                           : std::get<double>(p.default_value);
      for (double candidate : {d + 1, d * 2, d / 2, (d + p.min) / 2, (d + p.max) / 2}) {
        if (!std::isfinite(candidate) || candidate == d) continue;
        if (p.type == ParamType::Int && candidate != std::floor(candidate)) continue;
        Value v = p.type == ParamType::Int ? Value(static_cast<std::int64_t>(candidate))
                                           : Value(candidate);
        try {
          return p.check(v, "probe");
        } catch (const InvalidParameter&) {
        }
      }
      if (p.nullable) return Value(std::monostate{});
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::unique_ptr<Estimator> make(const Case& c, const std::string& spec) {
  return builtin_registry().make(c.family, spec);
}

// Fits and returns the output that identifies the fit: labels, or transformed values.
std::vector<double> fit_output(Estimator& e, MatrixView x, const Context& ctx) {
  std::vector<double> out;
  if (auto* c = dynamic_cast<Clusterer*>(&e)) {
    c->fit(x, ctx);
    for (int l : c->labels()) out.push_back(l);
  } else if (auto* t = dynamic_cast<Transformer*>(&e)) {
    t->fit(x, ctx);
    Matrix y = t->transform(x, ctx);
    out.assign(y.data(), y.data() + y.size());
  } else if (auto* d = dynamic_cast<Detector*>(&e)) {
    d->fit(x, ctx);
    out = d->training_scores();
  }
  return out;
}

void fit_only(Estimator& e, MatrixView x, const Context& ctx) {
  if (auto* c = dynamic_cast<Clusterer*>(&e)) c->fit(x, ctx);
  if (auto* t = dynamic_cast<Transformer*>(&e)) t->fit(x, ctx);
  if (auto* d = dynamic_cast<Detector*>(&e)) d->fit(x, ctx);
}

class Conformance : public ::testing::TestWithParam<Case> {};

TEST_P(Conformance, DefaultSpecRoundTrips) {
  auto e = make(GetParam(), GetParam().name);
  EXPECT_EQ(e->to_spec(), GetParam().name + "()");
  EXPECT_EQ(make(GetParam(), e->to_spec())->to_spec(), e->to_spec());
}

TEST_P(Conformance, EveryParameterRoundTrips) {
  auto e = make(GetParam(), GetParam().name);
  for (const auto& p : e->param_table()) {
    // get_param / set_param round trip on the default.
    auto copy = make(GetParam(), GetParam().name);
    copy->set_param(p.name, e->get_param(p.name));
    EXPECT_EQ(copy->to_spec(), e->to_spec()) << p.name;
    auto other = other_value(p);
    if (!other) continue;
    copy->set_param(p.name, *other);
    const std::string spec = copy->to_spec();
    EXPECT_NE(spec, e->to_spec()) << p.name;
    EXPECT_EQ(make(GetParam(), spec)->to_spec(), spec) << p.name;
    EXPECT_EQ(copy->get_param(p.name), *other) << p.name;
    for (const auto& alias : p.aliases) {
      auto via_alias = make(GetParam(), GetParam().name);
      via_alias->set_param(alias, *other);
      EXPECT_EQ(via_alias->to_spec(), spec) << alias;
    }
  }
}

TEST_P(Conformance, UnknownKeyListsTheValidOnes) {
  try {
    make(GetParam(), GetParam().name + "(no_such_param=1)");
    FAIL() << "expected InvalidParameter";
  } catch (const InvalidParameter& err) {
    const std::string msg = err.what();
    EXPECT_NE(msg.find("no_such_param"), std::string::npos) << msg;
    auto e = make(GetParam(), GetParam().name);
    if (!e->param_table().empty()) {
      EXPECT_NE(msg.find(e->param_table().front().name), std::string::npos) << msg;
    }
  }
}

TEST_P(Conformance, CloneIsUnfittedCopy) {
  std::vector<int> truth;
  Matrix x = testing::make_blobs(150, 4, 3, 1.0, 7, &truth);
  auto e = make(GetParam(), GetParam().name);
  Context ctx;
  const auto first = fit_output(*e, x, ctx);
  EXPECT_TRUE(e->fitted());
  auto c = e->clone();
  EXPECT_FALSE(c->fitted());
  EXPECT_EQ(c->to_spec(), e->to_spec());
  EXPECT_EQ(fit_output(*c, x, ctx), first) << "clone fits differently";
  // Refitting the same estimator gives the same result.
  EXPECT_EQ(fit_output(*e, x, ctx), first);
}

TEST_P(Conformance, OutputShapes) {
  const Index n = 150;
  Matrix x = testing::make_blobs(n, 4, 3, 1.0, 8);
  auto e = make(GetParam(), GetParam().name);
  Context ctx;
  if (auto* c = dynamic_cast<Clusterer*>(e.get())) {
    EXPECT_THROW(c->labels(), NotFitted);
    c->fit(x, ctx);
    const auto& labels = c->labels();
    ASSERT_EQ(static_cast<Index>(labels.size()), n);
    std::set<int> ids(labels.begin(), labels.end());
    ids.erase(-1);
    EXPECT_GE(*std::min_element(labels.begin(), labels.end()), -1);
    // Cluster ids are 0..K-1 without gaps.
    int expected = 0;
    for (int id : ids) EXPECT_EQ(id, expected++);
    if (c->can_predict()) {
      auto p = c->predict(x.view().rows_range(0, 10), ctx);
      EXPECT_EQ(p.size(), 10u);
      Matrix wrong(5, 3);
      EXPECT_THROW(c->predict(wrong, ctx), InvalidInput);
    } else {
      EXPECT_THROW(c->predict(x, ctx), NotSupported);
    }
  } else if (auto* t = dynamic_cast<Transformer*>(e.get())) {
    EXPECT_THROW(t->transform(x, ctx), NotFitted);
    t->fit(x, ctx);
    Matrix y = t->transform(x, ctx);
    EXPECT_EQ(y.rows(), n);
    EXPECT_GE(y.cols(), 1);
    for (Index i = 0; i < y.size(); ++i) ASSERT_TRUE(std::isfinite(y.data()[i]));
    Matrix wrong(5, 3);
    EXPECT_THROW(t->transform(wrong, ctx), InvalidInput);
  }
}

TEST_P(Conformance, SameResultForOneAndTwoThreads) {
  Matrix x = testing::make_blobs(1200, 5, 4, 1.5, 9);
  auto e1 = make(GetParam(), GetParam().name);
  auto e2 = make(GetParam(), GetParam().name);
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  EXPECT_EQ(fit_output(*e1, x, one), fit_output(*e2, x, two));
}

TEST_P(Conformance, SeedChangesOnlyThroughTheSeed) {
  auto e = make(GetParam(), GetParam().name);
  if (!e->has_param("seed")) GTEST_SKIP() << "not randomised";
  Matrix x = testing::make_blobs(300, 3, 3, 2.0, 10);
  Context ctx;
  auto a = make(GetParam(), GetParam().name + "(seed=5)");
  auto b = make(GetParam(), GetParam().name + "(random_state=5)");
  EXPECT_EQ(fit_output(*a, x, ctx), fit_output(*b, x, ctx));
}

TEST_P(Conformance, BadInputIsRejected) {
  Context ctx;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  Matrix good = testing::make_blobs(60, 3, 3, 1.0, 11);
  for (float bad : {nan, inf, -inf}) {
    Matrix x = good;
    x(17, 1) = bad;
    auto e = make(GetParam(), GetParam().name);
    EXPECT_THROW(fit_only(*e, x, ctx), InvalidInput) << bad;
  }
  auto e = make(GetParam(), GetParam().name);
  EXPECT_THROW(fit_only(*e, Matrix(0, 3), ctx), InvalidInput) << "no rows";
  EXPECT_THROW(fit_only(*e, Matrix(10, 0), ctx), InvalidInput) << "no columns";
  // Fewer samples than requested clusters/components.
  for (const char* key : {"n_clusters", "n_components"}) {
    if (!e->has_param(key)) continue;
    auto small = make(GetParam(), GetParam().name);
    small->set_param(key, std::int64_t{5});
    Matrix three = Matrix(good.view().rows_range(0, 3));
    try {
      fit_only(*small, three, ctx);
      ADD_FAILURE() << "expected InvalidInput for n_samples (3) < " << key << " (5)";
    } catch (const InvalidInput& err) {
      EXPECT_NE(std::string(err.what()).find(GetParam().name), std::string::npos) << err.what();
    }
  }
}

TEST_P(Conformance, DegenerateDataDoesNotCrash) {
  // All rows identical, and one constant column: either a result or a clean metaul::Error.
  Context ctx;
  Matrix same(40, 3, 1.5f);
  Matrix constant_col = testing::make_blobs(60, 3, 3, 1.0, 12);
  for (Index i = 0; i < constant_col.rows(); ++i) constant_col(i, 2) = 4.0f;
  for (const Matrix* x : {&same, &constant_col}) {
    auto e = make(GetParam(), GetParam().name);
    try {
      const auto out = fit_output(*e, *x, ctx);
      for (double v : out) EXPECT_TRUE(std::isfinite(v));
    } catch (const Error&) {
      // A clear, typed error is acceptable for degenerate data.
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllEstimators, Conformance, ::testing::ValuesIn(all_cases()), case_name);

TEST(ConformanceRegistry, HasTheClusteringToolkit) {
  std::set<std::string> names;
  for (const auto* e : builtin_registry().list(Family::Cluster)) names.insert(e->name);
  for (const char* name : {"kmeans", "minibatch_kmeans", "gmm", "dbscan", "hdbscan", "optics",
                           "agglomerative", "genie", "spectral", "mean_shift", "birch"}) {
    EXPECT_TRUE(names.count(name)) << name;
  }
  std::set<std::string> transforms;
  for (const auto* e : builtin_registry().list(Family::Transform)) transforms.insert(e->name);
  for (const char* name : {"standard_scaler", "robust_scaler", "minmax_scaler", "pca"}) {
    EXPECT_TRUE(transforms.count(name)) << name;
  }
}

}  // namespace
}  // namespace metaul
