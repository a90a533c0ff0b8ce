#include <gtest/gtest.h>

#include "support/test_support.h"

namespace metaul::testing {
namespace {

TEST(Cli, VersionAndHelp) {
  auto r = run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("metaul"), std::string::npos);
  r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("list"), std::string::npos);
}

TEST(Cli, UnknownOptionIsUsageError) {
  auto r = run_cli({"--bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

}  // namespace
}  // namespace metaul::testing
