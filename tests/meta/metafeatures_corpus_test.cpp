// Meta-features of every corpus table (cluster and anomaly), labels split off: all finite.
#include <algorithm>
#include <chrono>
#include <cmath>

#include <gtest/gtest.h>

#include "metaul/core/io.h"
#include "metaul/meta/metafeatures.h"
#include "support/test_support.h"

namespace metaul::meta {
namespace {

TEST(MetaFeaturesCorpus, EveryTableGivesFiniteFeatures) {
  METAUL_REQUIRE_CORPUS(corpus);
  Context ctx;
  ctx.threads = 2;
  std::vector<double> seconds;
  std::string slowest;
  double slowest_seconds = 0;
  for (const char* kind : {"cluster", "anomaly"}) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(corpus / kind)) {
      const std::string name = entry.path().filename().string();
      if (name.ends_with(".csv") || name.ends_with(".csv.gz")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    EXPECT_FALSE(files.empty()) << kind;
    for (const auto& path : files) {
      io::ReadOptions opt;
      opt.label_column = "label";
      const io::Dataset ds = io::read_dataset(path.string(), opt);
      const auto start = std::chrono::steady_clock::now();
      const std::vector<double> v = extract_metafeatures(ds.x, ctx);
      seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (seconds.back() > slowest_seconds) {
        slowest_seconds = seconds.back();
        slowest = path.filename().string();
      }
      ASSERT_EQ(v.size(), metafeature_catalog().size());
      for (std::size_t i = 0; i < v.size(); ++i) {
        EXPECT_TRUE(std::isfinite(v[i]))
            << path.filename() << ": " << metafeature_catalog()[i].name << " = " << v[i];
      }
      EXPECT_EQ(v[metafeature_index("simple.n_samples")], static_cast<double>(ds.x.rows()));
    }
  }
  std::sort(seconds.begin(), seconds.end());
  RecordProperty("tables", std::to_string(seconds.size()));
  RecordProperty("median_seconds", std::to_string(seconds[seconds.size() / 2]));
  RecordProperty("max_seconds", std::to_string(seconds.back()));
  RecordProperty("slowest", slowest);
}

}  // namespace
}  // namespace metaul::meta
