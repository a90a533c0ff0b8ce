// metaul command-line tool: a thin shell over the library.
#include <iostream>
#include <vector>

#include "cli_common.h"
#include "commands.h"

int main(int argc, char** argv) {
  using namespace metaul::cli;
  CLI::App app{"metaul: meta-unsupervised learning (clustering and anomaly detection)", "metaul"};
  app.set_version_flag("--version", std::string("metaul ") + METAUL_VERSION);
  app.require_subcommand(1);
  GlobalOptions global;
  add_global_options(app, global);

  const std::vector<Command> commands = {
      add_cluster_command(app, global),  add_detect_command(app, global),
      add_list_command(app, global),     add_generate_command(app, global),
      add_features_command(app, global),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kUsageError;
  }
  for (const auto& command : commands) {
    if (command.app->parsed()) return run_guarded(command.run);
  }
  return kUsageError;
}
