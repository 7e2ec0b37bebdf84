#pragma once
// `trappsteg trace DIR --person ID | --household ID`: one person's or household's life course,
// read back from the microdata in a results folder's results.sqlite.

#include "output/labels.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace trappsteg {

struct TraceRequest {
  std::optional<std::int64_t> person, household;  ///< exactly one is set
  std::string scenario;                           ///< empty: every scenario in the database
  std::int64_t replicate = 0;
  Language language = Language::kEnglish;  ///< of the text; keys, ids and the errors stay as they are
};

/// Writes the life course as text: for a person, every event with its calendar month, the months
/// spent on each step, the panel rows (age, district, step, earnings, the household's incomes and
/// support, policy) and the household they last lived in; for a household, its members at each
/// month kept and the people who joined or left it. One section per scenario (the same ids in
/// each, so they can be read side by side), in English or Swedish.
/// @throws InputError (exit 2) if the folder has no results.sqlite, the database keeps no
/// microdata (run with --microdata), or the person, household, scenario or replicate is not in it.
void write_trace(const std::filesystem::path& results_folder, const TraceRequest& request, std::ostream& out);

}  // namespace trappsteg
