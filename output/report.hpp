#pragma once
// report.html: one self-contained page (Vega-Lite charts with the libraries inlined, no network
// request) summarising a results folder of `trappsteg run`, `compare` or `sweep`.

#include <filesystem>
#include <iosfwd>
#include <string>

namespace trappsteg {

/// Writes report.html for `results_folder` — a run (summary.json), a compare (compare.csv) or a
/// sweep (sweep.csv) folder, told apart by the files it holds — in `lang` ("sv" or "en").
/// Reads only the folder's files, so it can be regenerated without running again; `title`
/// names the folder on the page (default: the folder's name).
/// @throws Error if the folder is not a Trappsteg results folder, a file in it cannot be read,
/// or `lang` is neither "sv" nor "en".
void write_report(const std::filesystem::path& results_folder, const std::string& lang, std::ostream& out,
                  const std::string& title = "");

}  // namespace trappsteg
