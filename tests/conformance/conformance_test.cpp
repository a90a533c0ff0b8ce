// Conformance battery over every registered estimator (filled in with the clusterers).
#include <gtest/gtest.h>

#include "metaul/registry.h"

TEST(Conformance, RegistryBuilds) { EXPECT_NO_THROW(metaul::builtin_registry()); }
