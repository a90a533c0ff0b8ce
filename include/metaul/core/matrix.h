#pragma once
/// @file matrix.h
/// The one data convention of metaul: a data set is an n × d matrix of `float`, stored
/// **row-major** and contiguous (row i occupies `data[i*d .. i*d + d)`). Samples are rows,
/// features are columns. Accumulations (sums, means, distances reduced over many rows) are done
/// in `double` by the algorithms that read these matrices.
///
/// `Matrix` owns its storage; `MatrixView` is a cheap non-owning view of one (or of any
/// contiguous row-major buffer), and is what every algorithm takes as input.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace metaul {

/// Signed index type for sizes and loops (OpenMP-friendly, like Eigen's Index).
using Index = std::int64_t;

/// Non-owning, read-only view of a row-major n × d float matrix.
class MatrixView {
 public:
  MatrixView() = default;
  /// requires: `data` points to at least rows*cols floats that outlive the view.
  MatrixView(const float* data, Index rows, Index cols) : data_(data), rows_(rows), cols_(cols) {}

  Index rows() const { return rows_; }
  Index cols() const { return cols_; }
  Index size() const { return rows_ * cols_; }
  bool empty() const { return rows_ == 0 || cols_ == 0; }
  const float* data() const { return data_; }
  /// Pointer to the first element of row i.
  const float* row(Index i) const { return data_ + i * cols_; }
  float operator()(Index i, Index j) const { return data_[i * cols_ + j]; }
  std::span<const float> row_span(Index i) const {
    return {data_ + i * cols_, static_cast<std::size_t>(cols_)};
  }
  /// View of rows [begin, end).
  MatrixView rows_range(Index begin, Index end) const {
    return {data_ + begin * cols_, end - begin, cols_};
  }

 private:
  const float* data_ = nullptr;
  Index rows_ = 0;
  Index cols_ = 0;
};

/// Owning row-major n × d float matrix (zero-initialised).
class Matrix {
 public:
  Matrix() = default;
  Matrix(Index rows, Index cols, float fill = 0.0f);
  /// Copies `values` (row-major, size rows*cols) into a new matrix.
  Matrix(Index rows, Index cols, std::vector<float> values);
  /// A deep copy of a view.
  explicit Matrix(MatrixView view);

  Index rows() const { return rows_; }
  Index cols() const { return cols_; }
  Index size() const { return rows_ * cols_; }
  bool empty() const { return rows_ == 0 || cols_ == 0; }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  float* row(Index i) { return data_.data() + i * cols_; }
  const float* row(Index i) const { return data_.data() + i * cols_; }
  float& operator()(Index i, Index j) { return data_[static_cast<std::size_t>(i * cols_ + j)]; }
  float operator()(Index i, Index j) const {
    return data_[static_cast<std::size_t>(i * cols_ + j)];
  }
  MatrixView view() const { return {data_.data(), rows_, cols_}; }
  operator MatrixView() const { return view(); }  // NOLINT: implicit by design
  /// Resizes to rows × cols; contents become unspecified (zero for new elements).
  void resize(Index rows, Index cols);
  /// The underlying row-major storage.
  const std::vector<float>& values() const { return data_; }

 private:
  std::vector<float> data_;
  Index rows_ = 0;
  Index cols_ = 0;
};

/// A copy of the rows of `x` listed in `indices` (in that order).
Matrix take_rows(MatrixView x, std::span<const Index> indices);

/// Checks that `x` is usable as estimator input: at least `min_rows` rows, at least one column,
/// and every value finite. `op` names the operation in the message, e.g. "kmeans.fit".
/// throws: InvalidInput naming the first offending row and column.
void check_input(MatrixView x, const char* op, Index min_rows = 1);

}  // namespace metaul
