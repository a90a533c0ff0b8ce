#include "support/test_support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "metaul/core/synthetic.h"

namespace metaul::testing {

bool under_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

std::filesystem::path corpus_dir() {
  std::filesystem::path dir;
  if (const char* env = std::getenv("METAUL_CORPUS"); env && *env) {
    dir = env;
  } else {
    dir = std::filesystem::path(METAUL_SOURCE_DIR) / ".." / "shared" / "data";
  }
  if (!std::filesystem::exists(dir / "MANIFEST.tsv")) return {};
  return std::filesystem::weakly_canonical(dir);
}

nlohmann::json load_fixture(const std::string& name) {
  const auto path = std::filesystem::path(METAUL_SOURCE_DIR) / "tests" / "fixtures" / name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing fixture " + path.string());
  return nlohmann::json::parse(in);
}

Matrix matrix_from_json(const nlohmann::json& rows) {
  const Index n = static_cast<Index>(rows.size());
  const Index d = n ? static_cast<Index>(rows[0].size()) : 0;
  Matrix m(n, d);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) m(i, j) = rows[i][j].get<float>();
  }
  return m;
}

Matrix make_blobs(Index n, Index d, int k, double stddev, std::uint64_t seed,
                  std::vector<int>* labels) {
  LabelledData data = metaul::make_blobs(n, d, k, stddev, seed);
  if (labels) *labels = std::move(data.labels);
  return std::move(data.x);
}

CliResult run_cli(const std::vector<std::string>& args) {
  const auto dir = temp_dir();
  const auto out_path = dir / "stdout.txt";
  const auto err_path = dir / "stderr.txt";
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv;
    std::string binary = METAUL_CLI_PATH;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

std::filesystem::path temp_dir() {
  static const std::filesystem::path root = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "metaul_test_XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    std::filesystem::path p(tmpl);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(root, ec);
    });
    return p;
  }();
  static int counter = 0;
  auto dir = root / std::to_string(counter++);
  std::filesystem::create_directories(dir);
  return dir;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace metaul::testing
