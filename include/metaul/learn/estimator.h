#pragma once
/// @file estimator.h
/// The three estimator interfaces, mirroring scikit-learn's contract:
/// - hyperparameters are stored unchanged (validated against the ParamTable when set) and read
///   at `fit`; learned state exists only after `fit`;
/// - `clone()` gives an unfitted copy with the same hyperparameters;
/// - `to_spec()` gives the canonical spec string, and `make(to_spec(e))` rebuilds `e`.
///
/// Data: row-major float32 n × d (see core/matrix.h). Inputs are checked at `fit`
/// (shape, NaN/Inf) and errors are thrown as `metaul::Error` subclasses.
///
/// Score sign: `Detector::score_samples` is **higher = more anomalous** everywhere in metaul
/// (PyOD/ADBench convention; the opposite of scikit-learn's `score_samples`).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metaul/core/context.h"
#include "metaul/core/matrix.h"
#include "metaul/core/params.h"

namespace metaul {

enum class Family { Cluster, Anomaly, Transform };
std::string_view to_string(Family family);
/// Parses "cluster", "anomaly" or "transform".  throws: InvalidParameter.
Family family_from_string(std::string_view text);

class Estimator {
 public:
  Estimator(std::string name, const ParamTable& table);
  virtual ~Estimator() = default;
  Estimator(const Estimator&) = default;
  Estimator& operator=(const Estimator&) = default;

  const std::string& name() const { return name_; }
  virtual Family family() const = 0;

  const ParamTable& param_table() const { return params_.table(); }
  const Params& params() const { return params_; }
  /// Sets one hyperparameter (name or alias); the estimator becomes unfitted.
  /// throws: InvalidParameter for an unknown key or a bad value.
  void set_param(std::string_view key, Value value);
  /// As set_param with the value given as spec text ("8", "k-means++", "none").
  void set_param_text(std::string_view key, std::string_view text);
  const Value& get_param(std::string_view key) const { return params_.get(key); }
  /// Canonical spec: `name(key=value, ...)` with the non-default values in table order.
  std::string to_spec() const { return params_.to_spec(); }
  /// An unfitted copy with the same hyperparameters.
  virtual std::unique_ptr<Estimator> clone() const = 0;

  bool fitted() const { return fitted_; }
  /// Whether the estimator has a `seed` parameter (is randomised).
  bool has_param(std::string_view key) const;

 protected:
  void set_fitted(bool fitted) { fitted_ = fitted; }
  /// throws: NotFitted("<name>.<op>: call fit first").
  void require_fitted(std::string_view op) const;
  /// "<name>.<op>" for messages.
  std::string op_name(std::string_view op) const { return name_ + "." + std::string(op); }
  void copy_params_from(const Estimator& other) { params_ = other.params_; }

  // Typed accessors for subclasses (reads of the current hyperparameters).
  bool p_bool(std::string_view key) const { return params_.get_bool(key); }
  std::int64_t p_int(std::string_view key) const { return params_.get_int(key); }
  double p_double(std::string_view key) const { return params_.get_double(key); }
  const std::string& p_string(std::string_view key) const { return params_.get_string(key); }
  bool p_none(std::string_view key) const { return params_.is_none(key); }

 private:
  std::string name_;
  Params params_;
  bool fitted_ = false;
};

/// Clustering: `fit` assigns one label per row; -1 marks noise (DBSCAN-style algorithms).
class Clusterer : public Estimator {
 public:
  using Estimator::Estimator;
  Family family() const override { return Family::Cluster; }

  /// Fits on X (n × d).  throws: InvalidInput, InvalidParameter.
  virtual void fit(MatrixView x, const Context& ctx) = 0;
  /// Labels of the training rows, in [−1, n_clusters).  throws: NotFitted.
  const std::vector<int>& labels() const;
  /// fit(x) then labels().
  std::vector<int> fit_predict(MatrixView x, const Context& ctx);
  /// Whether `predict` is defined for new data.
  virtual bool can_predict() const { return false; }
  /// Assigns new rows to the fitted clusters.  throws: NotSupported, NotFitted, InvalidInput.
  virtual std::vector<int> predict(MatrixView x, const Context& ctx) const;
  std::unique_ptr<Clusterer> clone_clusterer() const;

 protected:
  std::vector<int> labels_;
};

/// How `Detector::predict_proba` turns scores into outlier probabilities (PyOD's methods).
/// - Linear: min-max scaling against the training scores, clipped to [0, 1] (a constant training
///   score gives (s − min) clipped, as scikit-learn's MinMaxScaler with a zero range).
/// - Unify: Kriegel et al. 2011, "Interpreting and unifying outlier scores" (SDM):
///   max(0, erf((s − μ) / (σ√2))) with μ, σ the mean and population standard deviation of the
///   training scores (σ = 0: 1 above μ, else 0).
enum class ProbaMethod { Linear, Unify };
/// Parses "linear" or "unify".  throws: InvalidParameter.
ProbaMethod proba_method_from_string(std::string_view text);

/// Anomaly detection: `score_samples` is higher = more anomalous.
///
/// Thresholding follows PyOD: with `contamination` c (the detector's `contamination` parameter,
/// see ParamSpec::contamination; 0.1 for a detector without one), `threshold()` is the
/// (1 − c) quantile of the training scores with linear interpolation (numpy.percentile), and a
/// row is an outlier (1) when its score is strictly greater than the threshold, else 0.
class Detector : public Estimator {
 public:
  using Estimator::Estimator;
  Family family() const override { return Family::Anomaly; }

  virtual void fit(MatrixView x, const Context& ctx) = 0;
  /// Anomaly scores of the training rows (higher = more anomalous).  throws: NotFitted.
  const std::vector<double>& training_scores() const;
  /// Anomaly scores of new rows.  throws: NotFitted, NotSupported, InvalidInput.
  virtual std::vector<double> score_samples(MatrixView x, const Context& ctx) const = 0;
  std::unique_ptr<Detector> clone_detector() const;

  /// The contamination used for thresholding (the parameter, or 0.1 when there is none).
  double contamination() const;
  /// (1 − contamination) quantile of the training scores.  throws: NotFitted.  O(n).
  double threshold() const;
  /// 0/1 per training row (1 = score > threshold).  throws: NotFitted.
  std::vector<int> training_predictions() const;
  /// 0/1 per row of X (1 = outlier).  throws: as score_samples.
  std::vector<int> predict(MatrixView x, const Context& ctx) const;
  /// P(outlier) in [0, 1] per row of X.  throws: as score_samples.
  std::vector<double> predict_proba(MatrixView x, const Context& ctx,
                                    ProbaMethod method = ProbaMethod::Linear) const;

 protected:
  std::vector<double> training_scores_;
};

/// Feature transformation (scaling, projection).
class Transformer : public Estimator {
 public:
  using Estimator::Estimator;
  Family family() const override { return Family::Transform; }

  virtual void fit(MatrixView x, const Context& ctx) = 0;
  /// throws: NotFitted, InvalidInput (wrong number of columns).
  virtual Matrix transform(MatrixView x, const Context& ctx) const = 0;
  Matrix fit_transform(MatrixView x, const Context& ctx);
  std::unique_ptr<Transformer> clone_transformer() const;
};

/// CRTP helper that gives an estimator its name, its table and `clone()`.
/// `Derived` provides `static constexpr std::string_view kName` and
/// `static const ParamTable& param_specs()`.
template <class Derived, class Base>
class EstimatorImpl : public Base {
 public:
  EstimatorImpl() : Base(std::string(Derived::kName), Derived::param_specs()) {}
  std::unique_ptr<Estimator> clone() const override {
    auto copy = std::make_unique<Derived>();
    copy->copy_params_from(*this);
    return copy;
  }
};

}  // namespace metaul
