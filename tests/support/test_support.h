#pragma once
// Helpers shared by the test suites: where the corpus and fixtures are, synthetic data, and
// running the CLI as a subprocess.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "metaul/core/matrix.h"

namespace metaul::testing {

/// The corpus folder: $METAUL_CORPUS, else <source>/../shared/data. When it is missing the
/// calling test is skipped, except under CI (CI=true), where it fails.
/// Returns an empty path when the test should skip (GTEST_SKIP in the caller).
std::filesystem::path corpus_dir();
/// True when running under CI=true.
bool under_ci();

/// tests/fixtures/<name> parsed as JSON.
nlohmann::json load_fixture(const std::string& name);
/// A JSON array of arrays as a Matrix.
Matrix matrix_from_json(const nlohmann::json& rows);

/// Isotropic Gaussian blobs: `k` centers drawn uniformly in [-10, 10]^d, `n` points split evenly,
/// standard deviation `stddev`. `labels` receives the true blob of every point.
Matrix make_blobs(Index n, Index d, int k, double stddev, std::uint64_t seed,
                  std::vector<int>* labels = nullptr);

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
/// Runs the built `metaul` binary with `args` (each passed as one argument, no shell), with
/// stdin from /dev/null.
CliResult run_cli(const std::vector<std::string>& args);

/// A fresh empty temporary directory, removed at the end of the test program.
std::filesystem::path temp_dir();
/// Writes `text` to `path`.
void write_file(const std::filesystem::path& path, const std::string& text);
/// Reads a whole file.
std::string read_file(const std::filesystem::path& path);

}  // namespace metaul::testing

/// Skips (or, under CI, fails) the current test when the corpus is absent.
#define METAUL_REQUIRE_CORPUS(dir)                                          \
  const std::filesystem::path dir = ::metaul::testing::corpus_dir();        \
  if (dir.empty()) {                                                        \
    if (::metaul::testing::under_ci()) FAIL() << "corpus missing under CI"; \
    GTEST_SKIP() << "corpus not found (set METAUL_CORPUS)";                 \
  }
