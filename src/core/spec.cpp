#include "metaul/core/spec.h"

#include <cctype>

#include <fmt/format.h>

#include "metaul/core/error.h"

namespace metaul {
namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_bare_char(char c) { return is_name_char(c) || c == '.' || c == '+' || c == '-'; }

class SpecParser {
 public:
  explicit SpecParser(std::string_view text) : text_(text) {}

  ParsedSpec parse() {
    ParsedSpec spec = parse_spec_at();
    skip_space();
    if (pos_ != text_.size()) fail("unexpected text after the spec");
    return spec;
  }

 private:
  [[noreturn]] void fail(std::string_view what) const {
    throw InvalidParameter(fmt::format("spec '{}': {} at position {}", text_, what, pos_));
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool eat(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string parse_name() {
    skip_space();
    if (pos_ >= text_.size() || !is_name_start(text_[pos_])) fail("expected a name");
    std::size_t start = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  ParsedSpec parse_spec_at() {
    ParsedSpec spec;
    spec.name = parse_name();
    if (!eat('(')) return spec;
    if (eat(')')) return spec;
    do {
      std::string key = parse_name();
      if (!eat('=')) fail(fmt::format("expected '=' after '{}'", key));
      for (const auto& [k, v] : spec.args) {
        if (k == key) fail(fmt::format("duplicate key '{}'", key));
      }
      spec.args.emplace_back(std::move(key), parse_value());
    } while (eat(','));
    if (!eat(')')) fail("expected ',' or ')'");
    return spec;
  }
  std::string parse_value() {
    skip_space();
    if (pos_ >= text_.size()) fail("expected a value");
    const char c = text_[pos_];
    if (c == '\'' || c == '"') {
      std::size_t end = text_.find(c, pos_ + 1);
      if (end == std::string_view::npos) fail("unterminated quoted value");
      std::string value(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return value;
    }
    std::size_t start = pos_;
    while (pos_ < text_.size() && is_bare_char(text_[pos_])) ++pos_;
    if (pos_ == start) fail("expected a value");
    const std::size_t end = pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '(' && is_name_start(text_[start])) {
      // A nested spec: keep its text verbatim (balanced parentheses, quotes respected).
      int depth = 0;
      char quote = 0;
      for (; pos_ < text_.size(); ++pos_) {
        char ch = text_[pos_];
        if (quote) {
          if (ch == quote) quote = 0;
        } else if (ch == '\'' || ch == '"') {
          quote = ch;
        } else if (ch == '(') {
          ++depth;
        } else if (ch == ')' && --depth == 0) {
          ++pos_;
          break;
        }
      }
      if (depth != 0) fail("unbalanced parentheses in nested spec");
      ParsedSpec nested = SpecParser(text_.substr(start, pos_ - start)).parse();  // validates
      (void)nested;
      return std::string(text_.substr(start, pos_ - start));
    }
    return std::string(text_.substr(start, end - start));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

ParsedSpec parse_spec(std::string_view text) { return SpecParser(text).parse(); }

bool looks_like_spec(std::string_view text) {
  if (text.find('(') == std::string_view::npos) return false;
  try {
    parse_spec(text);
    return true;
  } catch (const InvalidParameter&) {
    return false;
  }
}

}  // namespace metaul
