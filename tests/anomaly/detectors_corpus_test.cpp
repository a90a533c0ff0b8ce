// Every registered detector, with its defaults, on every table of the anomaly corpus. Prints the
// table detector × mean ROC-AUC, mean average precision, failures and seconds, and writes it to
// detectors_corpus.tsv in the working directory.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/core/io.h"
#include "metaul/metrics/ranking.h"
#include "metaul/registry.h"
#include "support/test_support.h"

namespace metaul {
namespace {

struct Summary {
  double auc_sum = 0, ap_sum = 0, seconds = 0;
  int ok = 0, failed = 0;
  std::string first_error;
};

TEST(DetectorsCorpus, EveryDetectorOnEveryAnomalyTable) {
  METAUL_REQUIRE_CORPUS(corpus);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(corpus / "anomaly")) {
    if (entry.path().extension() == ".csv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 20u);
  std::vector<io::Dataset> tables;
  io::ReadOptions options;
  options.label_column = "label";
  for (const auto& f : files) tables.push_back(io::read_dataset(f, options));

  Context ctx;
  std::map<std::string, Summary> summary;
  for (const auto* info : builtin_registry().list(Family::Anomaly)) {
    Summary& s = summary[info->name];
    for (std::size_t t = 0; t < tables.size(); ++t) {
      auto detector = builtin_registry().make_detector(info->name);
      const auto start = std::chrono::steady_clock::now();
      try {
        detector->fit(tables[t].x, ctx);
        s.auc_sum += metrics::roc_auc(tables[t].labels, detector->training_scores());
        s.ap_sum += metrics::average_precision(tables[t].labels, detector->training_scores());
        ++s.ok;
      } catch (const Error& e) {
        // Recorded, not fatal: a detector may legitimately refuse a table (e.g. a covariance
        // that is singular). It must fail with a metaul::Error, never crash.
        ++s.failed;
        if (s.first_error.empty()) s.first_error = files[t].filename().string() + ": " + e.what();
      }
      s.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
  }
  std::ofstream out("detectors_corpus.tsv");
  out << "detector\tmean_roc_auc\tmean_ap\tok\tfailed\tseconds\n";
  std::printf("%-10s %8s %8s %4s %6s %8s\n", "detector", "ROC-AUC", "AP", "ok", "failed",
              "seconds");
  for (const auto& [name, s] : summary) {
    const double auc = s.ok ? s.auc_sum / s.ok : 0, ap = s.ok ? s.ap_sum / s.ok : 0;
    std::printf("%-10s %8.4f %8.4f %4d %6d %8.2f\n", name.c_str(), auc, ap, s.ok, s.failed,
                s.seconds);
    if (!s.first_error.empty()) std::printf("    first failure: %s\n", s.first_error.c_str());
    out << name << "\t" << auc << "\t" << ap << "\t" << s.ok << "\t" << s.failed << "\t"
        << s.seconds << "\n";
    // Every detector works on (nearly) every table and beats random ranking on average.
    EXPECT_LE(s.failed, static_cast<int>(tables.size()) / 10) << name << ": " << s.first_error;
    EXPECT_GT(auc, 0.6) << name;
  }
}

}  // namespace
}  // namespace metaul
