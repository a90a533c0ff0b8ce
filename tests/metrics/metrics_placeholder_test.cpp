// Replaced by the metrics tests.
#include <gtest/gtest.h>

#include "metaul/core/matrix.h"

TEST(MetricsPlaceholder, MatrixViewOfEmpty) { EXPECT_TRUE(metaul::MatrixView().empty()); }
