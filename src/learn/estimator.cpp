#include "metaul/learn/estimator.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "metaul/core/error.h"

namespace metaul {

std::string_view to_string(Family family) {
  switch (family) {
    case Family::Cluster:
      return "cluster";
    case Family::Anomaly:
      return "anomaly";
    case Family::Transform:
      return "transform";
  }
  return "?";
}

Family family_from_string(std::string_view text) {
  if (text == "cluster") return Family::Cluster;
  if (text == "anomaly") return Family::Anomaly;
  if (text == "transform") return Family::Transform;
  throw InvalidParameter(
      fmt::format("unknown family '{}'; valid families: cluster, anomaly, transform", text));
}

Estimator::Estimator(std::string name, const ParamTable& table)
    : name_(std::move(name)), params_(&table, name_) {}

void Estimator::set_param(std::string_view key, Value value) {
  params_.set(key, std::move(value));
  fitted_ = false;
}

void Estimator::set_param_text(std::string_view key, std::string_view text) {
  params_.set_text(key, text);
  fitted_ = false;
}

bool Estimator::has_param(std::string_view key) const {
  for (const auto& p : params_.table()) {
    if (p.matches(key)) return true;
  }
  return false;
}

void Estimator::require_fitted(std::string_view op) const {
  if (!fitted_) throw NotFitted(fmt::format("{}: call fit first", op_name(op)));
}

const std::vector<int>& Clusterer::labels() const {
  require_fitted("labels");
  return labels_;
}

std::vector<int> Clusterer::fit_predict(MatrixView x, const Context& ctx) {
  fit(x, ctx);
  return labels();
}

std::vector<int> Clusterer::predict(MatrixView, const Context&) const {
  throw NotSupported(
      fmt::format("{}: not defined for this algorithm; use fit_predict", op_name("predict")));
}

std::unique_ptr<Clusterer> Clusterer::clone_clusterer() const {
  return std::unique_ptr<Clusterer>(static_cast<Clusterer*>(clone().release()));
}

const std::vector<double>& Detector::training_scores() const {
  require_fitted("training_scores");
  return training_scores_;
}

std::unique_ptr<Detector> Detector::clone_detector() const {
  return std::unique_ptr<Detector>(static_cast<Detector*>(clone().release()));
}

ProbaMethod proba_method_from_string(std::string_view text) {
  if (text == "linear") return ProbaMethod::Linear;
  if (text == "unify") return ProbaMethod::Unify;
  throw InvalidParameter(
      fmt::format("unknown probability method '{}'; valid methods: linear, unify", text));
}

double Detector::contamination() const {
  return has_param("contamination") ? p_double("contamination") : 0.1;
}

double Detector::threshold() const {
  require_fitted("threshold");
  std::vector<double> s = training_scores_;
  if (s.empty()) return 0.0;
  // numpy.percentile(s, 100 (1 - c)), method "linear": index q (n - 1) interpolated.
  const double q = (100.0 * (1.0 - contamination())) / 100.0;
  const double pos = q * static_cast<double>(s.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, s.size() - 1);
  std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(lo), s.end());
  const double a = s[lo];
  double b = a;
  if (hi != lo) b = *std::min_element(s.begin() + static_cast<std::ptrdiff_t>(lo) + 1, s.end());
  const double frac = pos - static_cast<double>(lo);
  // numpy's _lerp: a + (b - a) t, computed from the upper end when t >= 0.5.
  return frac >= 0.5 ? b - (b - a) * (1.0 - frac) : a + (b - a) * frac;
}

std::vector<int> Detector::training_predictions() const {
  const double t = threshold();
  std::vector<int> out(training_scores_.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = training_scores_[i] > t ? 1 : 0;
  return out;
}

std::vector<int> Detector::predict(MatrixView x, const Context& ctx) const {
  require_fitted("predict");
  const double t = threshold();
  const std::vector<double> s = score_samples(x, ctx);
  std::vector<int> out(s.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = s[i] > t ? 1 : 0;
  return out;
}

std::vector<double> Detector::predict_proba(MatrixView x, const Context& ctx,
                                            ProbaMethod method) const {
  require_fitted("predict_proba");
  std::vector<double> s = score_samples(x, ctx);
  const auto& train = training_scores_;
  if (train.empty()) return std::vector<double>(s.size(), 0.0);
  if (method == ProbaMethod::Linear) {
    const auto [mn, mx] = std::minmax_element(train.begin(), train.end());
    const double range = *mx - *mn;
    const double scale = range > 0 ? range : 1.0;
    for (double& v : s) v = std::clamp((v - *mn) / scale, 0.0, 1.0);
    return s;
  }
  double mean = 0;
  for (double v : train) mean += v;
  mean /= static_cast<double>(train.size());
  double var = 0;
  for (double v : train) var += (v - mean) * (v - mean);
  const double sigma = std::sqrt(var / static_cast<double>(train.size()));
  for (double& v : s) {
    if (sigma > 0) {
      v = std::max(0.0, std::erf((v - mean) / (sigma * std::sqrt(2.0))));
    } else {
      v = v > mean ? 1.0 : 0.0;
    }
  }
  return s;
}

Matrix Transformer::fit_transform(MatrixView x, const Context& ctx) {
  fit(x, ctx);
  return transform(x, ctx);
}

std::unique_ptr<Transformer> Transformer::clone_transformer() const {
  return std::unique_ptr<Transformer>(static_cast<Transformer*>(clone().release()));
}

}  // namespace metaul
