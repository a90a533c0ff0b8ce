#pragma once
/// @file eif.h
/// Extended isolation forest (Hariri, Carrasco Kind & Brunner 2019, "Extended Isolation
/// Forest", IEEE TKDE), following the authors' `eif` package.
///
/// Spec: `eif(n_estimators=100, max_samples=256, extension_level=none, contamination=0.1,
/// seed=0)`.
/// - Trees are grown on ψ = min(max_samples, n) rows drawn without replacement, to depth
///   ⌈log2 ψ⌉ or until a node holds ≤ 1 row.
/// - A node cuts with a random hyperplane: a normal vector with extension_level + 1 non-zero
///   standard-normal entries at random coordinates (none = d − 1: fully extended), through a
///   point p drawn uniformly in the bounding box of the node's rows; rows with (x − p)·n < 0
///   go left. extension_level = 0 gives axis-parallel cuts on a uniformly chosen coordinate
///   (like iforest, except that a coordinate constant in the node is not skipped).
/// - Path length and score as in iforest: s(x) = 2^(−E[depth + c(m)] / c(ψ)), higher = more
///   anomalous.
/// Complexity: fit O(T ψ log ψ · k), score O(n T log ψ · k), k = extension_level + 1.
/// Determinism: tree t uses Rng(seed).split(t); per-row sums over trees in order.

#include <cstdint>
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class ExtendedIsolationForest : public EstimatorImpl<ExtendedIsolationForest, Detector> {
 public:
  static constexpr std::string_view kName = "eif";
  static const ParamTable& param_specs();

  /// requires: X finite, n ≥ 1, extension_level ≤ d − 1.  throws: InvalidInput.
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

 private:
  struct Tree {
    // Node i: internal when left[i] ≥ 0 (children left[i], left[i] + 1), with its normal's
    // non-zeros at [start[i], start[i] + k) of coord/weight and offset[i] = n·p; a leaf holds
    // its path length in offset[i].
    std::vector<std::int32_t> left;
    std::vector<std::int32_t> start;
    std::vector<double> offset;
    std::vector<std::int32_t> coord;
    std::vector<double> weight;
  };
  std::vector<Tree> trees_;
  Index n_features_ = 0;
  int psi_ = 0;
  int k_ = 1;
};

}  // namespace metaul
