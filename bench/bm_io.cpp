// Dataset reading speed: a 10,000 × 100 CSV (header, values written with %.7g like the corpus),
// the same data gzip-compressed, and as a float32 .npy.
//
// The files are generated once into $METAUL_BENCH_DIR (default: <tmp>/metaul_bm_io) and left
// there, so that bench/peer_io.py can read the very same files with NumPy. Generator: Rng(42),
// value(i, j) = 10 · normal() + j, row-major.

#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "metaul/core/io.h"
#include "metaul/core/rng.h"

namespace {

namespace fs = std::filesystem;

fs::path bench_dir() {
  const char* env = std::getenv("METAUL_BENCH_DIR");
  fs::path dir = env && *env ? fs::path(env) : fs::temp_directory_path() / "metaul_bm_io";
  fs::create_directories(dir);
  return dir;
}

struct Files {
  fs::path csv, gz, npy;
};

const Files& files(int n, int d) {
  static const Files f = [&] {
    const fs::path dir = bench_dir();
    Files out{dir / "bm_io.csv", dir / "bm_io.csv.gz", dir / "bm_io.npy"};
    metaul::Rng rng(42);
    std::vector<float> values(static_cast<std::size_t>(n) * d);
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < d; ++j) {
        values[static_cast<std::size_t>(i) * d + j] = static_cast<float>(10.0 * rng.normal() + j);
      }
    }
    std::string text;
    char buf[32];
    for (int j = 0; j < d; ++j) text += (j ? ",x" : "x") + std::to_string(j);
    text += '\n';
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < d; ++j) {
        std::snprintf(buf, sizeof buf, "%s%.7g", j ? "," : "",
                      static_cast<double>(values[static_cast<std::size_t>(i) * d + j]));
        text += buf;
      }
      text += '\n';
    }
    std::ofstream(out.csv, std::ios::binary) << text;
    gzFile g = gzopen(out.gz.c_str(), "wb6");
    gzwrite(g, text.data(), static_cast<unsigned>(text.size()));
    gzclose(g);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(n) +
                         ", " + std::to_string(d) + "), }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string npy = "\x93NUMPY\x01";
    npy += '\0';
    npy += static_cast<char>(header.size() & 0xff);
    npy += static_cast<char>(header.size() >> 8);
    npy += header;
    npy.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
    std::ofstream(out.npy, std::ios::binary) << npy;
    return out;
  }();
  return f;
}

void read_file(benchmark::State& state, const fs::path& path) {
  for (auto _ : state) {
    const metaul::io::Dataset d = metaul::io::read_dataset(path);
    benchmark::DoNotOptimize(d.x.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(fs::file_size(path)));
}

void BM_ReadCsv(benchmark::State& state) {
  read_file(state, files(static_cast<int>(state.range(0)), static_cast<int>(state.range(1))).csv);
}
void BM_ReadCsvGz(benchmark::State& state) {
  read_file(state, files(static_cast<int>(state.range(0)), static_cast<int>(state.range(1))).gz);
}
void BM_ReadNpy(benchmark::State& state) {
  read_file(state, files(static_cast<int>(state.range(0)), static_cast<int>(state.range(1))).npy);
}

BENCHMARK(BM_ReadCsv)->Args({10000, 100})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ReadCsvGz)->Args({10000, 100})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ReadNpy)->Args({10000, 100})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
