#include "metaul/core/matrix.h"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "metaul/core/error.h"

namespace metaul {

Matrix::Matrix(Index rows, Index cols, float fill)
    : data_(static_cast<std::size_t>(rows * cols), fill), rows_(rows), cols_(cols) {
  if (rows < 0 || cols < 0) {
    throw InvalidInput(fmt::format("Matrix: negative shape ({} x {})", rows, cols));
  }
}

Matrix::Matrix(Index rows, Index cols, std::vector<float> values)
    : data_(std::move(values)), rows_(rows), cols_(cols) {
  if (rows < 0 || cols < 0 || static_cast<Index>(data_.size()) != rows * cols) {
    throw InvalidInput(
        fmt::format("Matrix: {} values do not fill a {} x {} matrix", data_.size(), rows, cols));
  }
}

Matrix::Matrix(MatrixView view)
    : data_(view.data(), view.data() + view.size()), rows_(view.rows()), cols_(view.cols()) {}

void Matrix::resize(Index rows, Index cols) {
  data_.resize(static_cast<std::size_t>(rows * cols));
  rows_ = rows;
  cols_ = cols;
}

Matrix take_rows(MatrixView x, std::span<const Index> indices) {
  Matrix out(static_cast<Index>(indices.size()), x.cols());
  for (std::size_t r = 0; r < indices.size(); ++r) {
    const float* src = x.row(indices[r]);
    std::copy(src, src + x.cols(), out.row(static_cast<Index>(r)));
  }
  return out;
}

void check_input(MatrixView x, const char* op, Index min_rows) {
  if (x.cols() == 0) {
    throw InvalidInput(fmt::format("{}: input has no features (d = 0)", op));
  }
  if (x.rows() < min_rows) {
    throw InvalidInput(fmt::format("{}: n_samples ({}) < {} required", op, x.rows(), min_rows));
  }
  const float* p = x.data();
  const Index total = x.size();
  for (Index i = 0; i < total; ++i) {
    if (!std::isfinite(p[i])) {
      throw InvalidInput(fmt::format("{}: non-finite value ({}) at row {}, column {}", op, p[i],
                                     i / x.cols(), i % x.cols()));
    }
  }
}

}  // namespace metaul
