#include "output/csv_dialect.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace trappsteg {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";  // UTF-8 byte-order mark: Excel then reads å, ä, ö right

/// A field is a number if all of it parses as one (so "stage:job_seeker" or "2016-06" stay text).
bool is_number(std::string_view field) {
  if (field.empty()) return false;
  double value = 0;
  auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  return error == std::errc() && end == field.data() + field.size();
}

/// Reads CSV with `separator`, calling `field(text, quoted, first_in_record)` for each field
/// and `end_record()` after each record. A quoted field may hold separators and "" for a quote.
template <class Field, class EndRecord>
void parse_csv(std::string_view csv, char separator, Field field, EndRecord end_record) {
  std::size_t i = 0;
  while (i < csv.size()) {
    bool first = true;
    while (true) {
      std::string text;
      bool quoted = false;
      if (i < csv.size() && csv[i] == '"') {
        quoted = true;
        ++i;
        while (i < csv.size()) {
          if (csv[i] == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
            text += '"';
            i += 2;
          } else if (csv[i] == '"') {
            ++i;
            break;
          } else {
            text += csv[i++];
          }
        }
      }
      while (i < csv.size() && csv[i] != separator && csv[i] != '\n' && csv[i] != '\r') text += csv[i++];
      field(text, quoted, first);
      first = false;
      if (i < csv.size() && csv[i] == separator) {
        ++i;
        continue;
      }
      break;
    }
    if (i < csv.size() && csv[i] == '\r') ++i;
    if (i < csv.size() && csv[i] == '\n') ++i;
    end_record();
  }
}

/// `text` quoted (quotes doubled) when it is quoted already or holds one of `specials`.
std::string quote_if_needed(std::string_view text, std::string_view specials, bool force = false) {
  if (!force && text.find_first_of(specials) == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

CsvDialect parse_csv_dialect(std::string_view name) {
  if (name == "standard") return CsvDialect::kStandard;
  if (name == "excel-sv") return CsvDialect::kExcelSv;
  throw Error(fmt::format("unknown CSV dialect '{}'; use standard or excel-sv", name));
}

std::string convert_csv(std::string_view csv, CsvDialect dialect) {
  if (dialect == CsvDialect::kStandard) return std::string(csv);
  std::string out(kBom);
  out.reserve(csv.size() + 16);
  parse_csv(csv, ',', [&](const std::string& text, bool quoted, bool first) {
    if (!first) out += ';';
    if (!quoted && is_number(text)) {
      for (char c : text) out += c == '.' ? ',' : c;  // a decimal comma
    } else {
      out += quote_if_needed(text, ";\"\n", quoted);
    }
  }, [&] { out += "\r\n"; });  // Excel's line ending
  return out;
}

std::string csv_field(std::string_view text) { return quote_if_needed(text, ",\"\n"); }

std::string csv_to_standard(std::string_view csv) {
  if (csv.substr(0, kBom.size()) != kBom) return std::string(csv);
  csv.remove_prefix(kBom.size());
  std::string out;
  out.reserve(csv.size());
  parse_csv(csv, ';', [&](const std::string& text, bool quoted, bool first) {
    if (!first) out += ',';
    // A number written with a decimal comma reads back with a decimal point.
    std::string as_number = text;
    std::replace(as_number.begin(), as_number.end(), ',', '.');
    out += !quoted && is_number(as_number) ? as_number : csv_field(text);
  }, [&] { out += '\n'; });
  return out;
}

std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
      else quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

double parse_csv_number(std::string_view text) {
  if (text.empty()) return std::nan("");
  double v = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  return error == std::errc() && end == text.data() + text.size() ? v : std::nan("");
}

std::string csv_number(double value) { return std::isnan(value) ? std::string() : fmt::format("{}", value); }

}  // namespace trappsteg
