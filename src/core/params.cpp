#include "metaul/core/params.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/spec.h"

namespace metaul {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string format_double(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

bool is_bareword(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '+' ||
           c == '-';
  });
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view text) {
  if (text == "inf" || text == "+inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || std::isnan(v)) return std::nullopt;
  return v;
}

}  // namespace

std::string_view to_string(ParamType type) {
  switch (type) {
    case ParamType::Bool:
      return "bool";
    case ParamType::Int:
      return "int";
    case ParamType::Float:
      return "float";
    case ParamType::Choice:
      return "choice";
    case ParamType::String:
      return "string";
  }
  return "?";
}

std::string format_value(const Value& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "none"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return format_double(d); }
    std::string operator()(const std::string& s) const {
      if (is_bareword(s) || looks_like_spec(s)) return s;
      return "'" + s + "'";
    }
  };
  return std::visit(Visitor{}, value);
}

ParamSpec ParamSpec::boolean(std::string name, bool def, std::string doc) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Bool;
  p.default_value = def;
  p.doc = std::move(doc);
  return p;
}

ParamSpec ParamSpec::integer(std::string name, std::int64_t def, std::string doc) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Int;
  p.default_value = def;
  p.doc = std::move(doc);
  return p;
}

ParamSpec ParamSpec::real(std::string name, double def, std::string doc) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Float;
  p.default_value = def;
  p.doc = std::move(doc);
  return p;
}

ParamSpec ParamSpec::choice(std::string name, std::string def, std::vector<std::string> choices,
                            std::string doc) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Choice;
  p.default_value = std::move(def);
  p.choices = std::move(choices);
  p.doc = std::move(doc);
  return p;
}

ParamSpec ParamSpec::text(std::string name, std::string def, std::string doc) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::String;
  p.default_value = std::move(def);
  p.doc = std::move(doc);
  return p;
}

ParamSpec ParamSpec::seed() {
  return integer("seed", 0, "seed of the random number generator (same seed, same result)")
      .at_least(0)
      .alias("random_state");
}

ParamSpec ParamSpec::contamination() {
  return real("contamination", 0.1,
              "expected fraction of outliers; sets the threshold of predict (PyOD)")
      .greater_than(0)
      .at_most(0.5);
}

ParamSpec& ParamSpec::at_least(double lo) {
  min = lo;
  min_exclusive = false;
  return *this;
}
ParamSpec& ParamSpec::greater_than(double lo) {
  min = lo;
  min_exclusive = true;
  return *this;
}
ParamSpec& ParamSpec::at_most(double hi) {
  max = hi;
  max_exclusive = false;
  return *this;
}
ParamSpec& ParamSpec::less_than(double hi) {
  max = hi;
  max_exclusive = true;
  return *this;
}
ParamSpec& ParamSpec::alias(std::string a) {
  aliases.push_back(std::move(a));
  return *this;
}
ParamSpec& ParamSpec::allow_none(bool none_by_default) {
  nullable = true;
  if (none_by_default) default_value = std::monostate{};
  return *this;
}

bool ParamSpec::matches(std::string_view key) const {
  return key == name || std::find(aliases.begin(), aliases.end(), key) != aliases.end();
}

std::string ParamSpec::describe_range() const {
  std::string out;
  switch (type) {
    case ParamType::Bool:
      out = "{true, false}";
      break;
    case ParamType::Choice:
      out = "{" + join(choices) + "}";
      break;
    case ParamType::String:
      out = "text";
      break;
    case ParamType::Int:
    case ParamType::Float: {
      auto num = [&](double v) {
        return type == ParamType::Int && std::isfinite(v)
                   ? std::to_string(static_cast<std::int64_t>(v))
                   : format_double(v);
      };
      out = fmt::format("{}{}, {}{}", min_exclusive || std::isinf(min) ? "(" : "[", num(min),
                        num(max), max_exclusive || std::isinf(max) ? ")" : "]");
      break;
    }
  }
  if (nullable) out += " or none";
  return out;
}

Value ParamSpec::check(Value value, std::string_view op) const {
  auto bad_type = [&](std::string_view got) {
    return InvalidParameter(fmt::format("{}: parameter '{}' expects {} {}, got {}", op, name,
                                        to_string(type), describe_range(), got));
  };
  if (std::holds_alternative<std::monostate>(value)) {
    if (!nullable) throw bad_type("none");
    return value;
  }
  switch (type) {
    case ParamType::Bool:
      if (!std::holds_alternative<bool>(value)) throw bad_type(format_value(value));
      return value;
    case ParamType::Choice:
    case ParamType::String: {
      const auto* s = std::get_if<std::string>(&value);
      if (!s) throw bad_type(format_value(value));
      if (type == ParamType::Choice &&
          std::find(choices.begin(), choices.end(), *s) == choices.end()) {
        throw InvalidParameter(fmt::format("{}: parameter '{}' must be one of {}, got '{}'", op,
                                           name, describe_range(), *s));
      }
      return value;
    }
    case ParamType::Int:
    case ParamType::Float: {
      double v = 0;
      if (const auto* i = std::get_if<std::int64_t>(&value)) {
        v = static_cast<double>(*i);
        if (type == ParamType::Float) value = v;
      } else if (const auto* d = std::get_if<double>(&value)) {
        v = *d;
        if (type == ParamType::Int) {
          if (!std::isfinite(v) || v != std::floor(v) || std::abs(v) > 9e15) {
            throw bad_type(format_value(value));
          }
          value = static_cast<std::int64_t>(v);
        } else if (std::isnan(v)) {
          throw bad_type("nan");
        }
      } else {
        throw bad_type(format_value(value));
      }
      const bool below = min_exclusive ? !(v > min) : !(v >= min);
      const bool above = max_exclusive ? !(v < max) : !(v <= max);
      if (below || above) {
        throw InvalidParameter(fmt::format("{}: parameter '{}' must be in {}, got {}", op, name,
                                           describe_range(), format_value(value)));
      }
      return value;
    }
  }
  return value;
}

Value ParamSpec::parse(std::string_view text, std::string_view op) const {
  if (nullable && (text == "none" || text == "None" || text == "null")) return std::monostate{};
  switch (type) {
    case ParamType::Bool:
      if (text == "true" || text == "True" || text == "1") return true;
      if (text == "false" || text == "False" || text == "0") return false;
      break;
    case ParamType::Int:
      if (auto i = parse_int(text)) return check(*i, op);
      if (auto d = parse_double(text)) return check(*d, op);
      break;
    case ParamType::Float:
      if (auto d = parse_double(text)) return check(*d, op);
      break;
    case ParamType::Choice:
    case ParamType::String:
      return check(std::string(text), op);
  }
  throw InvalidParameter(fmt::format("{}: parameter '{}' expects {} {}, got '{}'", op, name,
                                     to_string(type), describe_range(), text));
}

Params::Params(const ParamTable* table, std::string owner)
    : table_(table), owner_(std::move(owner)) {
  values_.reserve(table_->size());
  for (const auto& p : *table_) values_.push_back(p.default_value);
}

std::size_t Params::index_of(std::string_view key) const {
  for (std::size_t i = 0; i < table_->size(); ++i) {
    if ((*table_)[i].matches(key)) return i;
  }
  std::vector<std::string> names;
  for (const auto& p : *table_) names.push_back(p.name);
  throw InvalidParameter(fmt::format("{}: unknown parameter '{}'; valid parameters: {}", owner_,
                                     key, names.empty() ? "(none)" : join(names)));
}

const ParamSpec& Params::spec(std::string_view key) const { return (*table_)[index_of(key)]; }

void Params::set(std::string_view key, Value value) {
  const std::size_t i = index_of(key);
  values_[i] = (*table_)[i].check(std::move(value), owner_);
}

void Params::set_text(std::string_view key, std::string_view text) {
  const std::size_t i = index_of(key);
  values_[i] = (*table_)[i].parse(text, owner_);
}

const Value& Params::get(std::string_view key) const { return values_[index_of(key)]; }

bool Params::is_none(std::string_view key) const {
  return std::holds_alternative<std::monostate>(get(key));
}

bool Params::get_bool(std::string_view key) const { return std::get<bool>(get(key)); }

std::int64_t Params::get_int(std::string_view key) const {
  return std::get<std::int64_t>(get(key));
}

double Params::get_double(std::string_view key) const {
  const Value& v = get(key);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::get<double>(v);
}

const std::string& Params::get_string(std::string_view key) const {
  return std::get<std::string>(get(key));
}

bool Params::is_default(std::string_view key) const {
  const std::size_t i = index_of(key);
  return values_[i] == (*table_)[i].default_value;
}

std::vector<std::pair<std::string, Value>> Params::items() const {
  std::vector<std::pair<std::string, Value>> out;
  for (std::size_t i = 0; i < table_->size(); ++i) out.emplace_back((*table_)[i].name, values_[i]);
  return out;
}

std::string Params::to_spec() const {
  std::string out = owner_ + "(";
  bool first = true;
  for (std::size_t i = 0; i < table_->size(); ++i) {
    if (values_[i] == (*table_)[i].default_value) continue;
    if (!first) out += ", ";
    first = false;
    out += (*table_)[i].name + "=" + format_value(values_[i]);
  }
  return out + ")";
}

}  // namespace metaul
