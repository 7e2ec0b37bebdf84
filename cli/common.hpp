#pragma once
// What the commands share: settings from the command line, loading with them, progress on
// the terminal, and Ctrl-C.

#include "engine/sim/batch.hpp"
#include "output/results_database.hpp"
#include "output/run_folder.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#ifndef TRAPPSTEG_VERSION
#define TRAPPSTEG_VERSION "unknown"
#endif

namespace CLI {
class App;
}

namespace trappsteg::cli {

inline constexpr int kExitInputError = 2;
inline constexpr int kExitInterrupted = 130;

/// Settings every running command accepts.
struct RunSettings {
  std::optional<std::uint64_t> seed;
  std::optional<int> replicates;
  std::optional<double> scale;
  std::optional<int> years;
  int threads = 0;
  bool quiet = false;
  std::vector<std::string> set;  ///< --set path=value
  std::string csv_dialect = "standard";  ///< --csv-dialect standard|excel-sv
  std::string lang = "en";               ///< --lang sv|en of report.html
  CsvDialect dialect() const { return parse_csv_dialect(csv_dialect); }
};

/// Adds --seed, --replicates, --scale, --years, --threads, --quiet and --set to a command.
void add_run_settings(CLI::App& command, RunSettings& settings);

/// Loads a scenario with the command line's settings; its resolved YAML records them.
LoadedScenario prepare(const std::filesystem::path& file, const RunSettings& settings);

/// The database row describing replicate `replicate` of a loaded scenario.
RunRecord run_record(const Scenario& scenario, std::uint32_t replicate, const std::string& started_at);

/// Writes report.html into a finished results folder.
void write_report_file(const std::filesystem::path& folder, const std::string& lang);

/// Worker threads: --threads, or every core.
int thread_count(const RunSettings& settings);

/// The current time as ISO 8601 UTC.
std::string utc_now();

/// Writes one CSV for all replicates: the header once, then each replicate's rows.
void write_replicates(RunFolder& folder, const std::string& name, const std::vector<RunResult>& runs,
                      void (*writer)(std::ostream&, const std::string&, const RunResult&), const std::string& scenario);

/// Set by Ctrl-C (SIGINT) once install_interrupt_handler() has run; a second Ctrl-C exits at once.
std::atomic<bool>& interrupted();
void install_interrupt_handler();

/// A progress bar on stderr — runs done of total, elapsed, time left — drawn only on a
/// terminal and not with --quiet. Safe to call from worker threads.
class ProgressBar {
 public:
  ProgressBar(std::string label, std::size_t total, bool enabled);
  /// One more run finished.
  void advance();
  /// Ends the bar's line.
  void finish();

 private:
  void draw();
  std::string label_;
  std::size_t total_, done_ = 0;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
};

}  // namespace trappsteg::cli
