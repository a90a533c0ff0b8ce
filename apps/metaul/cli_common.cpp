#include "cli_common.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/spec.h"
#include "metaul/registry.h"

namespace metaul::cli {

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("--threads", options.threads, "threads for OpenMP and BLAS (0 = all cores)")
      ->check(CLI::NonNegativeNumber);
  app.add_option_function<std::uint64_t>(
         "--seed",
         [&options](const std::uint64_t& s) {
           options.seed = s;
           options.seed_given = true;
         },
         "seed for randomised algorithms whose spec sets none")
      ->type_name("UINT");
  app.add_flag("--quiet,-q", options.quiet, "no progress output");
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

Context make_context(const GlobalOptions& options) {
  Context ctx;
  ctx.threads = options.threads;
  ctx.seed = options.seed;
  if (!options.quiet && stderr_is_terminal()) {
    // Redraws at most ~10 times a second; clears the line when a stage completes.
    struct State {
      std::chrono::steady_clock::time_point last{};
      std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    };
    auto state = std::make_shared<State>();
    ctx.progress = [state](std::string_view stage, std::int64_t done, std::int64_t total) {
      const auto now = std::chrono::steady_clock::now();
      if (done < total && now - state->last < std::chrono::milliseconds(100)) return true;
      state->last = now;
      const double elapsed = std::chrono::duration<double>(now - state->start).count();
      const double frac = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0;
      const double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
      const int width = 30;
      const int filled = static_cast<int>(frac * width);
      std::string bar(static_cast<std::size_t>(filled), '#');
      bar.resize(width, '.');
      std::fprintf(stderr, "\r%-.*s [%s] %lld/%lld  ETA %.0fs ", static_cast<int>(stage.size()),
                   stage.data(), bar.c_str(), static_cast<long long>(done),
                   static_cast<long long>(total), eta);
      if (done >= total) std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
      return true;
    };
  }
  return ctx;
}

std::unique_ptr<Estimator> make_seeded_estimator(Family family, const std::string& spec,
                                                 const GlobalOptions& global) {
  auto estimator = builtin_registry().make(family, spec);
  if (global.seed_given && estimator->has_param("seed")) {
    const ParsedSpec parsed = parse_spec(spec);
    const bool explicit_seed = std::any_of(parsed.args.begin(), parsed.args.end(), [&](auto& kv) {
      return estimator->params().spec(kv.first).name == "seed";
    });
    if (!explicit_seed) estimator->set_param("seed", static_cast<std::int64_t>(global.seed));
  }
  return estimator;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int run_guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const InvalidParameter& e) {
    std::cerr << "metaul: error: " << e.what() << "\n";
    return kUsageError;
  } catch (const Error& e) {
    std::cerr << "metaul: error: " << e.what() << "\n";
    return kRuntimeError;
  } catch (const std::bad_alloc&) {
    std::cerr << "metaul: error: out of memory\n";
    return kRuntimeError;
  } catch (const std::exception& e) {
    std::cerr << "metaul: error: " << e.what() << "\n";
    return kRuntimeError;
  }
}

}  // namespace metaul::cli
