#include "output/csv_dialect.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace trappsteg {
namespace {

/// A field is a number if all of it parses as one (so "stage:job_seeker" or "2016-06" stay text).
bool is_number(std::string_view field) {
  if (field.empty()) return false;
  double value = 0;
  auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  return error == std::errc() && end == field.data() + field.size();
}

void append_field(std::string& out, std::string_view field, bool quoted) {
  if (is_number(field) && !quoted) {
    for (char c : field) out += c == '.' ? ',' : c;
    return;
  }
  bool needs_quotes = quoted || field.find_first_of(";\"\n") != std::string_view::npos;
  if (!needs_quotes) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

CsvDialect parse_csv_dialect(std::string_view name) {
  if (name == "standard") return CsvDialect::kStandard;
  if (name == "excel-sv") return CsvDialect::kExcelSv;
  throw Error(fmt::format("unknown CSV dialect '{}'; use standard or excel-sv", name));
}

std::string convert_csv(std::string_view csv, CsvDialect dialect) {
  if (dialect == CsvDialect::kStandard) return std::string(csv);
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte-order mark: Excel then reads å, ä, ö right
  out.reserve(csv.size() + 16);
  std::size_t i = 0;
  while (i < csv.size()) {
    // One record: fields separated by ',', a field possibly quoted with "" for a quote.
    bool first = true;
    while (true) {
      std::string field;
      bool quoted = false;
      if (i < csv.size() && csv[i] == '"') {
        quoted = true;
        ++i;
        while (i < csv.size()) {
          if (csv[i] == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
            field += '"';
            i += 2;
          } else if (csv[i] == '"') {
            ++i;
            break;
          } else {
            field += csv[i++];
          }
        }
      }
      while (i < csv.size() && csv[i] != ',' && csv[i] != '\n' && csv[i] != '\r') field += csv[i++];
      if (!first) out += ';';
      append_field(out, field, quoted);
      first = false;
      if (i < csv.size() && csv[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    if (i < csv.size() && csv[i] == '\r') ++i;
    if (i < csv.size() && csv[i] == '\n') ++i;
    out += "\r\n";  // Excel's line ending
  }
  return out;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_to_standard(std::string_view csv) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (csv.substr(0, kBom.size()) != kBom) return std::string(csv);
  csv.remove_prefix(kBom.size());
  std::string out;
  out.reserve(csv.size());
  std::size_t i = 0;
  while (i < csv.size()) {
    bool first = true;
    while (true) {
      std::string field;
      bool quoted = false;
      if (i < csv.size() && csv[i] == '"') {
        quoted = true;
        ++i;
        while (i < csv.size()) {
          if (csv[i] == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
            field += '"';
            i += 2;
          } else if (csv[i] == '"') {
            ++i;
            break;
          } else {
            field += csv[i++];
          }
        }
      }
      while (i < csv.size() && csv[i] != ';' && csv[i] != '\n' && csv[i] != '\r') field += csv[i++];
      if (!first) out += ',';
      // A number written with a decimal comma reads back with a decimal point.
      std::string as_number = field;
      std::replace(as_number.begin(), as_number.end(), ',', '.');
      if (!quoted && is_number(as_number)) out += as_number;
      else out += csv_field(field);
      first = false;
      if (i < csv.size() && csv[i] == ';') {
        ++i;
        continue;
      }
      break;
    }
    if (i < csv.size() && csv[i] == '\r') ++i;
    if (i < csv.size() && csv[i] == '\n') ++i;
    out += '\n';
  }
  return out;
}

}  // namespace trappsteg
