#pragma once
// Options shared by the subcommands that read a data set (--label-column, --impute, ...).

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "metaul/core/io.h"

namespace metaul::cli {

struct DataOptions {
  std::string path;
  std::string label_column;
  std::string impute = "none";
  bool header = false;
  bool no_header = false;
  bool comments = false;
};

/// Adds DATA (positional) and the reading options to `cmd`.
void add_data_options(CLI::App& cmd, DataOptions& options);
/// Reads the data set described by `options`; warns on stderr when a column named "label" is
/// about to be used as a feature.
io::Dataset load_data(const DataOptions& options);

}  // namespace metaul::cli
