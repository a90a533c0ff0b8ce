#include "metaul/core/params.h"

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/core/spec.h"

namespace metaul {
namespace {

const ParamTable& table() {
  static const ParamTable t = {
      ParamSpec::integer("n_clusters", 8, "number of clusters").at_least(1),
      ParamSpec::real("tol", 1e-4, "tolerance").at_least(0),
      ParamSpec::choice("init", "k-means++", {"k-means++", "random"}, "initialisation"),
      ParamSpec::boolean("verbose", false, "talk"),
      ParamSpec::real("eps", 0.5, "radius").greater_than(0).allow_none(),
      ParamSpec::seed(),
  };
  return t;
}

TEST(Spec, ParsesNamesKeysAndNestedSpecs) {
  auto s = parse_spec("  bag( base = kmeans(n_clusters=3, init='k-means++'), n=4 ,x='a b')");
  EXPECT_EQ(s.name, "bag");
  ASSERT_EQ(s.args.size(), 3u);
  EXPECT_EQ(s.args[0].first, "base");
  EXPECT_EQ(s.args[0].second, "kmeans(n_clusters=3, init='k-means++')");
  EXPECT_EQ(s.args[1].second, "4");
  EXPECT_EQ(s.args[2].second, "a b");
  EXPECT_EQ(parse_spec("kmeans").args.size(), 0u);
  EXPECT_EQ(parse_spec("kmeans()").name, "kmeans");
  EXPECT_EQ(parse_spec("x(a=-1.5e-3)").args[0].second, "-1.5e-3");
}

TEST(Spec, RejectsMalformedText) {
  for (const char* bad : {"", "(", "kmeans(", "kmeans(n_clusters)", "kmeans(n_clusters=)",
                          "kmeans(a=1,a=2)", "kmeans(a=1) extra", "1abc", "k(a='x)"}) {
    EXPECT_THROW(parse_spec(bad), InvalidParameter) << bad;
  }
}

TEST(Params, DefaultsTypesAndAliases) {
  Params p(&table(), "kmeans");
  EXPECT_EQ(p.get_int("n_clusters"), 8);
  EXPECT_DOUBLE_EQ(p.get_double("tol"), 1e-4);
  p.set_text("random_state", "7");
  EXPECT_EQ(p.get_int("seed"), 7);
  p.set_text("n_clusters", "3.0");  // integral float accepted for an int
  EXPECT_EQ(p.get_int("n_clusters"), 3);
  p.set("tol", std::int64_t{1});  // int accepted for a float
  EXPECT_DOUBLE_EQ(p.get_double("tol"), 1.0);
  p.set_text("eps", "none");
  EXPECT_TRUE(p.is_none("eps"));
  EXPECT_EQ(p.to_spec(), "kmeans(n_clusters=3, tol=1, eps=none, seed=7)");
}

TEST(Params, ErrorsNameTheValueAndTheChoices) {
  Params p(&table(), "kmeans");
  auto message = [&](auto fn) {
    try {
      fn();
    } catch (const InvalidParameter& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  auto m1 = message([&] { p.set_text("n_cluster", "3"); });
  EXPECT_NE(m1.find("unknown parameter 'n_cluster'"), std::string::npos) << m1;
  EXPECT_NE(m1.find("n_clusters, tol, init"), std::string::npos) << m1;
  auto m2 = message([&] { p.set_text("n_clusters", "0"); });
  EXPECT_NE(m2.find("[1, inf)"), std::string::npos) << m2;
  EXPECT_NE(m2.find("got 0"), std::string::npos) << m2;
  auto m3 = message([&] { p.set_text("init", "kmeans"); });
  EXPECT_NE(m3.find("{k-means++, random}"), std::string::npos) << m3;
  EXPECT_NE(message([&] { p.set_text("n_clusters", "2.5"); }), "no error");
  EXPECT_NE(message([&] { p.set_text("tol", "abc"); }), "no error");
  EXPECT_NE(message([&] { p.set_text("tol", "nan"); }), "no error");
  EXPECT_NE(message([&] { p.set_text("eps", "0"); }), "no error");
  EXPECT_NE(message([&] { p.set_text("verbose", "maybe"); }), "no error");
  EXPECT_NE(message([&] { p.set_text("tol", "none"); }), "no error");
}

TEST(Params, FormatValueReadsBack) {
  for (double v : {0.1, 1e-4, 3.0, 123456.789, 1e300, -2.5e-7}) {
    const std::string text = format_value(v);
    ParamSpec s = ParamSpec::real("v", 0, "");
    EXPECT_EQ(std::get<double>(s.parse(text, "t")), v) << text;
  }
  EXPECT_EQ(format_value(std::string("k-means++")), "k-means++");
  EXPECT_EQ(format_value(std::string("a b")), "'a b'");
  EXPECT_EQ(format_value(std::string("kmeans(n_clusters=3)")), "kmeans(n_clusters=3)");
}

}  // namespace
}  // namespace metaul
