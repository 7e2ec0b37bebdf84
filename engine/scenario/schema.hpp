#pragma once
// The documented schema of every Trappsteg input file: each key a loader in
// engine/scenario accepts, with its type, unit, allowed range, default and meaning.
// A data table only (no I/O); `trappsteg schema` prints it and docs/schema.md is generated
// from it. The loaders remain the truth: tests/scenario/test_schema.cpp checks that every
// key in the shipped files is documented and that "required" agrees with the loaders.

#include <span>
#include <string>
#include <string_view>

namespace trappsteg {

/// One documented key of a Trappsteg file.
struct SchemaEntry {
  std::string_view file_kind;      ///< "scenario", "districts", "staircase", "economy", "demography", "benefits", "policy", "targets", "calibration", "sweep", "sweep"
  std::string_view key_path;       ///< e.g. "transitions[].base", "stages.<stage>.at_age.to", "capacity.districts.<district>"
  std::string_view type;           ///< "number", "integer", "boolean", "text", "list of numbers", "mapping", "path", "YYYY-MM", ...
  std::string_view unit;           ///< e.g. "per month", "SEK/month", "share", "years", "" if none
  std::string_view range;          ///< e.g. "[0, 1]", ">= 0", "one of: none, employment, education, training"
  std::string_view default_value;  ///< "required" if required (text starting with "required" when conditional)
  std::string_view meaning;        ///< one line
};

/// The file kinds, in the order the schema lists them.
std::span<const std::string_view> schema_file_kinds();

/// Every documented key, grouped by file kind in the order of schema_file_kinds().
std::span<const SchemaEntry> schema();

/// The schema as aligned plain text (for a terminal), optionally only one file kind;
/// an empty string for a kind that is not one of schema_file_kinds().
std::string schema_text(std::string_view file_kind = {});

/// The schema as a Markdown table per file kind (for documentation).
std::string schema_markdown();

/// The documented key a key path inside one file names ("transitions[from=a,to=b].base" is
/// "transitions[].base", "capacity.districts.angered" is "capacity.districts.<district>"), or
/// nullptr if none.
const SchemaEntry* schema_entry_for(std::string_view file_kind, std::string_view key_path);

/// Whether a key path as for --set ("policy.families_250.capacity.seats") names a value that
/// is whole by nature: a documented integer, or a number of people (seats, starts per year).
bool whole_numbered_key(std::string_view override_path);

}  // namespace trappsteg
