#include "metaul/core/matrix.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "metaul/core/error.h"

namespace metaul {
namespace {

TEST(Matrix, RowMajorLayout) {
  Matrix m(2, 3, std::vector<float>{1, 2, 3, 4, 5, 6});
  EXPECT_EQ(m.rows(), 2);
  EXPECT_EQ(m.cols(), 3);
  EXPECT_FLOAT_EQ(m(1, 0), 4.0f);
  EXPECT_FLOAT_EQ(m.row(1)[2], 6.0f);
  MatrixView v = m;
  EXPECT_FLOAT_EQ(v(0, 2), 3.0f);
  EXPECT_EQ(v.rows_range(1, 2).row(0)[0], 4.0f);
}

TEST(Matrix, WrongValueCountThrows) {
  EXPECT_THROW(Matrix(2, 2, std::vector<float>{1, 2, 3}), InvalidInput);
}

TEST(Matrix, TakeRows) {
  Matrix m(3, 2, std::vector<float>{0, 1, 10, 11, 20, 21});
  std::vector<Index> idx{2, 0};
  Matrix t = take_rows(m, idx);
  ASSERT_EQ(t.rows(), 2);
  EXPECT_FLOAT_EQ(t(0, 1), 21.0f);
  EXPECT_FLOAT_EQ(t(1, 0), 0.0f);
}

TEST(CheckInput, NamesTheBadCell) {
  Matrix m(2, 2, std::vector<float>{0, 1, std::numeric_limits<float>::quiet_NaN(), 3});
  try {
    check_input(m, "kmeans.fit");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("row 1, column 0"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("kmeans.fit"), std::string::npos);
  }
  Matrix inf(1, 1, std::vector<float>{std::numeric_limits<float>::infinity()});
  EXPECT_THROW(check_input(inf, "x"), InvalidInput);
  EXPECT_THROW(check_input(Matrix(0, 3), "x"), InvalidInput);
  EXPECT_THROW(check_input(Matrix(3, 0), "x"), InvalidInput);
  EXPECT_THROW(check_input(Matrix(3, 2), "x", 4), InvalidInput);
  EXPECT_NO_THROW(check_input(Matrix(3, 2), "x", 3));
}

}  // namespace
}  // namespace metaul
