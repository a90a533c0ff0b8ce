#pragma once
// Helpers of the hierarchical/spectral clusterer tests: a reference adjusted Rand index and a
// reader for the corpus CSV tables.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "metaul/core/matrix.h"

namespace metaul::testing {

/// Adjusted Rand index (Hubert & Arabie 1985) from the contingency table.
inline double adjusted_rand(const std::vector<int>& a, const std::vector<int>& b) {
  std::map<std::pair<int, int>, double> joint;
  std::map<int, double> rows, cols;
  for (std::size_t i = 0; i < a.size(); ++i) {
    joint[{a[i], b[i]}] += 1;
    rows[a[i]] += 1;
    cols[b[i]] += 1;
  }
  auto pairs = [](double c) { return c * (c - 1) / 2; };
  double sum_joint = 0, sum_rows = 0, sum_cols = 0;
  for (const auto& [key, c] : joint) sum_joint += pairs(c);
  for (const auto& [key, c] : rows) sum_rows += pairs(c);
  for (const auto& [key, c] : cols) sum_cols += pairs(c);
  const double expected = sum_rows * sum_cols / pairs(static_cast<double>(a.size()));
  const double max_index = (sum_rows + sum_cols) / 2;
  if (max_index == expected) return 1.0;
  return (sum_joint - expected) / (max_index - expected);
}

/// A corpus table (header line, numeric features, last column `label`).
inline Matrix read_labelled_csv(const std::filesystem::path& path, std::vector<int>& labels) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<float> values;
  Index cols = 0, rows = 0;
  labels.clear();
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string cell;
    std::vector<double> cells;
    while (std::getline(ss, cell, ',')) cells.push_back(std::stod(cell));
    cols = static_cast<Index>(cells.size()) - 1;
    for (Index j = 0; j < cols; ++j)
      values.push_back(static_cast<float>(cells[static_cast<std::size_t>(j)]));
    labels.push_back(static_cast<int>(cells.back()));
    ++rows;
  }
  return Matrix(rows, cols, std::move(values));
}

}  // namespace metaul::testing
