#include "metaul/learn/estimator.h"

#include <fmt/format.h>

#include "metaul/core/error.h"

namespace metaul {

std::string_view to_string(Family family) {
  switch (family) {
    case Family::Cluster: return "cluster";
    case Family::Anomaly: return "anomaly";
    case Family::Transform: return "transform";
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
  throw NotSupported(fmt::format("{}: not defined for this algorithm; use fit_predict",
                                 op_name("predict")));
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

Matrix Transformer::fit_transform(MatrixView x, const Context& ctx) {
  fit(x, ctx);
  return transform(x, ctx);
}

std::unique_ptr<Transformer> Transformer::clone_transformer() const {
  return std::unique_ptr<Transformer>(static_cast<Transformer*>(clone().release()));
}

}  // namespace metaul
