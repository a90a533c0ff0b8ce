#pragma once
// Subcommand registration: each adds itself to the app and returns the function that runs it.

#include <functional>

#include <CLI/CLI.hpp>

#include "cli_common.h"

namespace metaul::cli {

using Runner = std::function<int()>;

/// A subcommand and the function that runs it once it has been parsed.
struct Command {
  CLI::App* app;
  Runner run;
};

Command add_list_command(CLI::App& app, const GlobalOptions& global);
Command add_cluster_command(CLI::App& app, const GlobalOptions& global);
Command add_detect_command(CLI::App& app, const GlobalOptions& global);
Command add_generate_command(CLI::App& app, const GlobalOptions& global);
Command add_features_command(CLI::App& app, const GlobalOptions& global);

}  // namespace metaul::cli
