#include "metaul/registry.h"

#include <algorithm>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/spec.h"

namespace metaul {

void Registry::add(EstimatorInfo info) {
  for (const auto& e : entries_) {
    if (e.family == info.family && e.name == info.name) {
      throw InvalidParameter(fmt::format("registry: '{}' is already registered as a {} estimator",
                                         info.name, to_string(info.family)));
    }
  }
  entries_.push_back(std::move(info));
}

const EstimatorInfo& Registry::info(Family family, std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.family == family && e.name == name) return e;
  }
  std::string names;
  for (const auto* e : list(family)) names += (names.empty() ? "" : ", ") + e->name;
  throw InvalidParameter(fmt::format("unknown {} algorithm '{}'; valid algorithms: {}",
                                     to_string(family), name, names.empty() ? "(none)" : names));
}

std::vector<const EstimatorInfo*> Registry::list(std::optional<Family> family) const {
  std::vector<const EstimatorInfo*> out;
  for (const auto& e : entries_) {
    if (!family || e.family == *family) out.push_back(&e);
  }
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    return std::tie(a->family, a->name) < std::tie(b->family, b->name);
  });
  return out;
}

std::unique_ptr<Estimator> Registry::make(Family family, std::string_view spec) const {
  const ParsedSpec parsed = parse_spec(spec);
  auto estimator = info(family, parsed.name).make();
  for (const auto& [key, value] : parsed.args) estimator->set_param_text(key, value);
  return estimator;
}

std::unique_ptr<Clusterer> Registry::make_clusterer(std::string_view spec) const {
  return std::unique_ptr<Clusterer>(static_cast<Clusterer*>(make(Family::Cluster, spec).release()));
}

std::unique_ptr<Detector> Registry::make_detector(std::string_view spec) const {
  return std::unique_ptr<Detector>(static_cast<Detector*>(make(Family::Anomaly, spec).release()));
}

std::unique_ptr<Transformer> Registry::make_transformer(std::string_view spec) const {
  return std::unique_ptr<Transformer>(
      static_cast<Transformer*>(make(Family::Transform, spec).release()));
}

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    register_builtins(r);
    return r;
  }();
  return registry;
}

std::unique_ptr<Clusterer> make_clusterer(std::string_view spec) {
  return builtin_registry().make_clusterer(spec);
}
std::unique_ptr<Detector> make_detector(std::string_view spec) {
  return builtin_registry().make_detector(spec);
}
std::unique_ptr<Transformer> make_transformer(std::string_view spec) {
  return builtin_registry().make_transformer(spec);
}

}  // namespace metaul
