// metaul detect DATA --algo SPEC: score every row with one anomaly detector.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "data_options.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"

namespace metaul::cli {
namespace {

// Reference labels of an anomaly table must be 0 (inlier) or 1 (outlier).
void check_binary_labels(const std::vector<int>& labels) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] != 0 && labels[i] != 1) {
      throw InvalidInput(
          fmt::format("detect: reference labels must be 0 (inlier) or 1 (outlier); row {} has {}",
                      i, labels[i]));
    }
  }
}

// One `score,outlier` line per row (scores printed exactly).
std::string score_lines(const std::vector<double>& scores, const std::vector<int>& outlier) {
  std::string text;
  text.reserve(scores.size() * 24);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    text += fmt::format("{:.17g},{}\n", scores[i], outlier[i]);
  }
  return text;
}

}  // namespace

Command add_detect_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    DataOptions data;
    std::string algo;
    std::string out;
    double contamination = -1;
    int top = 0;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("detect", "score every row with one anomaly detector");
  add_data_options(*cmd, opts->data);
  cmd->add_option("--algo", opts->algo, "detector spec, e.g. 'iforest(n_estimators=200)'")
      ->required();
  cmd->add_option("--contamination", opts->contamination,
                  "expected outlier fraction in (0, 0.5]: sets the 0/1 threshold")
      ->check(CLI::Range(0.0, 0.5));
  cmd->add_option("--out", opts->out, "write 'score,outlier' per row to this CSV");
  cmd->add_option("--top", opts->top, "print the N most anomalous rows with their index")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--json", opts->json, "print one JSON object (algo, metrics, seconds, top)");
  return {cmd, [opts, &global] {
            auto detector = make_seeded<Detector>(Family::Anomaly, opts->algo, global);
            if (opts->contamination >= 0) {
              if (!detector->params().is_default("contamination")) {
                throw InvalidParameter(
                    "detect: contamination given both in --algo and --contamination");
              }
              detector->set_param("contamination", opts->contamination);
            }
            const io::Dataset data = load_data(opts->data);
            if (data.has_labels()) check_binary_labels(data.labels);
            Context ctx = make_context(global);
            const auto start = std::chrono::steady_clock::now();
            detector->fit(data.x, ctx);
            const double seconds = seconds_since(start);
            const std::vector<double>& scores = detector->training_scores();
            const std::vector<int> outlier = detector->training_predictions();

            nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
            if (data.has_labels()) {
              metrics["roc_auc"] = metrics::roc_auc(data.labels, scores);
              metrics["average_precision"] = metrics::average_precision(data.labels, scores);
              metrics["precision_at_n"] = metrics::precision_at_n(data.labels, scores);
            }
            if (!opts->out.empty()) {
              io::write_text_atomic(opts->out, "score,outlier\n" + score_lines(scores, outlier));
            }

            // The most anomalous rows first; ties keep the lower row index first.
            std::vector<std::size_t> order(scores.size());
            std::iota(order.begin(), order.end(), 0);
            const std::size_t top = std::min<std::size_t>(opts->top, order.size());
            std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top),
                              order.end(), [&](std::size_t a, std::size_t b) {
                                return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
                              });
            nlohmann::ordered_json top_rows = nlohmann::ordered_json::array();
            for (std::size_t r = 0; r < top; ++r) {
              top_rows.push_back({{"row", order[r]}, {"score", scores[order[r]]}});
            }
            const auto n_outliers = std::count(outlier.begin(), outlier.end(), 1);
            nlohmann::ordered_json result = {{"algo", detector->to_spec()},
                                             {"data", opts->data.path},
                                             {"n_samples", data.x.rows()},
                                             {"n_features", data.x.cols()},
                                             {"threshold", detector->threshold()},
                                             {"n_outliers", n_outliers},
                                             {"seconds", seconds},
                                             {"metrics", metrics},
                                             {"top", top_rows}};
            if (opts->json) {
              if (opts->out.empty()) result["scores"] = scores;
              std::cout << result.dump(2) << "\n";
              return kOk;
            }
            std::ostream& summary = opts->out.empty() ? std::cerr : std::cout;
            if (opts->out.empty()) std::cout << score_lines(scores, outlier);
            summary << fmt::format("{}: {} x {}, {} outliers above {:.6g}, {:.3f} s\n",
                                   detector->to_spec(), data.x.rows(), data.x.cols(), n_outliers,
                                   detector->threshold(), seconds);
            for (const auto& [name, value] : metrics.items()) {
              summary << fmt::format("  {:<18} {:.4f}\n", name, value.get<double>());
            }
            if (top > 0) summary << fmt::format("  {:>8}  {}\n", "row", "score");
            for (const auto& row : top_rows) {
              summary << fmt::format("  {:>8}  {:.6g}\n", row["row"].get<std::size_t>(),
                                     row["score"].get<double>());
            }
            return kOk;
          }};
}

}  // namespace metaul::cli
