// metaul generate blobs|moons: write a labelled synthetic data set as CSV.
#include <iostream>

#include "commands.h"
#include "metaul/core/io.h"
#include "metaul/core/synthetic.h"

namespace metaul::cli {

Command add_generate_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    std::string kind;
    Index n_samples = 1000;
    Index n_features = 2;
    int centers = 3;
    double cluster_std = 1.0;
    double noise = 0.05;
    std::string out;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("generate", "write a labelled synthetic data set (CSV)");
  cmd->add_option("KIND", opts->kind, "blobs or moons")
      ->required()
      ->check(CLI::IsMember({"blobs", "moons"}));
  cmd->add_option("--n-samples", opts->n_samples, "rows")->check(CLI::PositiveNumber);
  cmd->add_option("--n-features", opts->n_features, "columns (blobs)")->check(CLI::PositiveNumber);
  cmd->add_option("--centers", opts->centers, "number of blobs")->check(CLI::PositiveNumber);
  cmd->add_option("--cluster-std", opts->cluster_std, "blob standard deviation")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--noise", opts->noise, "moons noise")->check(CLI::NonNegativeNumber);
  cmd->add_option("--out", opts->out, "output CSV (features x0.., then label)")->required();
  return {cmd, [opts, &global] {
            const LabelledData data =
                opts->kind == "blobs" ? make_blobs(opts->n_samples, opts->n_features, opts->centers,
                                                   opts->cluster_std, global.seed)
                                      : make_moons(opts->n_samples, opts->noise, global.seed);
            // Features and the label side by side: the label becomes the last column.
            Matrix table(data.x.rows(), data.x.cols() + 1);
            std::vector<std::string> header;
            for (Index j = 0; j < data.x.cols(); ++j) header.push_back("x" + std::to_string(j));
            header.push_back("label");
            for (Index i = 0; i < data.x.rows(); ++i) {
              std::copy(data.x.row(i), data.x.row(i) + data.x.cols(), table.row(i));
              table(i, data.x.cols()) =
                  static_cast<float>(data.labels[static_cast<std::size_t>(i)]);
            }
            io::write_csv(opts->out, header, table);
            return kOk;
          }};
}

}  // namespace metaul::cli
