#include "metaul/core/io.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <string_view>

#include <fast_float/fast_float.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "metaul/core/error.h"

namespace metaul::io {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string read_plain_file(const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    throw IoError(
        fmt::format("read_dataset: cannot open '{}': {}", path.string(), std::strerror(errno)));
  }
  std::string data;
  char chunk[1 << 16];
  if (std::fseek(f, 0, SEEK_END) == 0) {
    const long size = std::ftell(f);
    if (size > 0) data.reserve(static_cast<std::size_t>(size));
    std::fseek(f, 0, SEEK_SET);
  }
  std::size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0) data.append(chunk, got);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw IoError(fmt::format("read_dataset: error reading '{}'", path.string()));
  return data;
}

std::string read_gzip_file(const fs::path& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) {
    throw IoError(
        fmt::format("read_dataset: cannot open '{}': {}", path.string(), std::strerror(errno)));
  }
  gzbuffer(f, 1 << 18);
  std::string data;
  std::vector<char> chunk(1 << 18);
  for (;;) {
    const int got = gzread(f, chunk.data(), static_cast<unsigned>(chunk.size()));
    if (got < 0) {
      int code = 0;
      const std::string why = gzerror(f, &code);
      gzclose(f);
      throw IoError(fmt::format("read_dataset: '{}': gzip error: {}", path.string(), why));
    }
    if (got == 0) break;
    data.append(chunk.data(), static_cast<std::size_t>(got));
  }
  // gzread stops silently at a truncated stream; gzclose_r reports it.
  int code = 0;
  const std::string why = gzerror(f, &code);
  if (gzclose_r(f) != Z_OK || (code != Z_OK && code != Z_STREAM_END)) {
    throw IoError(fmt::format("read_dataset: '{}': gzip stream is corrupt or truncated{}",
                              path.string(), why.empty() ? "" : ": " + why));
  }
  return data;
}

// ---- delimited text --------------------------------------------------------------------------

bool is_missing_token(std::string_view s) {
  return s.empty() || s == "NA" || s == "nan" || s == "NaN" || s == "null" || s == "?" ||
         s == "NAN" || s == "N/A" || s == "NULL";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

enum class CellKind { Number, Missing, NonNumeric, Infinite, Overflow };

// Parses one cell as float32. Missing tokens and NaN text count as missing.
CellKind parse_cell(std::string_view s, float& value) {
  s = trim(s);
  if (is_missing_token(s)) return CellKind::Missing;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (*first == '+' && last - first > 1 && first[1] != '-') ++first;
  const auto res = fast_float::from_chars(first, last, value);
  if (res.ec != std::errc() || res.ptr != last) return CellKind::NonNumeric;
  if (std::isnan(value)) return CellKind::Missing;
  if (std::isinf(value)) {
    // Literal "inf"/"infinity" versus a finite number too large for float32.
    const bool literal = std::any_of(first, last, [](char c) { return c == 'n' || c == 'N'; });
    return literal ? CellKind::Infinite : CellKind::Overflow;
  }
  return CellKind::Number;
}

bool looks_numeric_or_missing(std::string_view s) {
  float v = 0;
  const CellKind kind = parse_cell(s, v);
  return kind != CellKind::NonNumeric;
}

// Splits text into records of cells. Quoted cells are unescaped in place (the buffer is owned).
class RecordReader {
 public:
  RecordReader(std::string& text, char delimiter, bool comments)
      : p_(text.data()), end_(text.data() + text.size()), delim_(delimiter), comments_(comments) {
    if (end_ - p_ >= 3 && static_cast<unsigned char>(p_[0]) == 0xEF &&
        static_cast<unsigned char>(p_[1]) == 0xBB && static_cast<unsigned char>(p_[2]) == 0xBF) {
      p_ += 3;
    }
  }

  /// Reads the next non-blank record; returns false at the end. `line` gets its first line
  /// (1-based). Throws via `error` on an unterminated quote.
  bool next(std::vector<std::string_view>& cells, std::size_t& line, const std::string& who) {
    for (;;) {
      if (p_ >= end_) return false;
      line = line_;
      // Blank line or comment line: skip it whole.
      char* q = p_;
      while (q < end_ && (*q == ' ' || (*q == '\t' && delim_ != '\t') || *q == '\r')) ++q;
      if (q >= end_ || *q == '\n' || (comments_ && *q == '#')) {
        char* nl = static_cast<char*>(std::memchr(q, '\n', end_ - q));
        p_ = nl ? nl + 1 : end_;
        ++line_;
        continue;
      }
      cells.clear();
      parse_record(cells, who);
      return true;
    }
  }

 private:
  void parse_record(std::vector<std::string_view>& cells, const std::string& who) {
    for (;;) {
      char* start = p_;
      if (p_ < end_ && *p_ == '"') {
        // Quoted cell: copy down over doubled quotes; may span lines.
        const std::size_t quote_line = line_;
        char* out = p_;
        ++p_;
        for (;;) {
          if (p_ >= end_) {
            throw IoError(fmt::format("{} line {}: unterminated quoted field", who, quote_line));
          }
          const char c = *p_;
          if (c == '"') {
            if (p_ + 1 < end_ && p_[1] == '"') {
              *out++ = '"';
              p_ += 2;
              continue;
            }
            ++p_;
            break;
          }
          if (c == '\n') ++line_;
          *out++ = c;
          ++p_;
        }
        std::string_view cell(start, static_cast<std::size_t>(out - start));
        // Only spaces (and a CR) may follow the closing quote.
        while (p_ < end_ && *p_ != delim_ && *p_ != '\n') {
          if (*p_ != ' ' && *p_ != '\r' && *p_ != '\t') {
            throw IoError(
                fmt::format("{} line {}: unexpected text after a closing quote", who, line_));
          }
          ++p_;
        }
        cells.push_back(cell);
      } else {
        while (p_ < end_ && *p_ != delim_ && *p_ != '\n') ++p_;
        const char* stop = p_;
        if (stop > start && (p_ >= end_ || *p_ == '\n') && stop[-1] == '\r') --stop;
        cells.emplace_back(start, static_cast<std::size_t>(stop - start));
      }
      if (p_ >= end_) return;
      if (*p_ == delim_) {
        ++p_;
        continue;
      }
      ++p_;
      ++line_;
      return;
    }
  }

  char* p_;
  char* end_;
  char delim_;
  bool comments_;
  std::size_t line_ = 1;
};

std::optional<long long> parse_integer(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  long long v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// An integer label, also when written as an integral decimal ("3.0").
std::optional<long long> parse_label_integer(std::string_view s) {
  if (auto v = parse_integer(s)) return v;
  s = trim(s);
  double d = 0;
  const auto res = fast_float::from_chars(s.data(), s.data() + s.size(), d);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  if (!std::isfinite(d) || d != std::floor(d) || std::abs(d) > 2147483647.0) return std::nullopt;
  return static_cast<long long>(d);
}

// Resolves the label column among `names` (file order): by name, else `x<j>` or an index.
std::size_t resolve_label_column(const std::string& wanted, const std::vector<std::string>& names,
                                 const std::string& who) {
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (names[j] == wanted) return j;
  }
  const auto m = static_cast<long long>(names.size());
  std::optional<long long> index = parse_integer(wanted);
  if (!index && wanted.size() > 1 && wanted[0] == 'x') {
    index = parse_integer(std::string_view(wanted).substr(1));
    if (index && *index < 0) index.reset();
  }
  if (index) {
    const long long j = *index < 0 ? m + *index : *index;
    if (j >= 0 && j < m) return static_cast<std::size_t>(j);
  }
  std::string list;
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (j) list += ", ";
    if (j == 8 && names.size() > 10) {
      list += fmt::format("... ({} more)", names.size() - j);
      break;
    }
    list += names[j];
  }
  throw IoError(fmt::format("{}: label column '{}' not found (columns: {})", who, wanted, list));
}

std::vector<std::string> default_names(std::size_t m) {
  std::vector<std::string> names(m);
  for (std::size_t j = 0; j < m; ++j) names[j] = fmt::format("x{}", j);
  return names;
}

// A missing cell remembered for imputation.
struct MissingCell {
  std::size_t row;
  std::size_t col;
};

// Replaces the missing cells by the median of the finite values of their column.
void impute_median(Matrix& x, const std::vector<MissingCell>& missing,
                   const std::vector<std::string>& names, const std::string& who) {
  if (missing.empty()) return;
  const auto d = static_cast<std::size_t>(x.cols());
  std::vector<char> needs(d, 0);
  for (const auto& m : missing) needs[m.col] = 1;
  std::vector<float> medians(d, 0.0f);
  std::vector<float> column;
  for (std::size_t j = 0; j < d; ++j) {
    if (!needs[j]) continue;
    column.clear();
    for (Index i = 0; i < x.rows(); ++i) {
      const float v = x(i, static_cast<Index>(j));
      if (std::isfinite(v)) column.push_back(v);
    }
    if (column.empty()) {
      throw IoError(fmt::format("{}: column '{}' ({}) has no values to impute a median from", who,
                                names[j], j + 1));
    }
    const std::size_t half = column.size() / 2;
    std::nth_element(column.begin(), column.begin() + static_cast<std::ptrdiff_t>(half),
                     column.end());
    double med = column[half];
    if (column.size() % 2 == 0) {
      const float below =
          *std::max_element(column.begin(), column.begin() + static_cast<std::ptrdiff_t>(half));
      med = (static_cast<double>(below) + med) / 2.0;
    }
    medians[j] = static_cast<float>(med);
  }
  for (const auto& m : missing) {
    x(static_cast<Index>(m.row), static_cast<Index>(m.col)) = medians[m.col];
  }
}

// Turns label texts into ids: all integers → kept; otherwise sorted distinct texts → 0..m-1.
void assign_labels(const std::vector<std::string_view>& texts, Dataset& out) {
  out.labels.resize(texts.size());
  bool all_int = true;
  for (std::size_t i = 0; i < texts.size() && all_int; ++i) {
    const auto v = parse_label_integer(texts[i]);
    if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
      all_int = false;
    } else {
      out.labels[i] = static_cast<int>(*v);
    }
  }
  if (all_int) return;
  std::map<std::string_view, int> ids;
  for (const auto& t : texts) ids.emplace(trim(t), 0);
  int next = 0;
  out.label_names.clear();
  for (auto& [name, id] : ids) {
    id = next++;
    out.label_names.emplace_back(name);
  }
  for (std::size_t i = 0; i < texts.size(); ++i) out.labels[i] = ids.at(trim(texts[i]));
}

Dataset parse_delimited(std::string& text, const std::string& name, const ReadOptions& options,
                        char delimiter, const std::string& op) {
  const std::string who = fmt::format("{}: {}", op, name);
  RecordReader reader(text, delimiter, options.comments);
  std::vector<std::string_view> cells;
  cells.reserve(256);
  std::size_t line = 0;
  if (!reader.next(cells, line, who)) {
    throw IoError(fmt::format("{}: empty file (no data rows)", who));
  }
  const std::size_t m = cells.size();

  // The label column index is needed for header detection when given as a position.
  std::optional<std::size_t> label_by_position;
  if (options.label_column) {
    const std::string& lc = *options.label_column;
    std::optional<long long> idx = parse_integer(lc);
    if (!idx && lc.size() > 1 && lc[0] == 'x') idx = parse_integer(std::string_view(lc).substr(1));
    if (idx) {
      const long long j = *idx < 0 ? static_cast<long long>(m) + *idx : *idx;
      if (j >= 0 && j < static_cast<long long>(m)) label_by_position = static_cast<std::size_t>(j);
    }
  }

  bool has_header = options.header == Header::Present;
  if (options.header == Header::Auto) {
    for (std::size_t j = 0; j < m; ++j) {
      if (label_by_position && *label_by_position == j) continue;
      if (!looks_numeric_or_missing(cells[j])) {
        has_header = true;
        break;
      }
    }
  }
  std::vector<std::string> names;
  const std::size_t header_line = line;
  if (has_header) {
    names.reserve(m);
    for (const auto& c : cells) names.emplace_back(trim(c));
  } else {
    names = default_names(m);
  }
  Dataset out;
  std::optional<std::size_t> label_col;
  if (options.label_column) {
    label_col = resolve_label_column(*options.label_column, names, who);
    out.label_column = names[*label_col];
  }
  const std::size_t d = label_col ? m - 1 : m;
  if (d == 0) throw IoError(fmt::format("{}: no feature columns", who));

  // Guess the row count from the line count so that values are stored without reallocations.
  const std::size_t newlines =
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  std::vector<float> values;
  values.reserve(newlines * d);
  std::vector<std::string_view> label_texts;
  std::vector<MissingCell> missing;
  std::size_t rows = 0;
  const std::size_t first_line = line;

  auto cell_error = [&](std::size_t at_line, std::size_t j, const std::string& what) {
    return IoError(
        fmt::format("{} line {}, column '{}' ({}): {}", who, at_line, names[j], j + 1, what));
  };

  bool have_record = !has_header;
  for (;;) {
    if (!have_record) {
      if (!reader.next(cells, line, who)) break;
    }
    have_record = false;
    if (cells.size() != m) {
      throw IoError(fmt::format("{} line {}: {} fields, expected {} (as in line {})", who, line,
                                cells.size(), m, has_header ? header_line : first_line));
    }
    for (std::size_t j = 0; j < m; ++j) {
      if (label_col && j == *label_col) {
        const std::string_view t = trim(cells[j]);
        if (t.empty()) throw cell_error(line, j, "missing label");
        label_texts.push_back(t);
        continue;
      }
      float v = 0;
      switch (parse_cell(cells[j], v)) {
        case CellKind::Number:
          break;
        case CellKind::Missing:
          if (options.impute != Impute::Median) {
            throw cell_error(line, j, fmt::format("missing value '{}'", trim(cells[j])));
          }
          missing.push_back({rows, values.size() - rows * d});
          v = std::numeric_limits<float>::quiet_NaN();
          break;
        case CellKind::NonNumeric:
          if (options.impute != Impute::Median) {
            throw cell_error(line, j, fmt::format("non-numeric value '{}'", trim(cells[j])));
          }
          missing.push_back({rows, values.size() - rows * d});
          v = std::numeric_limits<float>::quiet_NaN();
          break;
        case CellKind::Infinite:
          throw cell_error(line, j, fmt::format("infinite value '{}'", trim(cells[j])));
        case CellKind::Overflow:
          throw cell_error(line, j,
                           fmt::format("value '{}' is out of float32 range", trim(cells[j])));
      }
      values.push_back(v);
    }
    ++rows;
  }
  if (rows == 0) throw IoError(fmt::format("{}: no data rows (header only)", who));

  out.x = Matrix(static_cast<Index>(rows), static_cast<Index>(d), std::move(values));
  out.columns.reserve(d);
  for (std::size_t j = 0; j < m; ++j) {
    if (!label_col || j != *label_col) out.columns.push_back(names[j]);
  }
  impute_median(out.x, missing, out.columns, who);
  out.imputed_cells = missing.size();
  if (label_col) assign_labels(label_texts, out);
  return out;
}

// ---- .npy ------------------------------------------------------------------------------------

struct NpyHeader {
  char kind = 0;          // 'f', 'i', 'u'
  std::size_t width = 0;  // bytes per value
  bool fortran = false;
  std::vector<std::size_t> shape;
  std::size_t data_offset = 0;
};

std::string npy_field(const std::string& header, const std::string& key, const std::string& who) {
  const std::size_t k = header.find("'" + key + "'");
  if (k == std::string::npos) throw IoError(fmt::format("{}: npy header lacks '{}'", who, key));
  std::size_t p = header.find(':', k);
  if (p == std::string::npos) throw IoError(fmt::format("{}: malformed npy header", who));
  ++p;
  while (p < header.size() && header[p] == ' ') ++p;
  if (p >= header.size()) throw IoError(fmt::format("{}: malformed npy header", who));
  std::size_t e = p;
  if (header[p] == '\'') {
    e = header.find('\'', p + 1);
    if (e == std::string::npos) throw IoError(fmt::format("{}: malformed npy header", who));
    return header.substr(p + 1, e - p - 1);
  }
  if (header[p] == '(') {
    e = header.find(')', p);
    if (e == std::string::npos) throw IoError(fmt::format("{}: malformed npy header", who));
    return header.substr(p, e - p + 1);
  }
  while (e < header.size() && header[e] != ',' && header[e] != '}') ++e;
  return std::string(trim(std::string_view(header).substr(p, e - p)));
}

NpyHeader parse_npy_header(const std::string& data, const std::string& who) {
  if (data.size() < 10 || std::memcmp(data.data(), "\x93NUMPY", 6) != 0) {
    throw IoError(fmt::format("{}: not a .npy file (bad magic)", who));
  }
  const auto major = static_cast<unsigned char>(data[6]);
  std::size_t header_len = 0;
  std::size_t start = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(data[8]) |
                 (static_cast<std::size_t>(static_cast<unsigned char>(data[9])) << 8);
    start = 10;
  } else if (major == 2 || major == 3) {
    if (data.size() < 12) throw IoError(fmt::format("{}: truncated npy header", who));
    for (int b = 0; b < 4; ++b) {
      header_len |= static_cast<std::size_t>(static_cast<unsigned char>(data[8 + b])) << (8 * b);
    }
    start = 12;
  } else {
    throw IoError(fmt::format("{}: unsupported npy format version {}", who, major));
  }
  if (data.size() < start + header_len) throw IoError(fmt::format("{}: truncated npy header", who));
  const std::string header = data.substr(start, header_len);
  NpyHeader h;
  h.data_offset = start + header_len;
  const std::string descr = npy_field(header, "descr", who);
  if (descr.size() < 3) throw IoError(fmt::format("{}: unsupported npy dtype '{}'", who, descr));
  const char order = descr[0];
  h.kind = descr[1];
  const auto width = parse_integer(std::string_view(descr).substr(2));
  if (!width || (h.kind != 'f' && h.kind != 'i' && h.kind != 'u') ||
      (h.kind == 'f' && *width != 4 && *width != 8) ||
      (h.kind != 'f' && *width != 1 && *width != 2 && *width != 4 && *width != 8)) {
    throw IoError(fmt::format(
        "{}: unsupported npy dtype '{}' (float32/64, int8..64, uint8..64 are read)", who, descr));
  }
  h.width = static_cast<std::size_t>(*width);
  if (order == '>' && h.width > 1) {
    throw IoError(fmt::format("{}: big-endian npy dtype '{}' is not supported", who, descr));
  }
  if (order != '<' && order != '|' && order != '=' && !(order == '>' && h.width == 1)) {
    throw IoError(fmt::format("{}: unsupported npy dtype '{}'", who, descr));
  }
  const std::string fortran = npy_field(header, "fortran_order", who);
  if (fortran == "True") {
    throw IoError(fmt::format(
        "{}: Fortran-order npy arrays are not supported (save with np.ascontiguousarray)", who));
  }
  const std::string shape = npy_field(header, "shape", who);
  std::string_view s(shape);
  s.remove_prefix(1);
  s.remove_suffix(1);
  while (!s.empty()) {
    const std::size_t comma = s.find(',');
    const std::string_view part = trim(s.substr(0, comma));
    if (!part.empty()) {
      const auto v = parse_integer(part);
      if (!v || *v < 0) throw IoError(fmt::format("{}: malformed npy shape {}", who, shape));
      h.shape.push_back(static_cast<std::size_t>(*v));
    }
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  if (h.shape.empty() || h.shape.size() > 2) {
    throw IoError(fmt::format("{}: npy array of shape {} is not 1-D or 2-D", who, shape));
  }
  return h;
}

template <class T>
T load_le(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

double npy_value(const char* p, char kind, std::size_t width) {
  switch (kind) {
    case 'f':
      return width == 4 ? static_cast<double>(load_le<float>(p)) : load_le<double>(p);
    case 'i':
      switch (width) {
        case 1:
          return load_le<std::int8_t>(p);
        case 2:
          return load_le<std::int16_t>(p);
        case 4:
          return load_le<std::int32_t>(p);
        default:
          return static_cast<double>(load_le<std::int64_t>(p));
      }
    default:
      switch (width) {
        case 1:
          return load_le<std::uint8_t>(p);
        case 2:
          return load_le<std::uint16_t>(p);
        case 4:
          return load_le<std::uint32_t>(p);
        default:
          return static_cast<double>(load_le<std::uint64_t>(p));
      }
  }
}

Dataset parse_npy(const std::string& data, const std::string& name, const ReadOptions& options) {
  static_assert(std::endian::native == std::endian::little, "npy reader assumes little-endian");
  const std::string who = fmt::format("read_dataset: {}", name);
  const NpyHeader h = parse_npy_header(data, who);
  const std::size_t n = h.shape[0];
  const std::size_t m = h.shape.size() == 2 ? h.shape[1] : 1;
  if (n == 0 || m == 0) throw IoError(fmt::format("{}: empty array (no data rows)", who));
  if (data.size() < h.data_offset + n * m * h.width) {
    throw IoError(fmt::format("{}: truncated npy data ({} bytes, {} expected)", who,
                              data.size() - h.data_offset, n * m * h.width));
  }
  std::vector<std::string> names = default_names(m);
  Dataset out;
  std::optional<std::size_t> label_col;
  if (options.label_column) {
    label_col = resolve_label_column(*options.label_column, names, who);
    out.label_column = names[*label_col];
  }
  const std::size_t d = label_col ? m - 1 : m;
  if (d == 0) throw IoError(fmt::format("{}: no feature columns", who));
  out.x = Matrix(static_cast<Index>(n), static_cast<Index>(d));
  if (label_col) out.labels.resize(n);
  std::vector<MissingCell> missing;
  const char* base = data.data() + h.data_offset;
  const double fmax = std::numeric_limits<float>::max();
  // float32 without a label column: copy the block, then only look for non-finite cells.
  const bool direct = h.kind == 'f' && h.width == 4 && !label_col;
  if (direct) std::memcpy(out.x.data(), base, n * m * sizeof(float));
  for (std::size_t i = 0; i < n; ++i) {
    if (direct) {
      const float* r = out.x.row(static_cast<Index>(i));
      bool finite = true;
      for (std::size_t j = 0; j < m; ++j) finite &= std::isfinite(r[j]);
      if (finite) continue;
    }
    std::size_t out_j = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const double v = npy_value(base + (i * m + j) * h.width, h.kind, h.width);
      auto cell_error = [&](const std::string& what) {
        return IoError(
            fmt::format("{} row {}, column '{}' ({}): {}", who, i + 1, names[j], j + 1, what));
      };
      if (label_col && j == *label_col) {
        if (!(v == std::floor(v)) || std::abs(v) > std::numeric_limits<int>::max()) {
          throw cell_error(fmt::format("label {} is not an integer", v));
        }
        out.labels[i] = static_cast<int>(v);
        continue;
      }
      float f = static_cast<float>(v);
      if (std::isnan(v)) {
        if (options.impute != Impute::Median) throw cell_error("missing value (NaN)");
        missing.push_back({i, out_j});
      } else if (std::isinf(v)) {
        throw cell_error(fmt::format("infinite value {}", v));
      } else if (std::abs(v) > fmax) {
        throw cell_error(fmt::format("value {} is out of float32 range", v));
      }
      out.x(static_cast<Index>(i), static_cast<Index>(out_j++)) = f;
    }
  }
  for (std::size_t j = 0; j < m; ++j) {
    if (!label_col || j != *label_col) out.columns.push_back(names[j]);
  }
  impute_median(out.x, missing, out.columns, who);
  out.imputed_cells = missing.size();
  return out;
}

// ---- writing ---------------------------------------------------------------------------------

std::string temp_name_for(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  return fmt::format(".{}.tmp-{}-{}", path.filename().string(), ::getpid(), counter++);
}

void append_double(std::string& out, double v, int digits) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, digits);
  out.append(buf, res.ptr);
}

void append_float(std::string& out, float v) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 9);
  out.append(buf, res.ptr);
}

void append_csv_cell(std::string& out, const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

Dataset read_csv_text(const std::string& text, const std::string& name, const ReadOptions& options,
                      char delimiter) {
  std::string copy = text;
  return parse_delimited(copy, name, options, delimiter, "read_csv_text");
}

Dataset read_dataset(const std::filesystem::path& path, const ReadOptions& options) {
  const std::string name = path.string();
  const std::string lname = lower(path.filename().string());
  if (ends_with(lname, ".npy")) return parse_npy(read_plain_file(path), name, options);
  const bool gz = ends_with(lname, ".gz");
  const std::string base = gz ? lname.substr(0, lname.size() - 3) : lname;
  char delimiter = 0;
  if (ends_with(base, ".csv") || ends_with(base, ".txt")) delimiter = ',';
  if (ends_with(base, ".tsv")) delimiter = '\t';
  if (delimiter == 0) {
    throw IoError(fmt::format(
        "read_dataset: {}: unknown file type (expected .csv, .tsv, .txt, .csv.gz, .tsv.gz, .npy)",
        name));
  }
  std::string text = gz ? read_gzip_file(path) : read_plain_file(path);
  return parse_delimited(text, name, options, delimiter, "read_dataset");
}

void write_text_atomic(const std::filesystem::path& path, const std::string& content) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const fs::path temp = dir / temp_name_for(path);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw IoError(fmt::format("write: cannot create a temporary file in '{}' for '{}': {}",
                              dir.string(), path.string(), std::strerror(errno)));
  }
  auto fail = [&](const char* what) {
    const int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return IoError(fmt::format("write: {} '{}': {}", what, path.string(), std::strerror(err)));
  };
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw fail("cannot write");
    }
    p += w;
    left -= static_cast<std::size_t>(w);
  }
  if (::fsync(fd) != 0 && errno != EINVAL) throw fail("cannot flush");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw IoError(fmt::format("write: cannot close '{}': {}", path.string(), std::strerror(err)));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw IoError(fmt::format("write: cannot move the finished file into place as '{}': {}",
                              path.string(), std::strerror(err)));
  }
}

void write_csv(const std::filesystem::path& path, const std::vector<std::string>& header,
               MatrixView values) {
  if (!header.empty() && static_cast<Index>(header.size()) != values.cols()) {
    throw InvalidInput(
        fmt::format("write_csv: header has {} names for {} columns", header.size(), values.cols()));
  }
  std::string out;
  out.reserve(static_cast<std::size_t>(values.size()) * 12 + 64);
  for (std::size_t j = 0; j < header.size(); ++j) {
    if (j) out += ',';
    append_csv_cell(out, header[j]);
  }
  if (!header.empty()) out += '\n';
  for (Index i = 0; i < values.rows(); ++i) {
    const float* r = values.row(i);
    for (Index j = 0; j < values.cols(); ++j) {
      if (j) out += ',';
      append_float(out, r[j]);
    }
    out += '\n';
  }
  write_text_atomic(path, out);
}

void write_column_csv(const std::filesystem::path& path, const std::string& column,
                      const std::vector<int>& values) {
  std::string out;
  out.reserve(values.size() * 4 + column.size() + 2);
  append_csv_cell(out, column);
  out += '\n';
  char buf[16];
  for (int v : values) {
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
    out += '\n';
  }
  write_text_atomic(path, out);
}

void write_column_csv(const std::filesystem::path& path, const std::string& column,
                      const std::vector<double>& values) {
  std::string out;
  out.reserve(values.size() * 24 + column.size() + 2);
  append_csv_cell(out, column);
  out += '\n';
  for (double v : values) {
    append_double(out, v, 17);
    out += '\n';
  }
  write_text_atomic(path, out);
}

void write_json(const std::filesystem::path& path, const nlohmann::json& value) {
  std::string text;
  try {
    text = value.dump(2) + "\n";
  } catch (const nlohmann::json::exception& e) {
    throw IoError(fmt::format("write_json: '{}': {}", path.string(), e.what()));
  }
  write_text_atomic(path, text);
}

}  // namespace metaul::io
