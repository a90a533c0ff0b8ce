// The built-in registry: every entry is well-formed.
#include "metaul/registry.h"

#include <set>

#include <gtest/gtest.h>

namespace metaul {
namespace {

TEST(BuiltinRegistry, EntriesAreWellFormed) {
  const auto entries = builtin_registry().list();
  std::set<std::pair<Family, std::string>> seen;
  for (const auto* e : entries) {
    EXPECT_FALSE(e->summary.empty()) << e->name;
    EXPECT_TRUE(seen.insert({e->family, e->name}).second) << e->name;
    auto made = e->make();
    EXPECT_EQ(made->name(), e->name);
    EXPECT_EQ(made->family(), e->family);
    EXPECT_EQ(made->to_spec(), e->name + "()");
    for (const auto& p : *e->params) {
      EXPECT_FALSE(p.doc.empty()) << e->name << "." << p.name;
      // The default must satisfy the declared range.
      EXPECT_NO_THROW(p.check(p.default_value, e->name)) << e->name << "." << p.name;
    }
  }
}

}  // namespace
}  // namespace metaul
