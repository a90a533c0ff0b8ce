// Replaced by the dataset I/O tests.
#include <gtest/gtest.h>

#include "metaul/core/matrix.h"

TEST(IoPlaceholder, MatrixViewOfEmpty) { EXPECT_TRUE(metaul::MatrixView().empty()); }
