#pragma once
// CSV for spreadsheets: the long-format files are written with commas and decimal points;
// a Swedish Excel wants semicolons, decimal commas and a byte-order mark to read UTF-8.

#include <string>
#include <string_view>
#include <vector>

namespace trappsteg {

/// How CSV files are written.
enum class CsvDialect {
  kStandard,  ///< RFC 4180: ',' between fields, '.' in numbers
  kExcelSv,   ///< ';' between fields, ',' in numbers, UTF-8 with BOM (Excel with Swedish settings)
};

/// Parses "standard" or "excel-sv". @throws Error for anything else.
CsvDialect parse_csv_dialect(std::string_view name);

/// Rewrites standard CSV text in `dialect`: separators, decimal marks in numeric fields
/// (text fields are left alone, quoted when they hold the new separator), and the BOM.
std::string convert_csv(std::string_view standard_csv, CsvDialect dialect);

/// Reads CSV text written in either dialect back as standard CSV (for readers of a results
/// folder): the Excel dialect is recognised by its byte-order mark.
std::string csv_to_standard(std::string_view csv);

/// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);

/// The fields of one standard CSV line (quoted fields may hold commas; a doubled quote is one).
std::vector<std::string> split_csv_line(std::string_view line);

/// A number field as written (shortest round-trip text); empty or not a number: NaN.
double parse_csv_number(std::string_view text);

/// A number as a field: the shortest text that reads back exactly, empty for NaN.
std::string csv_number(double value);

}  // namespace trappsteg
