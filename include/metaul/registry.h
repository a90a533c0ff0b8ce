#pragma once
/// @file registry.h
/// The estimator registry: every estimator is made from a spec string
/// `name(key=value, ...)` (grammar in core/spec.h). Registration is explicit
/// (`register_builtins`), one line per estimator; there are no static-initialiser tricks.
///
/// Names are unique within a family; the same name may exist in two families (`pca` is a
/// transformer and, later, a detector), so `make_clusterer`/`make_detector`/`make_transformer`
/// say which one is meant. Unknown names and keys throw `InvalidParameter` listing the candidates.
/// `make(s)->to_spec()` is the canonical form of `s`, and `to_spec(make(to_spec(e))) ==
/// to_spec(e)`.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

struct EstimatorInfo {
  std::string name;
  Family family;
  std::string summary;  ///< one line: what it is, and its paper where there is one
  const ParamTable* params = nullptr;
  std::function<std::unique_ptr<Estimator>()> make;
};

class Registry {
 public:
  void add(EstimatorInfo info);
  /// Registers `T` (an EstimatorImpl) under T::kName with the given summary.
  template <class T>
  void add(std::string summary) {
    T probe;
    add(EstimatorInfo{std::string(T::kName), probe.family(), std::move(summary), &T::param_specs(),
                      [] { return std::make_unique<T>(); }});
  }

  /// The entry for `name` in `family`.  throws: InvalidParameter listing that family's names.
  const EstimatorInfo& info(Family family, std::string_view name) const;
  /// Every entry, optionally of one family, sorted by family then name.
  std::vector<const EstimatorInfo*> list(std::optional<Family> family = std::nullopt) const;

  /// Builds an estimator of `family` from a spec.  throws: InvalidParameter.
  std::unique_ptr<Estimator> make(Family family, std::string_view spec) const;
  std::unique_ptr<Clusterer> make_clusterer(std::string_view spec) const;
  std::unique_ptr<Detector> make_detector(std::string_view spec) const;
  std::unique_ptr<Transformer> make_transformer(std::string_view spec) const;

 private:
  std::vector<EstimatorInfo> entries_;
};

/// Adds every estimator that ships with metaul.
void register_builtins(Registry& registry);

/// The registry holding the built-in estimators (built once, immutable afterwards).
const Registry& builtin_registry();

/// Shorthands on the built-in registry.
std::unique_ptr<Clusterer> make_clusterer(std::string_view spec);
std::unique_ptr<Detector> make_detector(std::string_view spec);
std::unique_ptr<Transformer> make_transformer(std::string_view spec);

}  // namespace metaul
