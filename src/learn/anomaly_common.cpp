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

}  // namespace metaul::anomaly_detail
