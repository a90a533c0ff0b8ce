// metaul list: every estimator with its parameters, defaults and docs.
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "metaul/registry.h"

namespace metaul::cli {
namespace {

nlohmann::json value_json(const Value& v) {
  return std::visit(
      [](const auto& x) -> nlohmann::json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else {
          return x;
        }
      },
      v);
}

}  // namespace

Command add_list_command(CLI::App& app, const GlobalOptions&) {
  struct Options {
    std::string family;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("list", "list every estimator with its parameters");
  cmd->add_option("--family", opts->family, "only this family")
      ->check(CLI::IsMember({"cluster", "anomaly", "transform"}));
  cmd->add_flag("--json", opts->json, "print JSON");
  return {cmd, [opts] {
    std::optional<Family> family;
    if (!opts->family.empty()) family = family_from_string(opts->family);
    const auto entries = builtin_registry().list(family);
    if (opts->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto* e : entries) {
        nlohmann::json params = nlohmann::json::array();
        for (const auto& p : *e->params) {
          params.push_back({{"name", p.name},
                            {"type", std::string(to_string(p.type))},
                            {"default", value_json(p.default_value)},
                            {"range", p.describe_range()},
                            {"aliases", p.aliases},
                            {"doc", p.doc}});
        }
        out.push_back({{"name", e->name},
                       {"family", std::string(to_string(e->family))},
                       {"summary", e->summary},
                       {"params", params}});
      }
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    std::optional<Family> current;
    for (const auto* e : entries) {
      if (current != e->family) {
        std::cout << (current ? "\n" : "") << "[" << to_string(e->family) << "]\n";
        current = e->family;
      }
      std::cout << fmt::format("{}: {}\n", e->name, e->summary);
      for (const auto& p : *e->params) {
        std::string name = p.name;
        for (const auto& a : p.aliases) name += "|" + a;
        std::cout << fmt::format("    {:<22} {:<6} = {:<12} {}  {}\n", name, to_string(p.type),
                                 format_value(p.default_value), p.describe_range(), p.doc);
      }
    }
    return 0;
  }};
}

}  // namespace metaul::cli
