#pragma once
/// @file iforest.h
/// Isolation forest (Liu, Ting & Zhou 2008, "Isolation Forest", ICDM), following
/// scikit-learn's IsolationForest.
///
/// Spec: `iforest(n_estimators=100, max_samples=256, max_features=1.0, bootstrap=false,
/// contamination=0.1, seed=0)`.
/// - Each tree is grown on ψ = min(max_samples, n) rows drawn without replacement (with
///   replacement when `bootstrap`); max_samples=256 capped at n is scikit-learn's "auto".
///   A tree sees max(1, ⌊max_features · d⌋) features drawn without replacement.
/// - A node splits on a feature drawn uniformly among those not constant in the node, at a
///   threshold uniform in [min, max) of that feature (x ≤ threshold goes left); nodes stop at
///   one row, when all features are constant, or at depth ⌈log2 ψ⌉.
/// - Path length of x in a tree: depth of its leaf + c(m), m = training rows in the leaf, with
///   c(m) = 2(ln(m − 1) + γ) − 2(m − 1)/m, c(2) = 1, c(≤ 1) = 0 (average unsuccessful search
///   length of a BST; scikit-learn's _average_path_length).
/// - Score: s(x) = 2^(−E[h(x)] / c(ψ)) in (0, 1], higher = more anomalous (the negative of
///   scikit-learn's score_samples).
/// Complexity: fit O(T ψ log ψ); scoring O(n T log ψ), parallel over fixed blocks of rows.
/// Determinism: tree t uses the stream Rng(seed).split(t); per-row sums run over trees in
/// order, so the output is identical for any thread count.

#include <cstdint>
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class IsolationForest : public EstimatorImpl<IsolationForest, Detector> {
 public:
  static constexpr std::string_view kName = "iforest";
  static const ParamTable& param_specs();

  /// requires: X finite, n ≥ 1.  throws: InvalidInput.
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

  /// Mean path length E[h(x)] per row (before normalisation).
  std::vector<double> mean_path_length(MatrixView x, const Context& ctx) const;
  int n_samples_per_tree() const { return psi_; }

  /// c(m) of the header.
  static double average_path_length(double m);

  /// One flattened tree: node i is internal when feature[i] ≥ 0 (children left[i] and
  /// left[i] + 1; x ≤ threshold goes left) and a leaf otherwise (value[i] = depth + c(m)).
  struct Tree {
    std::vector<std::int32_t> feature;
    std::vector<std::int32_t> left;
    std::vector<double> value;  ///< threshold (internal) or path length (leaf)
  };
  const std::vector<Tree>& trees() const { return trees_; }

 private:
  // Scoring layouts. Thresholds are stored as the largest float ≤ the double threshold, which
  // gives the same test on float inputs. A leaf above the maximum depth is extended down with
  // "always left" nodes (threshold +inf), so every row walks exactly `depth` steps without
  // branches and several rows can be walked in lock-step.
  // - complete (depth ≤ kCompleteDepth): heap order, children of c at 2c + 1 and 2c + 2;
  // - otherwise linked nodes, a leaf pointing to itself.
  struct Node {
    float threshold;
    std::int32_t feature;
    std::int32_t left;
  };
  struct Packed {
    int depth = 0;
    bool complete = false;
    std::vector<float> threshold;  // complete: 2^depth − 1 internal slots
    std::vector<std::int32_t> feature;
    std::vector<Node> nodes;   // linked
    std::vector<double> path;  // complete: 2^depth leaves; linked: per node
  };
  static constexpr int kCompleteDepth = 12;
  static Packed pack(const Tree& tree);
  std::vector<Tree> trees_;
  std::vector<Packed> packed_;
  Index n_features_ = 0;
  int psi_ = 0;
};

}  // namespace metaul
