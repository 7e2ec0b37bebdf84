#pragma once
// What the commands share: settings from the command line, loading with them, progress on
// the terminal, and Ctrl-C.

#include "engine/scenario/sweep_spec.hpp"
#include "engine/sim/batch.hpp"
#include "output/labels.hpp"
#include "output/results_database.hpp"
#include "output/run_folder.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#ifndef TRAPPSTEG_VERSION
#define TRAPPSTEG_VERSION "unknown"
#endif

namespace CLI {
class App;
class Validator;
}

namespace trappsteg::cli {

inline constexpr int kExitInputError = 2;
inline constexpr int kExitInterrupted = 130;

/// One share of a sweep's runs, for a job array (`sweep --shard index/count`): the sweep's
/// k-th run (k = point × replicates + replicate, from 0) belongs to shard k mod count + 1, so
/// every shard gets every count-th run, points with costly values spread over all of them.
struct Shard {
  int index = 1;  ///< 1 … count
  int count = 1;  ///< at least 1
  /// True if the sweep's run `run` (k above) is this shard's.
  bool owns(std::size_t run) const { return run % static_cast<std::size_t>(count) == static_cast<std::size_t>(index - 1); }
};

/// Settings every running command accepts.
struct RunSettings {
  std::optional<std::int64_t> seed;      ///< 0 … 2^63 − 1
  std::optional<int> replicates;
  std::optional<double> scale;
  std::optional<int> years;
  int threads = 0;
  bool quiet = false;
  bool force = false;                    ///< --force: replace other Trappsteg results in --out
  std::optional<double> max_memory;      ///< --max-memory, bytes (default: what the machine has)
  std::vector<std::string> set;  ///< --set path=value
  std::vector<std::string> gap;  ///< --gap a,b: districts whose employment gap the headline follows
  bool keeps_microdata = false;          ///< run and compare: the person panel (add_microdata_settings); others leave it out
  std::string microdata;                 ///< --microdata [yearly|monthly|off]; empty: as the scenario says
  std::optional<double> microdata_sample;  ///< --microdata-sample, (0, 1]
  bool microdata_csv = false;            ///< --microdata-csv: panel.csv.gz, participations.csv.gz and events.csv.gz besides results.sqlite
  std::string csv_dialect = "standard";  ///< --csv-dialect standard|excel-sv
  std::string lang = "en";               ///< --lang sv|en of report.html
  std::optional<Shard> shard;            ///< sweep --shard I/N: only this share of the runs
  CsvDialect dialect() const { return parse_csv_dialect(csv_dialect); }
};

/// Adds --seed, --replicates, --scale, --years, --threads, --quiet, --force, --max-memory,
/// --csv-dialect, --lang, --set and --gap to a command.
void add_run_settings(CLI::App& command, RunSettings& settings);

/// Adds --shard I/N (sweep), refusing anything but whole numbers with 1 ≤ I ≤ N.
void add_shard_option(CLI::App& command, RunSettings& settings);

/// Adds --microdata and --microdata-sample (run and compare: the commands that keep people).
void add_microdata_settings(CLI::App& command, RunSettings& settings);

/// Makes `same` keep the people `first` keeps (frequency and sample), so that every scenario of a
/// compare, or a run's baseline, has a panel of the same people.
void keep_microdata_of(RunSettings& same, const Scenario& first);
/// Says, before anything runs, how many panel rows and events the runs will keep and about how
/// large they make results.sqlite; nothing when no run keeps people or with --quiet.
void announce_microdata(const std::vector<const LoadedScenario*>& scenarios, bool quiet);

/// A CLI11 check that a number is finite (NaN and infinities pass range checks otherwise).
const CLI::Validator& finite_number();
/// A CLI11 check for a seed: a whole number in [0, 2^63 − 1].
const CLI::Validator& seed_range();

/// Loads a scenario with the command line's settings; its resolved YAML records them. With
/// `shared_overrides` the --set values go to other scenarios too, and one aimed at a policy
/// this scenario does not run is left for the command to check against all of them.
LoadedScenario prepare(const std::filesystem::path& file, const RunSettings& settings, bool shared_overrides = false);

/// Display names from the scenarios' files, in both languages: each scenario (by the name the
/// command gives it, `names[i]` for `scenarios[i]`), its districts, steps and policies.
DisplayNames display_names(const std::vector<const LoadedScenario*>& scenarios, const std::vector<std::string>& names);

/// The database row describing replicate `replicate` of a loaded scenario.
RunRecord run_record(const Scenario& scenario, std::uint32_t replicate, const std::string& started_at);

/// Writes report.html into a run or compare folder's staging, before the folder is committed.
void write_report_file(RunFolder& folder, const std::string& lang);

/// Everything that decides the results of running `scenario` (its resolved files, the
/// engine version and the output settings), part by part, each named after `prefix`.
void add_scenario_parts(InputParts& parts, const std::string& prefix, const LoadedScenario& scenario);
/// The output settings that change the files written (dialect, language) and the engine version.
InputParts output_parts(const RunSettings& settings);

/// How a command keeps and writes its runs, which decides what it needs at its peak.
enum class Ensemble {
  kRun,      ///< every replicate kept, then outcomes.csv with all of them written and read back
  kCompare,  ///< every run kept, then compare.csv (a row per scenario and cell) written and read back
  kSweep,    ///< each run written as it finishes
};

/// Refuses (InputError, exit 2) to start what would need more memory than the machine has
/// (or than --max-memory allows) or more disk than is free beside `out`, before anything runs.
void check_resources(const std::vector<const LoadedScenario*>& scenarios, std::size_t runs, int threads,
                     const RunSettings& settings, const std::filesystem::path& out, Ensemble ensemble);

/// For the commands that keep their work in --out as they go and can continue it (calibrate,
/// sensitivity): refuses a folder holding other results, or this same work without --resume
/// or --force; clears it for a fresh start otherwise. `kind` names the work in the manifest
/// ("calibration"), `what` in messages ("calibration", "sensitivity analysis"), `work_file`
/// the file it continues from ("trace.csv"). Call with the folder locked.
/// @returns true if the folder's `work_file` is to be read back (--resume of the same work).
bool open_resumable_folder(const std::filesystem::path& out, const std::string& kind, const std::string& what,
                           const std::string& work_file, const InputParts& inputs, bool resume, bool force);

/// The results folder of a command run on a file: --out, or results/<file name without .yaml>.
/// @throws InputError if the file name cannot name a folder and no --out is given.
std::filesystem::path results_folder_for(const std::filesystem::path& file, const std::string& out_option);

/// Worker threads: --threads, or every core.
int thread_count(const RunSettings& settings);

/// The current time as ISO 8601 UTC.
std::string utc_now();

/// Writes one CSV for all replicates: the header once, then each replicate's rows.
void write_replicates(RunFolder& folder, const std::string& name, const std::vector<RunResult>& runs,
                      void (*writer)(std::ostream&, const std::string&, const RunResult&), const std::string& scenario);
/// A scenario's name and its replicates' results.
using ScenarioRuns = std::pair<std::string, const std::vector<RunResult>*>;
/// Writes one CSV for the replicates of several scenarios: the header once, then their rows.
void write_replicates(RunFolder& folder, const std::string& name, const std::vector<ScenarioRuns>& scenarios,
                      void (*writer)(std::ostream&, const std::string&, const RunResult&));

/// A sweep loaded and checked at every point, with the baselines of its budget: what `sweep`
/// runs and finishes, and what `merge` finishes from the runs of its shards.
struct SweepPlan {
  SweepSpec spec;
  std::filesystem::path file;               ///< the sweep file as given
  std::string name;                         ///< its name without .yaml: the runs' `sweep` in results.sqlite
  std::vector<std::vector<double>> points;  ///< the parameter values of each point
  std::vector<LoadedScenario> loaded;       ///< each point's scenario
  std::vector<LoadedScenario> baselines;    ///< the budget's distinct baselines (none: the sweep has no budget)
  std::vector<std::size_t> baseline_of;     ///< each point's index into baselines
  InputParts inputs;                        ///< what decides the results, for the manifest (a shard adds --shard)
  int replicates() const { return loaded.front().scenario.replicates; }
  /// Points × replicates.
  std::size_t runs() const { return points.size() * static_cast<std::size_t>(replicates()); }
  bool with_budget() const { return !baselines.empty(); }
};

/// Loads a sweep file with the command line's settings and checks every point before anything
/// runs. @throws InputError with every problem, each naming its point.
SweepPlan load_sweep_plan(const std::filesystem::path& file, const RunSettings& settings);

/// A sweep run's file in its folder: "runs/p00003-r0001.csv".
std::string sweep_run_file(std::size_t point, std::uint32_t replicate);

/// The finishing step of a sweep whose runs are all in `folder`/runs/ and `database`: writes
/// sweep.csv, points.csv, with a budget the baselines' runs and budget.csv, budget_spread.csv
/// and payback.csv (their rows also into the database), and report.html, each atomically.
/// @returns what it wrote (name → fingerprint), or nullopt if a signal stopped the baselines.
/// @throws InputError naming a run file that is missing or damaged.
std::optional<std::map<std::string, FileFingerprint>> finish_sweep(const SweepPlan& plan, const std::filesystem::path& folder,
                                                                   ResultsDatabase& database, const RunSettings& settings);

/// What a shard folder's shard.yaml records: the sweep file and the command line's settings
/// that made the shard, so that `merge` loads the same sweep again.
struct ShardRecord {
  std::filesystem::path sweep_file;  ///< absolute
  RunSettings settings;              ///< seed, replicates, scale, years, --set, --gap, dialect, language and the shard
};
/// shard.yaml's text for a shard made from `file` with `settings` (which name the shard).
std::string shard_record_text(const std::filesystem::path& file, const RunSettings& settings);
/// Reads a shard folder's shard.yaml. @throws InputError naming the file if it cannot be read.
ShardRecord read_shard_record(const std::filesystem::path& file);

/// Set by Ctrl-C (SIGINT), SIGTERM or SIGHUP once install_interrupt_handler() has run; a
/// second signal exits at once (a staging folder left then is removed by the next run).
std::atomic<bool>& interrupted();
void install_interrupt_handler();
/// Throws Cancelled if a signal came: called between the writers of a folder.
void stop_if_interrupted();

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
