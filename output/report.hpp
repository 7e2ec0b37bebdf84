#pragma once
// report.html: one self-contained page (Vega-Lite charts with the libraries inlined, no network
// request) summarising a results folder of `trappsteg run`, `compare`, `sweep`, `calibrate` or
// `sensitivity`.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace trappsteg {

/// Writes report.html for `results_folder` — a run (summary.json), a compare (compare.csv), a
/// sweep (sweep.csv), a calibration (fit.csv) or a sensitivity analysis (sensitivity.yaml and
/// indices.csv) folder, told apart by the files it holds — in `lang` ("sv" or "en").
/// Reads only the folder's files, so it can be regenerated without running again; `title`
/// names the folder on the page (default: the folder's name).
/// @throws Error if the folder is not a Trappsteg results folder, a file in it cannot be read,
/// or `lang` is neither "sv" nor "en"; InputError naming the file, line and column if a
/// sensitivity's indices.csv or points.csv, or a budget_spread.csv, budget_table.csv, payback.csv
/// or uncertainty.csv, is damaged.
void write_report(const std::filesystem::path& results_folder, const std::string& lang, std::ostream& out,
                  const std::string& title = "");

/// One chart of the report: its id on the page (chart-budget, chart-map, ...) and its whole
/// Vega-Lite specification, data and number locale included, as JSON text.
struct ReportChart {
  std::string id, spec;
};

/// The charts `write_report` draws for `results_folder` in `lang`, in the page's order.
/// @throws as write_report.
std::vector<ReportChart> report_charts(const std::filesystem::path& results_folder, const std::string& lang);

/// What `write_chart_files` wrote, and why the SVGs were not written if they were not.
struct ChartFiles {
  std::vector<std::filesystem::path> specs, svgs, pngs;
  std::string svg_problem;  ///< empty when every SVG and PNG was written
};

/// Writes each chart of the report as `out_dir`/<id>.vl.json (creating the folder), then renders
/// them to `out_dir`/<id>.svg and <id>.png with node and `report_tools`/chart_svg.mjs (Vega and
/// resvg in `report_tools`/node_modules, headless), started with posix_spawnp: no shell, the paths
/// as arguments. Without `report_tools`, node or its modules the specs are still written and
/// `svg_problem` says why the SVGs and PNGs are not. @throws Error if a spec cannot be written.
ChartFiles write_chart_files(const std::filesystem::path& results_folder, const std::string& lang, const std::filesystem::path& out_dir,
                             const std::optional<std::filesystem::path>& report_tools);

/// The folder holding chart_svg.mjs and node_modules: $TRAPPSTEG_REPORT_DIR if set, else report/
/// in the nearest folder above the running program (a build tree inside the checkout), else
/// ./report; nullopt if none holds chart_svg.mjs.
std::optional<std::filesystem::path> find_report_tools();

}  // namespace trappsteg
