#include "metaul/core/io.h"

#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "metaul/core/error.h"
#include "metaul/core/rng.h"
#include "support/test_support.h"

namespace metaul::io {
namespace {

namespace fs = std::filesystem;
using metaul::testing::read_file;
using metaul::testing::temp_dir;
using metaul::testing::write_file;

template <class Fn>
std::string message_of(Fn&& fn) {
  try {
    fn();
  } catch (const IoError& e) {
    return e.what();
  } catch (const Error& e) {
    return std::string("(other metaul error) ") + e.what();
  }
  return "(no exception)";
}

Dataset parse(const std::string& text, const ReadOptions& options = {}) {
  return read_csv_text(text, "t.csv", options);
}

std::vector<float> values_of(const Dataset& d) { return d.x.values(); }

// ---- delimited text ---------------------------------------------------------------------------

TEST(ReadCsv, HeaderDetectedAndNamesKept) {
  const Dataset d = parse("a,b,c\n1,2,3\n4,5.5,-6e-1\n");
  EXPECT_EQ(d.x.rows(), 2);
  EXPECT_EQ(d.x.cols(), 3);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(values_of(d), (std::vector<float>{1, 2, 3, 4, 5.5f, -0.6f}));
  EXPECT_FALSE(d.has_labels());
}

TEST(ReadCsv, NoHeaderNamesColumnsByPosition) {
  const Dataset d = parse("1,2\n3,4\n");
  EXPECT_EQ(d.x.rows(), 2);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x0", "x1"}));
  EXPECT_EQ(values_of(d), (std::vector<float>{1, 2, 3, 4}));
}

TEST(ReadCsv, HeaderCanBeForced) {
  ReadOptions present;
  present.header = Header::Present;
  const Dataset d = parse("1,2\n3,4\n", present);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(d.x.rows(), 1);
  ReadOptions absent;
  absent.header = Header::Absent;
  EXPECT_NE(message_of([&] {
              parse("a,b\n1,2\n", absent);
            }).find("line 1, column 'x0' (1): non-numeric value 'a'"),
            std::string::npos);
}

TEST(ReadCsv, BomCrlfBlankLinesAndSpaces) {
  const Dataset d = parse("\xEF\xBB\xBFx,y\r\n1, 2\r\n\r\n  \r\n3 ,+4\r\n");
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(values_of(d), (std::vector<float>{1, 2, 3, 4}));
  // No trailing newline, CRLF, headerless.
  const Dataset e = parse(
      "\xEF\xBB\xBF"
      "1,2\r\n3,4");
  EXPECT_EQ(e.columns[0], "x0");
  EXPECT_EQ(values_of(e), (std::vector<float>{1, 2, 3, 4}));
}

TEST(ReadCsv, QuotedFields) {
  const Dataset d =
      parse("\"a,b\",\"say \"\"hi\"\"\",label\r\n\"1.5\",2,\"x,y\"\n3,\"4\",\"multi\nline\"\n",
            ReadOptions{.label_column = "label"});
  EXPECT_EQ(d.columns, (std::vector<std::string>{"a,b", "say \"hi\""}));
  EXPECT_EQ(values_of(d), (std::vector<float>{1.5f, 2, 3, 4}));
  EXPECT_EQ(d.label_names, (std::vector<std::string>{"multi\nline", "x,y"}));
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0}));
  // A record spanning two lines: errors after it report the editor line.
  const std::string msg =
      message_of([] { parse("a,b\n\"1\n\",2\n3,zz\n", ReadOptions{.label_column = "a"}); });
  EXPECT_NE(msg.find("line 4, column 'b' (2): non-numeric value 'zz'"), std::string::npos) << msg;
  EXPECT_EQ(message_of([] { parse("a,b\n1,2\n\"3\"x,4\n"); }),
            "read_csv_text: t.csv line 3: unexpected text after a closing quote");
  EXPECT_EQ(values_of(parse("a,b\n\"3\"  ,4\n")), (std::vector<float>{3, 4}));
  EXPECT_NE(message_of([] { parse("a,b\n1,\"2\n"); }).find("line 2: unterminated quoted field"),
            std::string::npos);
}

TEST(ReadCsv, CommentsOnlyWhenAsked) {
  const std::string text = "# generated\nx,y\n1,2\n# note\n3,4\n";
  EXPECT_THROW(parse(text), IoError);
  ReadOptions options;
  options.comments = true;
  const Dataset d = parse(text, options);
  EXPECT_EQ(d.x.rows(), 2);
  EXPECT_EQ(values_of(d), (std::vector<float>{1, 2, 3, 4}));
  // Errors count comment lines too.
  EXPECT_NE(
      message_of([&] { parse("# c\nx,y\n# c\n1,q\n", options); }).find("line 4, column 'y' (2)"),
      std::string::npos);
}

TEST(ReadCsv, StringLabelsMapToSortedIds) {
  const Dataset d = parse("f1,species,f2\n1,versicolor,2\n3,setosa,4\n5,virginica,6\n7,setosa,8\n",
                          ReadOptions{.label_column = "species"});
  EXPECT_EQ(d.columns, (std::vector<std::string>{"f1", "f2"}));
  EXPECT_EQ(values_of(d), (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(d.label_names, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0, 2, 0}));
  EXPECT_EQ(d.label_column, "species");
}

TEST(ReadCsv, IntegerLabelsKeptWithNoise) {
  const Dataset d =
      parse("x0,x1,label\n1,2,3\n3,4,-1\n5,6,0\n", ReadOptions{.label_column = "label"});
  EXPECT_EQ(d.labels, (std::vector<int>{3, -1, 0}));
  EXPECT_TRUE(d.label_names.empty());
  EXPECT_EQ(d.x.cols(), 2);
}

TEST(ReadCsv, IntegralDecimalLabelsAreIntegers) {
  const Dataset d = parse("a,label\n1,2.0\n2,-1.0\n3,10\n", ReadOptions{.label_column = "label"});
  EXPECT_EQ(d.labels, (std::vector<int>{2, -1, 10}));
  EXPECT_TRUE(d.label_names.empty());
  EXPECT_NE(message_of([] {
              parse("a,label\n1,\n", ReadOptions{.label_column = "label"});
            }).find("line 2, column 'label' (2): missing label"),
            std::string::npos);
}

TEST(ReadCsv, MissingTokensInFirstRowDoNotMakeAHeader) {
  ReadOptions options;
  options.impute = Impute::Median;
  const Dataset d = parse("1,NA,3\n4,5,6\n", options);
  EXPECT_EQ(d.x.rows(), 2);
  EXPECT_EQ(d.columns[1], "x1");
  EXPECT_EQ(d.x(0, 1), 5.0f);
}

TEST(ReadCsv, LabelColumnByPositionForHeaderlessData) {
  // The text label does not make the first line a header when the label is given by position.
  const Dataset d = parse("1,2,b\n3,4,a\n", ReadOptions{.label_column = "-1"});
  EXPECT_EQ(d.x.rows(), 2);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0}));
  EXPECT_EQ(d.label_column, "x2");
  const Dataset e = parse("7,1,2\n8,3,4\n", ReadOptions{.label_column = "x0"});
  EXPECT_EQ(e.labels, (std::vector<int>{7, 8}));
  EXPECT_EQ(e.columns, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(values_of(e), (std::vector<float>{1, 2, 3, 4}));
}

TEST(ReadCsv, MissingLabelColumnListsColumns) {
  EXPECT_EQ(message_of([] { parse("a,b\n1,2\n", ReadOptions{.label_column = "class"}); }),
            "read_csv_text: t.csv: label column 'class' not found (columns: a, b)");
}

TEST(ReadCsv, MissingValuesAreErrorsNamingTheCell) {
  for (const std::string token : {"", "NA", "nan", "NaN", "null", "?"}) {
    SCOPED_TRACE(token);
    const std::string msg = message_of([&] { parse("a,b,c\n1,2,3\n4," + token + ",6\n"); });
    EXPECT_EQ(
        msg, fmt::format("read_csv_text: t.csv line 3, column 'b' (2): missing value '{}'", token));
  }
}

TEST(ReadCsv, NonNumericCellIsAnErrorNamingTheCell) {
  EXPECT_EQ(message_of([] { parse("x0,x1,x2,x3\n1,2,3,4\n5,6,7,abc\n"); }),
            "read_csv_text: t.csv line 3, column 'x3' (4): non-numeric value 'abc'");
  EXPECT_EQ(message_of([] { parse("1,2\n3,4x\n"); }),
            "read_csv_text: t.csv line 2, column 'x1' (2): non-numeric value '4x'");
}

TEST(ReadCsv, OverflowAndInfinityAreErrors) {
  EXPECT_EQ(message_of([] { parse("a,b\n1,1e308\n"); }),
            "read_csv_text: t.csv line 2, column 'b' (2): value '1e308' is out of float32 range");
  EXPECT_EQ(message_of([] { parse("a,b\n-4e38,1\n"); }),
            "read_csv_text: t.csv line 2, column 'a' (1): value '-4e38' is out of float32 range");
  EXPECT_EQ(message_of([] { parse("a,b\n1,inf\n"); }),
            "read_csv_text: t.csv line 2, column 'b' (2): infinite value 'inf'");
  EXPECT_THROW(parse("a,b\n1,-Infinity\n"), IoError);
  // The largest float32 is fine.
  EXPECT_EQ(parse("a\n3.4028234e38\n").x(0, 0), 3.4028234e38f);
}

TEST(ReadCsv, RaggedRowsNameLineAndCounts) {
  EXPECT_EQ(message_of([] { parse("a,b,c\n1,2,3\n4,5\n"); }),
            "read_csv_text: t.csv line 3: 2 fields, expected 3 (as in line 1)");
  EXPECT_EQ(message_of([] { parse("1,2\n\n3,4,5\n"); }),
            "read_csv_text: t.csv line 3: 3 fields, expected 2 (as in line 1)");
}

TEST(ReadCsv, EmptyAndHeaderOnlyAreErrors) {
  EXPECT_EQ(message_of([] { parse(""); }), "read_csv_text: t.csv: empty file (no data rows)");
  EXPECT_EQ(message_of([] { parse("\xEF\xBB\xBF\n\n"); }),
            "read_csv_text: t.csv: empty file (no data rows)");
  EXPECT_EQ(message_of([] { parse("a,b\n"); }), "read_csv_text: t.csv: no data rows (header only)");
}

TEST(ReadCsv, MedianImputation) {
  ReadOptions options;
  options.impute = Impute::Median;
  // Column a: finite values 1, 3, 10 → median 3; column b: 2, 4 → median 3 (mean of the middle
  // two); non-numeric cells are imputed too.
  const Dataset d = parse("a,b\n1,NA\n?,2\n3,4\n10,oops\n", options);
  EXPECT_EQ(values_of(d), (std::vector<float>{1, 3, 3, 2, 3, 4, 10, 3}));
  EXPECT_EQ(d.imputed_cells, 3u);
  EXPECT_NE(message_of([&] {
              parse("a,b\n1,NA\n2,\n", options);
            }).find("column 'b' (2) has no values to impute a median from"),
            std::string::npos);
  // Infinite values are still errors.
  EXPECT_THROW(parse("a\n1\ninf\n", options), IoError);
}

TEST(ReadCsv, TsvDelimiter) {
  const Dataset d = read_csv_text("a\tb\n1\t2\n", "t.tsv", {}, '\t');
  EXPECT_EQ(d.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(values_of(d), (std::vector<float>{1, 2}));
}

TEST(ReadCsv, RandomTextEitherParsesOrThrowsIoError) {
  const std::string alphabet = ",\"\n\r1.e-a #\t9\xEF\xBB\xBF";
  metaul::Rng rng(5);
  int parsed = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    const auto len = rng.below(40);
    for (std::uint64_t i = 0; i < len; ++i) text += alphabet[rng.below(alphabet.size())];
    ReadOptions options;
    options.comments = trial % 2 == 0;
    options.impute = trial % 3 == 0 ? Impute::Median : Impute::None;
    if (trial % 5 == 0) options.label_column = "0";
    try {
      const Dataset d = parse(text, options);
      ++parsed;
      EXPECT_GT(d.x.rows(), 0);
      EXPECT_EQ(static_cast<Index>(d.columns.size()), d.x.cols());
      if (options.label_column) {
        EXPECT_EQ(static_cast<Index>(d.labels.size()), d.x.rows());
      }
    } catch (const IoError&) {
    }
  }
  EXPECT_GT(parsed, 10);
}

// ---- files -----------------------------------------------------------------------------------

TEST(ReadDataset, FileDispatchAndErrorsNameTheFile) {
  const fs::path dir = temp_dir();
  write_file(dir / "d.csv", "x,y\n1,2\n3,4\n");
  EXPECT_EQ(read_dataset(dir / "d.csv").x.rows(), 2);
  write_file(dir / "d.tsv", "x\ty\n1\t2\n");
  EXPECT_EQ(read_dataset(dir / "d.tsv").x.cols(), 2);
  write_file(dir / "bad.csv", "x,y\n1,2\n3,abc\n");
  EXPECT_EQ(message_of([&] { read_dataset(dir / "bad.csv"); }),
            fmt::format("read_dataset: {} line 3, column 'y' (2): non-numeric value 'abc'",
                        (dir / "bad.csv").string()));
  EXPECT_NE(message_of([&] { read_dataset(dir / "absent.csv"); }).find("cannot open"),
            std::string::npos);
  write_file(dir / "d.xlsx", "");
  EXPECT_NE(message_of([&] { read_dataset(dir / "d.xlsx"); }).find("unknown file type"),
            std::string::npos);
}

void write_gzip(const fs::path& path, const std::string& text) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

TEST(ReadDataset, GzipRoundTrip) {
  const fs::path dir = temp_dir();
  std::string text =
      "\xEF\xBB\xBF"
      "a,b,label\r\n";
  for (int i = 0; i < 5000; ++i) text += fmt::format("{},{},{}\r\n", i, i * 0.5, i % 3);
  write_gzip(dir / "big.csv.gz", text);
  const Dataset d = read_dataset(dir / "big.csv.gz", ReadOptions{.label_column = "label"});
  ASSERT_EQ(d.x.rows(), 5000);
  EXPECT_EQ(d.x(4999, 0), 4999.0f);
  EXPECT_EQ(d.x(4999, 1), 2499.5f);
  EXPECT_EQ(d.labels[4999], 4999 % 3);
  write_gzip(dir / "t.tsv.gz", "a\tb\n1\t2\n");
  EXPECT_EQ(values_of(read_dataset(dir / "t.tsv.gz")), (std::vector<float>{1, 2}));
  // A truncated gzip stream is an error, not a silently shorter data set.
  const std::string whole = read_file(dir / "big.csv.gz");
  write_file(dir / "cut.csv.gz", whole.substr(0, whole.size() / 2));
  EXPECT_THROW(read_dataset(dir / "cut.csv.gz"), IoError);
}

// Writes a .npy file (format `major`.0) holding `bytes` with the given descr and shape text.
void write_npy(const fs::path& path, const std::string& descr, const std::string& shape,
               const std::string& bytes, int major = 1, bool fortran = false) {
  std::string header = fmt::format("{{'descr': '{}', 'fortran_order': {}, 'shape': {}, }}", descr,
                                   fortran ? "True" : "False", shape);
  const std::size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  const std::size_t len = header.size();
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>((len >> 8) & 0xff);
  if (major != 1) {
    out += static_cast<char>((len >> 16) & 0xff);
    out += static_cast<char>((len >> 24) & 0xff);
  }
  out += header;
  out += bytes;
  write_file(path, out);
}

template <class T>
std::string raw(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <class T>
void check_npy_dtype(const std::string& descr) {
  SCOPED_TRACE(descr);
  const fs::path dir = temp_dir();
  const std::vector<T> v = {T(1), T(2), T(3), T(4), T(5), T(100)};
  const fs::path path = dir / fmt::format("a_{}.npy", descr.substr(1));
  write_npy(path, descr, "(3, 2)", raw(v));
  const Dataset d = read_dataset(path);
  ASSERT_EQ(d.x.rows(), 3);
  ASSERT_EQ(d.x.cols(), 2);
  EXPECT_EQ(values_of(d), (std::vector<float>{1, 2, 3, 4, 5, 100}));
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x0", "x1"}));
}

TEST(ReadNpy, EveryDtype) {
  check_npy_dtype<float>("<f4");
  check_npy_dtype<double>("<f8");
  check_npy_dtype<std::int8_t>("|i1");
  check_npy_dtype<std::int16_t>("<i2");
  check_npy_dtype<std::int32_t>("<i4");
  check_npy_dtype<std::int64_t>("<i8");
  check_npy_dtype<std::uint8_t>("|u1");
  check_npy_dtype<std::uint16_t>("<u2");
  check_npy_dtype<std::uint32_t>("<u4");
  check_npy_dtype<std::uint64_t>("<u8");
}

TEST(ReadNpy, VersionsShapesAndLabels) {
  const fs::path dir = temp_dir();
  const std::vector<float> v = {0.5f, -1.5f, 2.25f};
  for (int major : {1, 2, 3}) {
    write_npy(dir / fmt::format("v{}.npy", major), "<f4", "(3,)", raw(v), major);
    const Dataset d = read_dataset(dir / fmt::format("v{}.npy", major));
    EXPECT_EQ(d.x.rows(), 3);
    EXPECT_EQ(d.x.cols(), 1);
    EXPECT_EQ(values_of(d), v);
  }
  const std::vector<double> with_labels = {1.0, 2.0, 0.0, 3.0, 4.0, -1.0};
  write_npy(dir / "lab.npy", "<f8", "(2, 3)", raw(with_labels));
  const Dataset d = read_dataset(dir / "lab.npy", ReadOptions{.label_column = "-1"});
  EXPECT_EQ(d.labels, (std::vector<int>{0, -1}));
  EXPECT_EQ(values_of(d), (std::vector<float>{1, 2, 3, 4}));
}

TEST(ReadNpy, Errors) {
  const fs::path dir = temp_dir();
  const std::vector<double> v = {1, 2, 3, 4};
  write_npy(dir / "f.npy", "<f8", "(2, 2)", raw(v), 1, true);
  EXPECT_NE(message_of([&] { read_dataset(dir / "f.npy"); }).find("Fortran-order"),
            std::string::npos);
  write_npy(dir / "be.npy", ">f8", "(2, 2)", raw(v));
  EXPECT_NE(message_of([&] { read_dataset(dir / "be.npy"); }).find("big-endian"),
            std::string::npos);
  write_npy(dir / "c.npy", "<c16", "(2,)", raw(v));
  EXPECT_NE(message_of([&] { read_dataset(dir / "c.npy"); }).find("unsupported npy dtype"),
            std::string::npos);
  write_npy(dir / "3d.npy", "<f8", "(1, 2, 2)", raw(v));
  EXPECT_NE(message_of([&] { read_dataset(dir / "3d.npy"); }).find("not 1-D or 2-D"),
            std::string::npos);
  write_npy(dir / "short.npy", "<f8", "(3, 2)", raw(v));
  EXPECT_NE(message_of([&] { read_dataset(dir / "short.npy"); }).find("truncated"),
            std::string::npos);
  write_npy(dir / "empty.npy", "<f8", "(0, 2)", "");
  EXPECT_NE(message_of([&] { read_dataset(dir / "empty.npy"); }).find("no data rows"),
            std::string::npos);
  write_file(dir / "junk.npy", "not numpy at all");
  EXPECT_NE(message_of([&] { read_dataset(dir / "junk.npy"); }).find("bad magic"),
            std::string::npos);
  const std::vector<double> big = {1, 1e300, 3, std::nan("")};
  write_npy(dir / "big.npy", "<f8", "(2, 2)", raw(big));
  EXPECT_EQ(message_of([&] { read_dataset(dir / "big.npy"); }),
            fmt::format("read_dataset: {} row 1, column 'x1' (2): value 1e+300 is out of "
                        "float32 range",
                        (dir / "big.npy").string()));
  const std::vector<double> gap = {1, 2, 3, std::nan("")};
  write_npy(dir / "gap.npy", "<f8", "(2, 2)", raw(gap));
  EXPECT_NE(message_of([&] {
              read_dataset(dir / "gap.npy");
            }).find("row 2, column 'x1' (2): missing value (NaN)"),
            std::string::npos);
  ReadOptions impute;
  impute.impute = Impute::Median;
  EXPECT_EQ(values_of(read_dataset(dir / "gap.npy", impute)), (std::vector<float>{1, 2, 3, 2}));
}

// ---- writers ---------------------------------------------------------------------------------

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

TEST(Write, CsvRoundTripsFloatsExactly) {
  const fs::path dir = temp_dir();
  const std::vector<float> v = {0.1f, -3.4028235e38f, 1e-30f, 123456.789f, 0.0f, 2.5f};
  const Matrix m(3, 2, v);
  write_csv(dir / "m.csv", {"a", "b,c"}, m);
  const std::string text = read_file(dir / "m.csv");
  EXPECT_EQ(text.substr(0, text.find('\n')), "a,\"b,c\"");
  const Dataset d = read_dataset(dir / "m.csv");
  EXPECT_EQ(d.columns, (std::vector<std::string>{"a", "b,c"}));
  EXPECT_EQ(values_of(d), v);
  EXPECT_EQ(listing(dir), (std::set<std::string>{"m.csv"}));
  EXPECT_THROW(write_csv(dir / "n.csv", {"only_one"}, m), InvalidInput);
}

TEST(Write, ColumnCsvAndJson) {
  const fs::path dir = temp_dir();
  write_column_csv(dir / "labels.csv", "label", std::vector<int>{0, -1, 12});
  EXPECT_EQ(read_file(dir / "labels.csv"), "label\n0\n-1\n12\n");
  const std::vector<double> scores = {0.1, 1.0 / 3.0, -2e-300};
  write_column_csv(dir / "scores.csv", "score", scores);
  std::istringstream in(read_file(dir / "scores.csv"));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "score");
  for (double s : scores) {
    std::getline(in, line);
    EXPECT_EQ(std::stod(line), s);  // %.17g round-trips doubles
  }
  write_json(dir / "r.json", nlohmann::json{{"ari", 0.5}, {"k", 3}});
  EXPECT_EQ(read_file(dir / "r.json"), "{\n  \"ari\": 0.5,\n  \"k\": 3\n}\n");
  EXPECT_EQ(listing(dir), (std::set<std::string>{"labels.csv", "scores.csv", "r.json"}));
}

TEST(Write, AtomicFailureLeavesNothingBehind) {
  const fs::path dir = temp_dir();
  // Into a folder that does not exist: an error, and nothing is created.
  const std::string msg =
      message_of([&] { write_text_atomic(dir / "missing" / "out.csv", "data\n"); });
  EXPECT_NE(msg.find("cannot create a temporary file"), std::string::npos) << msg;
  EXPECT_FALSE(fs::exists(dir / "missing"));
  EXPECT_TRUE(listing(dir).empty());
  // Onto an existing folder: the rename fails and the temporary file is removed.
  fs::create_directory(dir / "occupied");
  EXPECT_THROW(write_text_atomic(dir / "occupied", "data\n"), IoError);
  EXPECT_EQ(listing(dir), (std::set<std::string>{"occupied"}));
}

TEST(Write, FailedWriteKeepsTheExistingFile) {
  const fs::path dir = temp_dir();
  write_json(dir / "r.json", nlohmann::json{{"old", true}});
  const std::string before = read_file(dir / "r.json");
  // Invalid UTF-8 cannot be serialised: the old file stays as it was.
  EXPECT_THROW(write_json(dir / "r.json", nlohmann::json{{"bad", std::string("\xff\xfe")}}),
               IoError);
  EXPECT_EQ(read_file(dir / "r.json"), before);
  EXPECT_EQ(listing(dir), (std::set<std::string>{"r.json"}));
  // A successful write replaces it whole.
  write_text_atomic(dir / "r.json", "new\n");
  EXPECT_EQ(read_file(dir / "r.json"), "new\n");
}

// ---- the corpus ------------------------------------------------------------------------------

TEST(ReadCorpus, ClusterFilesMatchTheManifest) {
  METAUL_REQUIRE_CORPUS(corpus);
  std::ifstream manifest(corpus / "MANIFEST.tsv");
  ASSERT_TRUE(manifest) << "MANIFEST.tsv missing in " << corpus;
  std::string line;
  std::getline(manifest, line);  // header
  int checked = 0;
  while (std::getline(manifest, line) && checked < 6) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) f.push_back(cell);
    if (f.size() < 6 || f[1] != "cluster") continue;
    SCOPED_TRACE(f[0]);
    const Dataset d = read_dataset(corpus / f[2], ReadOptions{.label_column = "label"});
    EXPECT_EQ(d.x.rows(), std::stoll(f[3]));
    EXPECT_EQ(d.x.cols(), std::stoll(f[4]));
    std::set<int> clusters;
    for (int l : d.labels) {
      if (l != -1) clusters.insert(l);
    }
    EXPECT_EQ(static_cast<long long>(clusters.size()), std::stoll(f[5]));
    EXPECT_EQ(*clusters.begin(), 0);
    EXPECT_EQ(*clusters.rbegin(), static_cast<int>(clusters.size()) - 1);
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

}  // namespace
}  // namespace metaul::io
