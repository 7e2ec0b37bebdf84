#pragma once
// report.html: one self-contained page (Vega-Lite charts with the libraries inlined, no network
// request) summarising a results folder of `trappsteg run`, `compare`, `sweep`, `calibrate` or
// `sensitivity`.

#include <filesystem>
#include <iosfwd>
#include <string>

namespace trappsteg {

/// Writes report.html for `results_folder` — a run (summary.json), a compare (compare.csv), a
/// sweep (sweep.csv), a calibration (fit.csv) or a sensitivity analysis (sensitivity.yaml and
/// indices.csv) folder, told apart by the files it holds — in `lang` ("sv" or "en").
/// Reads only the folder's files, so it can be regenerated without running again; `title`
/// names the folder on the page (default: the folder's name).
/// @throws Error if the folder is not a Trappsteg results folder, a file in it cannot be read,
/// or `lang` is neither "sv" nor "en"; InputError naming the file, line and column if a
/// sensitivity's indices.csv or points.csv, or a budget_spread.csv, payback.csv or
/// uncertainty.csv, is damaged.
void write_report(const std::filesystem::path& results_folder, const std::string& lang, std::ostream& out,
                  const std::string& title = "");

}  // namespace trappsteg
