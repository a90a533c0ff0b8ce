#include "metaul/learn/anomaly_common.h"

#include <fmt/format.h>

#include "metaul/core/error.h"

namespace metaul::anomaly_detail {

void check_predict_input(MatrixView x, Index n_features, const std::string& op) {
  if (x.cols() != n_features) {
    throw InvalidInput(fmt::format("{}: X has {} columns but the detector was fitted on {}", op,
                                   x.cols(), n_features));
  }
  if (x.rows() > 0) check_input(x, op.c_str(), 1);
}

TrainingNeighbors fit_training_neighbors(MatrixView x, Index n_neighbors,
                                         const std::string& algorithm, const Context& ctx,
                                         const std::string& op, bool exclude_self) {
  check_input(x, op.c_str(), 1);
  if (n_neighbors >= x.rows()) {
    throw InvalidInput(
        fmt::format("{}: n_neighbors ({}) >= n_samples ({})", op, n_neighbors, x.rows()));
  }
  TrainingNeighbors out;
  out.train = std::make_shared<const Matrix>(x);
  auto index = make_knn_index(algorithm, x.rows(), x.cols());
  index->build(out.train->view(), ctx);
  QueryOptions options;
  options.exclude_self = exclude_self;
  out.neighbors = index->query(out.train->view(), n_neighbors, ctx, options);
  out.index = std::move(index);
  return out;
}

}  // namespace metaul::anomaly_detail
