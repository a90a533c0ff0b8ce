#pragma once
/// @file spec.h
/// The spec-string grammar: `name` or `name(key=value, key=value, ...)`.
///
///     spec   := name [ '(' [ arg { ',' arg } ] ')' ]
///     arg    := key '=' value
///     value  := spec | number | bareword | 'quoted' | "quoted"
///
/// Names and keys are `[A-Za-z_][A-Za-z0-9_]*`; barewords are `[A-Za-z0-9_.+-]+`; whitespace
/// around tokens is ignored. A value that is itself a spec (`base=kmeans(n_clusters=3)`) is kept
/// as its text, to be parsed by whoever consumes it.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace metaul {

struct ParsedSpec {
  std::string name;
  /// key → raw value text (quotes removed, nested specs verbatim).
  std::vector<std::pair<std::string, std::string>> args;
};

/// Parses a spec string.  throws: InvalidParameter naming the position of the problem.
ParsedSpec parse_spec(std::string_view text);

/// True when `text` is a syntactically valid spec with at least a name and parentheses.
bool looks_like_spec(std::string_view text);

}  // namespace metaul
