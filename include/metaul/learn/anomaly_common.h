#pragma once
/// @file anomaly_common.h
/// Small helpers shared by the anomaly detectors.

#include <string>

#include "metaul/core/matrix.h"

namespace metaul::anomaly_detail {

/// Checks rows to score: the fitted number of columns and finite values (0 rows allowed).
/// throws: InvalidInput `<op>: X has 3 columns but the detector was fitted on 5`.
void check_predict_input(MatrixView x, Index n_features, const std::string& op);

}  // namespace metaul::anomaly_detail
