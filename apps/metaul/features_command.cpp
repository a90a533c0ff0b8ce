// metaul features DATA: print the label-free meta-features of a data set.
#include <algorithm>
#include <chrono>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "data_options.h"
#include "metaul/core/error.h"
#include "metaul/meta/metafeatures.h"

namespace metaul::cli {
namespace {

// The catalog as aligned text or as a Markdown table grouped by family.
std::string catalog_text(bool markdown) {
  const auto& catalog = meta::metafeature_catalog();
  std::string text;
  if (markdown) {
    std::string family;
    for (const auto& f : catalog) {
      if (f.family != family) {
        family = f.family;
        text += fmt::format("\n### {}\n\n| name | description |\n|---|---|\n", family);
      }
      std::string doc;  // '|' would end a table cell
      for (char ch : f.doc) doc += ch == '|' ? std::string("\\|") : std::string(1, ch);
      text += fmt::format("| `{}` | {} |\n", f.name, doc);
    }
    return text;
  }
  std::size_t width = 0;
  for (const auto& f : catalog) width = std::max(width, f.name.size());
  for (const auto& f : catalog) text += fmt::format("{:<{}}  {}\n", f.name, width, f.doc);
  return text;
}

}  // namespace

Command add_features_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    DataOptions data;
    bool json = false;
    bool catalog = false;
    bool markdown = false;
    meta::MetaFeatureOptions mf;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("features", "print the label-free meta-features of a data set");
  add_data_options(*cmd, opts->data);
  cmd->get_option("DATA")->required(false);
  cmd->add_flag("--json", opts->json,
                "print one JSON object (features, seconds, n_samples, n_features)");
  cmd->add_flag("--list,--catalog", opts->catalog,
                "print the catalog of meta-features with their descriptions (no DATA)");
  cmd->add_flag("--markdown", opts->markdown, "with --catalog: print a Markdown table");
  cmd->add_option("--max-rows-quadratic", opts->mf.max_rows_quadratic,
                  "rows sampled for distances, spectra and intrinsic dimension")
      ->check(CLI::Range(Index{2}, Index{1} << 40));
  cmd->add_option("--max-rows-landmark", opts->mf.max_rows_landmark,
                  "rows sampled for the landmark learners")
      ->check(CLI::Range(Index{2}, Index{1} << 40));
  return {cmd, [opts, &global] {
            if (opts->catalog) {
              std::cout << catalog_text(opts->markdown);
              return kOk;
            }
            if (opts->data.path.empty()) {
              throw InvalidParameter("features: DATA is required (or pass --catalog)");
            }
            const io::Dataset data = load_data(opts->data);
            Context ctx = make_context(global);
            meta::MetaFeatureOptions mf = opts->mf;
            mf.seed = global.seed;
            // Reference labels, if any, were split off by load_data and are not used.
            const auto start = std::chrono::steady_clock::now();
            const std::vector<double> values = meta::extract_metafeatures(data.x, ctx, mf);
            const double seconds = seconds_since(start);
            const auto& catalog = meta::metafeature_catalog();
            if (opts->json) {
              nlohmann::ordered_json features = nlohmann::ordered_json::object();
              for (std::size_t i = 0; i < catalog.size(); ++i)
                features[catalog[i].name] = values[i];
              const nlohmann::ordered_json result = {{"data", opts->data.path},
                                                     {"n_samples", data.x.rows()},
                                                     {"n_features", data.x.cols()},
                                                     {"seconds", seconds},
                                                     {"features", features}};
              std::cout << result.dump(2) << "\n";
              return kOk;
            }
            std::size_t width = 0;
            for (const auto& f : catalog) width = std::max(width, f.name.size());
            std::string text;
            for (std::size_t i = 0; i < catalog.size(); ++i) {
              text += fmt::format("{:<{}}  {:.10g}\n", catalog[i].name, width, values[i]);
            }
            std::cout << text;
            if (!global.quiet) {
              std::cerr << fmt::format("{} meta-features of {} x {} in {:.3f} s\n", values.size(),
                                       data.x.rows(), data.x.cols(), seconds);
            }
            return kOk;
          }};
}

}  // namespace metaul::cli
