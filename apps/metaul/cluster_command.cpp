// metaul cluster DATA --algo SPEC: run one clustering configuration.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "data_options.h"
#include "metaul/core/error.h"
#include "metaul/metrics/clustering.h"
#include "metaul/registry.h"

namespace metaul::cli {

Command add_cluster_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    DataOptions data;
    std::string algo;
    std::string out;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("cluster", "cluster a data set with one algorithm");
  add_data_options(*cmd, opts->data);
  cmd->add_option("--algo", opts->algo, "clusterer spec, e.g. 'kmeans(n_clusters=3)' (metaul list)")
      ->required();
  cmd->add_option("--out", opts->out, "write one label per row to this CSV (column 'label')");
  cmd->add_flag("--json", opts->json, "print one JSON object (algo, labels, metrics, seconds)");
  return {cmd, [opts, &global] {
            // Validate the spec before reading any data, so a usage error stays cheap and clear.
            auto estimator = make_seeded<Clusterer>(Family::Cluster, opts->algo, global);
            const io::Dataset data = load_data(opts->data);
            Context ctx = make_context(global);
            const auto start = std::chrono::steady_clock::now();
            estimator->fit(data.x, ctx);
            const double seconds = seconds_since(start);
            const std::vector<int>& labels = estimator->labels();
            std::set<int> found(labels.begin(), labels.end());
            const Index noise = std::count(labels.begin(), labels.end(), -1);
            found.erase(-1);

            nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
            if (data.has_labels()) {
              const bool any_reference =
                  std::any_of(data.labels.begin(), data.labels.end(), [](int l) { return l >= 0; });
              if (any_reference) {
                metrics["ari"] = metrics::adjusted_rand_index(data.labels, labels);
                metrics["ami"] = metrics::adjusted_mutual_info(data.labels, labels);
                metrics["nca"] = metrics::normalized_clustering_accuracy(data.labels, labels);
              } else {
                std::cerr << "metaul: note: every reference label is -1 (noise); no metrics\n";
              }
            }
            if (!opts->out.empty()) io::write_column_csv(opts->out, "label", labels);

            nlohmann::ordered_json result = {{"algo", estimator->to_spec()},
                                             {"data", opts->data.path},
                                             {"n_samples", data.x.rows()},
                                             {"n_features", data.x.cols()},
                                             {"n_clusters_found", found.size()},
                                             {"n_noise", noise},
                                             {"seconds", seconds},
                                             {"metrics", metrics}};
            if (opts->json) {
              if (opts->out.empty()) result["labels"] = labels;
              std::cout << result.dump(2) << "\n";
              return kOk;
            }
            // Labels go to stdout unless --out took them; the summary then goes to stderr.
            std::ostream& summary = opts->out.empty() ? std::cerr : std::cout;
            if (opts->out.empty()) {
              std::string text;
              text.reserve(labels.size() * 3);
              for (int l : labels) text += std::to_string(l) + "\n";
              std::cout << text;
            }
            summary << fmt::format("{}: {} x {}, {} clusters{}, {:.3f} s\n", estimator->to_spec(),
                                   data.x.rows(), data.x.cols(), found.size(),
                                   noise ? fmt::format(" + {} noise points", noise) : "", seconds);
            for (const auto& [name, value] : metrics.items()) {
              summary << fmt::format("  {:<4} {:.4f}\n", name, value.get<double>());
            }
            return kOk;
          }};
}

}  // namespace metaul::cli
