#include "data_options.h"

#include <algorithm>
#include <iostream>

namespace metaul::cli {

void add_data_options(CLI::App& cmd, DataOptions& options) {
  cmd.add_option("DATA", options.path, "data file: .csv, .tsv, .csv.gz, .npy")->required();
  cmd.add_option("--label-column", options.label_column,
                 "column holding reference labels (split off; used only for evaluation)");
  cmd.add_option("--impute", options.impute, "missing or non-numeric cells: none (error) or median")
      ->check(CLI::IsMember({"none", "median"}));
  auto* header = cmd.add_flag("--header", options.header, "the first line is a header");
  cmd.add_flag("--no-header", options.no_header, "the first line is data")->excludes(header);
  cmd.add_flag("--comments", options.comments, "skip lines starting with '#'");
}

io::Dataset load_data(const DataOptions& options) {
  io::ReadOptions read;
  if (!options.label_column.empty()) read.label_column = options.label_column;
  read.impute = options.impute == "median" ? io::Impute::Median : io::Impute::None;
  read.header = options.header      ? io::Header::Present
                : options.no_header ? io::Header::Absent
                                    : io::Header::Auto;
  read.comments = options.comments;
  io::Dataset data = io::read_dataset(options.path, read);
  if (options.label_column.empty() &&
      std::find(data.columns.begin(), data.columns.end(), "label") != data.columns.end()) {
    std::cerr << "metaul: note: column 'label' is used as a feature; pass --label-column label "
                 "to treat it as reference labels\n";
  }
  if (data.imputed_cells > 0) {
    std::cerr << "metaul: note: imputed " << data.imputed_cells << " missing cell(s) by median\n";
  }
  return data;
}

}  // namespace metaul::cli
