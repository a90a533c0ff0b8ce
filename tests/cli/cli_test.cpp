// The command-line tool, run as a subprocess: outputs, exit codes and error lines.
#include <cmath>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace metaul::testing {
namespace {

std::string blobs_csv(const std::filesystem::path& dir) {
  const auto path = (dir / "blobs.csv").string();
  auto r = run_cli({"generate", "blobs", "--n-samples", "300", "--n-features", "3", "--centers",
                    "3", "--cluster-std", "0.5", "--out", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

// The stderr of a failed run is one line starting with "metaul: error:".
void expect_one_error_line(const CliResult& r, const std::string& needle) {
  EXPECT_EQ(r.err.rfind("metaul: error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << "missing '" << needle << "' in: " << r.err;
}

TEST(Cli, VersionAndHelp) {
  auto r = run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("metaul"), std::string::npos);
  r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* sub : {"list", "cluster", "generate"}) {
    EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
  }
  for (const char* sub : {"list", "cluster", "generate"}) {
    r = run_cli({sub, "--help"});
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_cli({"--bogus"}).exit_code, 2);
  EXPECT_EQ(run_cli({}).exit_code, 2);
  EXPECT_EQ(run_cli({"cluster"}).exit_code, 2);
  EXPECT_EQ(run_cli({"list", "--family", "nope"}).exit_code, 2);
}

TEST(Cli, ListJsonDescribesEveryParameter) {
  auto r = run_cli({"list", "--family", "cluster", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  bool kmeans = false;
  for (const auto& e : j) {
    EXPECT_EQ(e["family"], "cluster");
    if (e["name"] == "kmeans") {
      kmeans = true;
      bool seed = false;
      for (const auto& p : e["params"]) {
        EXPECT_FALSE(p["doc"].get<std::string>().empty());
        if (p["name"] == "seed") {
          seed = true;
          EXPECT_EQ(p["aliases"][0], "random_state");
        }
      }
      EXPECT_TRUE(seed);
    }
  }
  EXPECT_TRUE(kmeans);
  r = run_cli({"list"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("n_clusters"), std::string::npos);
}

TEST(Cli, ClusterJsonReportsMetrics) {
  const auto dir = temp_dir();
  const auto data = blobs_csv(dir);
  auto r = run_cli(
      {"cluster", data, "--algo", "kmeans(n_clusters=3)", "--label-column", "label", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["algo"], "kmeans(n_clusters=3)");
  EXPECT_EQ(j["n_clusters_found"], 3);
  EXPECT_GE(j["seconds"].get<double>(), 0.0);
  EXPECT_NEAR(j["metrics"]["ari"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(j["metrics"]["ami"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(j["metrics"]["nca"].get<double>(), 1.0, 1e-12);
  EXPECT_EQ(j["labels"].size(), 300u);
}

TEST(Cli, ClusterWritesOneLabelPerRow) {
  const auto dir = temp_dir();
  const auto data = blobs_csv(dir);
  const auto out = dir / "labels.csv";
  auto r = run_cli({"cluster", data, "--algo", "kmeans(n_clusters=3)", "--label-column", "label",
                    "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = read_file(out);
  EXPECT_EQ(text.rfind("label\n", 0), 0u);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 301);
  EXPECT_NE(r.out.find("ari"), std::string::npos) << r.out;
  // Without --out the labels go to stdout and the summary to stderr.
  r = run_cli({"cluster", data, "--algo", "kmeans(n_clusters=3)", "--label-column", "label"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 300);
  EXPECT_NE(r.err.find("ari"), std::string::npos);
}

TEST(Cli, ThreadsDoNotChangeTheResult) {
  const auto dir = temp_dir();
  const auto data = blobs_csv(dir);
  auto one = run_cli({"--threads", "1", "cluster", data, "--algo", "kmeans(n_clusters=4)"});
  auto two = run_cli({"--threads", "2", "cluster", data, "--algo", "kmeans(n_clusters=4)"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
}

struct BadInput {
  std::string name;
  std::string csv;  // file content; empty name means "no file"
  std::vector<std::string> extra;
  int exit_code;
  std::string needle;
};

void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, ClearErrorRightExitCodeNoOutputFile) {
  const auto& c = GetParam();
  const auto dir = temp_dir();
  const auto data = dir / "data.csv";
  write_file(data, c.csv);
  const auto out = dir / "out.csv";
  std::vector<std::string> args = {"cluster", data.string(), "--out", out.string()};
  args.insert(args.end(), c.extra.begin(), c.extra.end());
  if (std::find(args.begin(), args.end(), "--algo") == args.end()) {
    args.insert(args.end(), {"--algo", "kmeans(n_clusters=2)"});
  }
  auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
  if (c.exit_code == 0) {
    EXPECT_TRUE(std::filesystem::exists(out));
    return;
  }
  expect_one_error_line(r, c.needle);
  EXPECT_FALSE(std::filesystem::exists(out)) << "partial output left behind";
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            1)
      << "temporary files left behind";
}

const std::string kGood = "a,b,label\n1,2,0\n1.5,2.5,0\n8,9,1\n8.5,9.5,1\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, CliBadInput,
    ::testing::Values(
        BadInput{"empty_file", "", {}, 1, "empty"},
        BadInput{"header_only", "a,b,c\n", {}, 1, "no data"},
        BadInput{"ragged_row", "a,b\n1,2\n3\n4,5\n", {}, 1, "line 3"},
        BadInput{"non_numeric", "a,b\n1,2\n3,abc\n", {}, 1, "abc"},
        BadInput{"nan_cell", "a,b\n1,2\n3,nan\n4,5\n", {}, 1, "line 3"},
        BadInput{"inf_cell", "a,b\n1,2\n3,inf\n4,5\n", {}, 1, "line 3"},
        BadInput{"huge_value", "a,b\n1,2\n3,1e308\n4,5\n", {}, 1, "1e308"},
        BadInput{"one_row_too_few", "a,b\n1,2\n", {}, 1, "n_samples (1) < n_clusters (2)"},
        BadInput{"n_less_than_k",
                 kGood,
                 {"--label-column", "label", "--algo", "kmeans(n_clusters=5)"},
                 1,
                 "n_samples (4) < n_clusters (5)"},
        BadInput{"no_features",
                 "label\n0\n1\n0\n",
                 {"--label-column", "label"},
                 1,
                 "no feature columns"},
        BadInput{"missing_label_column", kGood, {"--label-column", "class"}, 1, "class"},
        BadInput{"k_zero", kGood, {"--algo", "kmeans(n_clusters=0)"}, 2, "n_clusters"},
        BadInput{"negative_eps", kGood, {"--algo", "dbscan(eps=-1)"}, 2, "eps"},
        BadInput{"unknown_algorithm", kGood, {"--algo", "kmeens()"}, 2, "kmeans"},
        BadInput{"bad_spec", kGood, {"--algo", "kmeans(n_clusters=)"}, 2, "position"},
        BadInput{"constant_column", "a,b\n1,5\n2,5\n8,5\n9,5\n", {}, 0, ""},
        BadInput{"duplicate_rows", "a,b\n1,1\n1,1\n1,1\n7,7\n7,7\n", {}, 0, ""},
        BadInput{"one_row_one_cluster", "a,b\n1,2\n", {"--algo", "kmeans(n_clusters=1)"}, 0, ""},
        BadInput{"impute_median", "a,b\n1,2\n3,NA\n4,5\n", {"--impute", "median"}, 0, ""}),
    [](const auto& info) { return info.param.name; });

TEST(Cli, MissingFileIsDataError) {
  auto r = run_cli({"cluster", "/nonexistent/data.csv", "--algo", "kmeans()"});
  EXPECT_EQ(r.exit_code, 1);
  expect_one_error_line(r, "/nonexistent/data.csv");
}

TEST(Cli, FailedRunKeepsAnExistingOutputFile) {
  const auto dir = temp_dir();
  const auto data = dir / "data.csv";
  write_file(data, kGood);
  const auto out = dir / "out.csv";
  write_file(out, "precious\n");
  auto r =
      run_cli({"cluster", data.string(), "--algo", "kmeans(n_clusters=9)", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(read_file(out), "precious\n");
}

}  // namespace
}  // namespace metaul::testing

namespace metaul::testing {
namespace {

// 200 inliers near the origin and 4 far outliers (rows 50, 100, 150, 199), label column last.
std::string planted_outliers_csv(const std::filesystem::path& dir) {
  std::string text = "a,b,label\n";
  for (int i = 0; i < 200; ++i) {
    const bool outlier = i == 50 || i == 100 || i == 150 || i == 199;
    const double a = outlier ? 40.0 + i / 10.0 : std::sin(i * 1.3) * 2;
    const double b = outlier ? -35.0 : std::cos(i * 0.7) * 2;
    text += std::to_string(a) + "," + std::to_string(b) + "," + (outlier ? "1" : "0") + "\n";
  }
  const auto path = dir / "planted.csv";
  write_file(path, text);
  return path.string();
}

TEST(CliDetect, JsonReportsRankingMetricsAndTopRows) {
  const auto dir = temp_dir();
  const auto data = planted_outliers_csv(dir);
  auto r = run_cli({"detect", data, "--algo", "iforest(seed=3)", "--label-column", "label",
                    "--contamination", "0.02", "--top", "4", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["algo"], "iforest(contamination=0.02, seed=3)");
  EXPECT_NEAR(j["metrics"]["roc_auc"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(j["metrics"]["average_precision"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(j["metrics"]["precision_at_n"].get<double>(), 1.0, 1e-12);
  EXPECT_EQ(j["n_outliers"], 4);
  std::set<int> top;
  for (const auto& row : j["top"]) top.insert(row["row"].get<int>());
  EXPECT_EQ(top, (std::set<int>{50, 100, 150, 199}));
  EXPECT_EQ(j["scores"].size(), 200u);
  EXPECT_GE(j["seconds"].get<double>(), 0.0);
}

TEST(CliDetect, WritesScoreAndPredictionPerRow) {
  const auto dir = temp_dir();
  const auto data = planted_outliers_csv(dir);
  const auto out = dir / "scores.csv";
  auto r = run_cli(
      {"detect", data, "--algo", "hbos()", "--label-column", "label", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = read_file(out);
  EXPECT_EQ(text.rfind("score,outlier\n", 0), 0u);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 201);
  EXPECT_NE(r.out.find("roc_auc"), std::string::npos);
}

TEST(CliDetect, ErrorsAreClear) {
  const auto dir = temp_dir();
  const auto data = planted_outliers_csv(dir);
  auto r = run_cli({"detect", data, "--algo", "iforest(contamination=0.2)", "--contamination",
                    "0.1", "--label-column", "label"});
  EXPECT_EQ(r.exit_code, 2);
  expect_one_error_line(r, "contamination");
  r = run_cli({"detect", data, "--algo", "iforest()", "--contamination", "0.7"});
  EXPECT_EQ(r.exit_code, 2);
  r = run_cli({"detect", data, "--algo", "kmeans()"});
  EXPECT_EQ(r.exit_code, 2);
  expect_one_error_line(r, "unknown anomaly algorithm 'kmeans'");
  const auto multi = dir / "multi.csv";
  write_file(multi, "a,label\n1,0\n2,3\n3,0\n");
  r = run_cli({"detect", multi.string(), "--algo", "iforest()", "--label-column", "label"});
  EXPECT_EQ(r.exit_code, 1);
  expect_one_error_line(r, "row 1 has 3");
}

}  // namespace
}  // namespace metaul::testing

namespace metaul::testing {
namespace {

TEST(CliDocs, EstimatorReferenceIsUpToDate) {
  auto r = run_cli({"list", "--markdown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("### `kmeans`"), std::string::npos);
  const auto committed = std::filesystem::path(METAUL_SOURCE_DIR) / "docs" / "estimators.md";
  EXPECT_EQ(read_file(committed), r.out)
      << "docs/estimators.md is stale: regenerate it with `make docs`";
}

}  // namespace
}  // namespace metaul::testing
