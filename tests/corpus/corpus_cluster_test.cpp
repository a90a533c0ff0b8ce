// Every clustering table of the corpus loads, and k-means with the reference number of clusters
// runs on it; the mean ARI per battery is printed (and written to corpus_kmeans_ari.tsv in the
// working directory) for the record.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "metaul/core/io.h"
#include "metaul/metrics/clustering.h"
#include "metaul/registry.h"
#include "support/test_support.h"

namespace metaul {
namespace {

struct ManifestRow {
  std::string name, family, path;
  Index n = 0, d = 0;
};

std::vector<ManifestRow> read_manifest(const std::filesystem::path& dir) {
  std::ifstream in(dir / "MANIFEST.tsv");
  std::string line;
  std::getline(in, line);  // header
  std::vector<ManifestRow> rows;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    ManifestRow r;
    std::string n, d;
    std::getline(ss, r.name, '\t');
    std::getline(ss, r.family, '\t');
    std::getline(ss, r.path, '\t');
    std::getline(ss, n, '\t');
    std::getline(ss, d, '\t');
    r.n = std::stoll(n);
    r.d = std::stoll(d);
    rows.push_back(r);
  }
  return rows;
}

// "gagolews_sipu_a1" -> "gagolews_sipu"; "sklearn_iris" -> "sklearn".
std::string battery_of(const std::string& name) {
  if (name.rfind("sklearn_", 0) == 0) return "sklearn";
  const auto first = name.find('_');
  const auto second = name.find('_', first + 1);
  return name.substr(0, second);
}

TEST(CorpusCluster, KMeansWithReferenceKOnEveryTable) {
  METAUL_REQUIRE_CORPUS(dir);
  std::map<std::string, std::vector<double>> ari_by_battery;
  std::vector<double> all;
  std::map<std::string, double> ari_by_name;
  Context ctx;
  int tables = 0;
  for (const auto& row : read_manifest(dir)) {
    if (row.family != "cluster") continue;
    ++tables;
    SCOPED_TRACE(row.name);
    io::ReadOptions options;
    options.label_column = "label";
    const io::Dataset data = io::read_dataset(dir / row.path, options);
    ASSERT_EQ(data.x.rows(), row.n);
    ASSERT_EQ(data.x.cols(), row.d);
    std::set<int> classes(data.labels.begin(), data.labels.end());
    classes.erase(-1);
    ASSERT_GE(classes.size(), 1u);
    auto km = make_clusterer("kmeans(n_clusters=" + std::to_string(classes.size()) + ", n_init=3)");
    km->fit(data.x, ctx);
    const double ari = metrics::adjusted_rand_index(data.labels, km->labels());
    EXPECT_TRUE(std::isfinite(ari));
    ari_by_battery[battery_of(row.name)].push_back(ari);
    all.push_back(ari);
    ari_by_name[row.name] = ari;
  }
  ASSERT_GT(tables, 100) << "the clustering corpus looks incomplete";
  std::ofstream out("corpus_kmeans_ari.tsv");
  out << "battery\ttables\tmean_ari\n";
  std::printf("%-18s %6s %9s\n", "battery", "tables", "mean ARI");
  for (const auto& [battery, values] : ari_by_battery) {
    double mean = 0;
    for (double v : values) mean += v / static_cast<double>(values.size());
    std::printf("%-18s %6zu %9.3f\n", battery.c_str(), values.size(), mean);
    out << battery << "\t" << values.size() << "\t" << mean << "\n";
  }
  double overall = 0;
  for (double v : all) overall += v / static_cast<double>(all.size());
  std::printf("%-18s %6zu %9.3f\n", "all", all.size(), overall);
  // k-means with the true k is far better than chance on these benchmark batteries.
  EXPECT_GT(overall, 0.4);
  // Fisher's iris: k-means with k = 3 is known to reach an ARI of about 0.73.
  EXPECT_GT(ari_by_name["sklearn_iris"], 0.6);
}

}  // namespace
}  // namespace metaul
