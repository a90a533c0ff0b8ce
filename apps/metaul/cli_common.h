#pragma once
// Pieces shared by the subcommands: global options, exit codes, progress on a terminal.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "metaul/core/context.h"
#include "metaul/learn/estimator.h"

namespace metaul::cli {

/// Exit codes: 0 ok, 1 data or runtime error, 2 usage error.
enum ExitCode : int { kOk = 0, kRuntimeError = 1, kUsageError = 2 };

/// Options every subcommand shares.
struct GlobalOptions {
  int threads = 0;
  std::uint64_t seed = 0;
  bool seed_given = false;
  bool quiet = false;
};

/// Adds --threads, --seed, --quiet to `app`.
void add_global_options(CLI::App& app, GlobalOptions& options);
/// A Context from the global options, with a progress bar on stderr when it is a terminal.
Context make_context(const GlobalOptions& options);
/// True when stderr is a terminal.
bool stderr_is_terminal();

/// Builds the estimator of `family` for `spec`, applying --seed when the estimator is randomised
/// and the spec sets no seed of its own.  throws: InvalidParameter.
std::unique_ptr<Estimator> make_seeded_estimator(Family family, const std::string& spec,
                                                 const GlobalOptions& global);
template <class T>
std::unique_ptr<T> make_seeded(Family family, const std::string& spec,
                               const GlobalOptions& global) {
  return std::unique_ptr<T>(static_cast<T*>(make_seeded_estimator(family, spec, global).release()));
}

/// Seconds elapsed since `start`.
double seconds_since(std::chrono::steady_clock::time_point start);

/// Runs `body`, mapping metaul exceptions to one line on stderr and an exit code
/// (InvalidParameter → 2, other metaul::Error and std::exception → 1).
int run_guarded(const std::function<int()>& body);

}  // namespace metaul::cli
