#pragma once
/// @file io.h
/// Dataset input and output.
///
/// Reading (`read_dataset` dispatches on the file name, case-insensitively):
/// - `.csv`, `.tsv`, `.txt`, `.csv.gz`, `.tsv.gz`, `.txt.gz`: delimited text, UTF-8 (a BOM is
///   skipped), LF or CRLF line ends, RFC 4180 quoted fields ("a,b", doubled quotes, line breaks
///   inside quotes), delimiter ',' (or '\t' for .tsv). Spaces around unquoted cells are ignored.
///   A header line is detected when any of its cells is neither a number nor a missing-value
///   token (cells of a label column given by position do not count), or forced with
///   `ReadOptions::header`; without one, columns are named x0..x{m-1} after their position in
///   the file (so feature names skip the label column's position). Lines starting with '#' are
///   skipped only when `comments` is set. Blank lines are skipped. The whole file is read at once
///   and parsed in place (fast_float); a 10,000 × 100 CSV takes about 20 ms.
/// - `.npy`: NumPy format 1.0/2.0/3.0, C order, little-endian dtypes float32/float64/
///   int8..int64/uint8..uint64, 1-D (one column) or 2-D. Columns are named x0..x{m-1} by position.
///   NaN cells count as missing. Fortran order, big-endian data and other dtypes are IoErrors.
/// Missing cells (empty, `NA`, `NaN`, `nan`, `null`, `?`, also `NAN`, `N/A`, `NULL`) and
/// non-numeric cells are errors that name the file, the line (1-based, counting every line of the
/// file as an editor does; rows for .npy) and the column (name and 1-based position), e.g.
/// `read_dataset: data.csv line 7, column 'x3' (4): non-numeric value 'abc'`, unless `impute` is
/// `Median`, which replaces each with the median of the finite values of its column (an
/// all-missing column is an error). Values that overflow float32 (|x| > 3.4e38) are errors naming
/// the cell. Infinite cells ("inf") are errors too. Rows with a different number of fields than
/// the first line are errors naming the line and both counts.
/// A label column (`label_column`, by name, or as `x<j>` or a 0-based index, negative counting
/// from the end) is split off: integer labels (also written as "3.0") are kept as they are (so -1
/// marks noise), otherwise every distinct text is mapped to ids 0..m-1 in sorted (byte) order,
/// kept in `label_names`. An empty label cell is an error. For .npy the label column must hold
/// integral values.
/// throws: IoError (cannot open, malformed, ragged rows, missing label column, empty data).
///
/// Writing: every writer goes through a temporary file in the destination folder that is renamed
/// into place only when complete, so a failure never leaves a partial file.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "metaul/core/matrix.h"

namespace metaul::io {

enum class Impute { None, Median };
enum class Header { Auto, Present, Absent };

struct ReadOptions {
  std::optional<std::string> label_column;  ///< name (or index) of the column to split off
  Header header = Header::Auto;             ///< header detection
  bool comments = false;                    ///< skip lines starting with '#'
  Impute impute = Impute::None;             ///< what to do with missing cells
};

struct Dataset {
  Matrix x;                              ///< n × d features
  std::vector<std::string> columns;      ///< d feature names
  std::vector<int> labels;               ///< n labels when a label column was read, else empty
  std::vector<std::string> label_names;  ///< id → original text when labels were not integers
  std::string label_column;              ///< name of the label column, if any
  std::size_t imputed_cells = 0;         ///< cells filled in by `Impute::Median`
  bool has_labels() const { return !labels.empty(); }
};

/// Reads a data set; the format follows the file name (see above).
Dataset read_dataset(const std::filesystem::path& path, const ReadOptions& options = {});
/// Reads delimited text from memory (`name` is used in messages).
Dataset read_csv_text(const std::string& text, const std::string& name,
                      const ReadOptions& options = {}, char delimiter = ',');

/// Writes `content` to `path` atomically (temporary file + rename).  throws: IoError.
void write_text_atomic(const std::filesystem::path& path, const std::string& content);
/// Writes a CSV with the given header (cells quoted as RFC 4180 needs; an empty header writes no
/// header line) and one row per matrix row (floats with %.9g, which round-trips float32).
/// throws: InvalidInput when the header size differs from values.cols(); IoError.
void write_csv(const std::filesystem::path& path, const std::vector<std::string>& header,
               MatrixView values);
/// Writes one integer per line under a header line `column`.
void write_column_csv(const std::filesystem::path& path, const std::string& column,
                      const std::vector<int>& values);
/// Writes one number per line under a header line `column` (%.17g, which round-trips doubles).
void write_column_csv(const std::filesystem::path& path, const std::string& column,
                      const std::vector<double>& values);
/// Writes JSON (pretty-printed, 2 spaces, final newline). throws: IoError, also when the value
/// cannot be serialised (invalid UTF-8); the destination is then left untouched.
void write_json(const std::filesystem::path& path, const nlohmann::json& value);

}  // namespace metaul::io
