#pragma once
/// @file params.h
/// Hyperparameters. Every estimator declares one table of `ParamSpec` (name, type, default,
/// range, aliases, doc); that single table drives validation, `get_params`/`set_params`, spec
/// strings, CLI help and the generated parameter docs (the LightGBM config.h idea).
///
/// Values are stored unchanged as given (after type coercion) and checked against the table
/// when set; an estimator reads them at `fit`.

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace metaul {

/// A hyperparameter value. `std::monostate` is "none" (for parameters that allow it).
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

enum class ParamType { Bool, Int, Float, Choice, String };

std::string_view to_string(ParamType type);

/// The canonical text of a value as it appears in a spec string: `none`, `true`/`false`,
/// integers in decimal, floats in the shortest form that reads back exactly, strings bare when
/// they are a bareword or a nested spec, otherwise single-quoted.
std::string format_value(const Value& value);

/// One hyperparameter's declaration.
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::Float;
  Value default_value;
  double min = -std::numeric_limits<double>::infinity();  ///< lower bound (numbers)
  double max = std::numeric_limits<double>::infinity();   ///< upper bound (numbers)
  bool min_exclusive = false;
  bool max_exclusive = false;
  bool nullable = false;             ///< accepts `none`
  std::vector<std::string> choices;  ///< allowed values of a Choice
  std::vector<std::string> aliases;  ///< alternative names, e.g. random_state for seed
  std::string doc;                   ///< one line

  static ParamSpec boolean(std::string name, bool def, std::string doc);
  static ParamSpec integer(std::string name, std::int64_t def, std::string doc);
  static ParamSpec real(std::string name, double def, std::string doc);
  static ParamSpec choice(std::string name, std::string def, std::vector<std::string> choices,
                          std::string doc);
  static ParamSpec text(std::string name, std::string def, std::string doc);
  /// The conventional `seed` parameter (alias `random_state`, integer ≥ 0, default 0).
  static ParamSpec seed();
  /// The conventional `contamination` of anomaly detectors (PyOD): expected outlier fraction,
  /// float in (0, 0.5], default 0.1; sets Detector::threshold.
  static ParamSpec contamination();

  ParamSpec& at_least(double lo);
  ParamSpec& greater_than(double lo);
  ParamSpec& at_most(double hi);
  ParamSpec& less_than(double hi);
  ParamSpec& alias(std::string name);
  /// Allows `none`; the default becomes none when `none_by_default`.
  ParamSpec& allow_none(bool none_by_default = false);

  /// Converts the text of a spec argument to a value of this parameter's type and checks it.
  /// `op` names the estimator in messages.  throws: InvalidParameter.
  Value parse(std::string_view text, std::string_view op) const;
  /// Coerces (int → float, integral float → int) and checks a value.  throws: InvalidParameter.
  Value check(Value value, std::string_view op) const;
  /// Human-readable range or choices, e.g. "[1, inf)" or "{lloyd, hamerly, elkan}".
  std::string describe_range() const;
  bool matches(std::string_view key) const;
};

using ParamTable = std::vector<ParamSpec>;

/// The current values of one estimator's parameters, keyed by a ParamTable.
class Params {
 public:
  Params() = default;
  Params(const ParamTable* table, std::string owner);

  const ParamTable& table() const { return *table_; }
  /// The declaration of `key` (a name or an alias).
  /// throws: InvalidParameter listing the valid names.
  const ParamSpec& spec(std::string_view key) const;
  void set(std::string_view key, Value value);
  void set_text(std::string_view key, std::string_view text);
  const Value& get(std::string_view key) const;

  bool is_none(std::string_view key) const;
  bool get_bool(std::string_view key) const;
  std::int64_t get_int(std::string_view key) const;
  /// Works for Int and Float parameters.
  double get_double(std::string_view key) const;
  const std::string& get_string(std::string_view key) const;
  bool is_default(std::string_view key) const;

  /// All values by canonical name, in table order.
  std::vector<std::pair<std::string, Value>> items() const;
  /// `owner(key=value, ...)` listing only non-default values, in table order.
  std::string to_spec() const;

 private:
  std::size_t index_of(std::string_view key) const;
  const ParamTable* table_ = nullptr;
  std::string owner_;
  std::vector<Value> values_;
};

}  // namespace metaul
