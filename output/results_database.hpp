#pragma once
// results.sqlite: every run of an output folder in one queryable database — the runs and
// their parameters, the monthly series (every row of outcomes.csv), yearly headline
// summaries and the budget. Each run is committed in one transaction as it finishes, so an
// interrupted sweep loses nothing that was complete. The schema is in docs/results_database.md.

#include "engine/budget/budget.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/sensitivity.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trappsteg {

/// What identifies a run in the database.
struct RunRecord {
  std::string scenario;
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  double scale = 1;
  int months = 0;
  int start_year = 0;
  std::string resolved_yaml;   ///< the scenario as run (Scenario::resolved_yaml)
  std::string engine_version;
  std::string started_at, finished_at;  ///< ISO 8601 UTC
  std::string sweep;           ///< sweep name, empty for run/compare
  std::int64_t sweep_point = -1;
  std::vector<std::pair<std::string, double>> parameters;  ///< sweep parameter path → value
};

/// The results database of one output folder (results.sqlite). Thread-safe: add_run may be
/// called from worker threads (writes are serialised).
class ResultsDatabase {
 public:
  /// Opens or creates the file and its schema. @throws Error with the file name on failure.
  explicit ResultsDatabase(const std::filesystem::path& file);
  ~ResultsDatabase();
  ResultsDatabase(const ResultsDatabase&) = delete;
  ResultsDatabase& operator=(const ResultsDatabase&) = delete;

  /// Writes one run — the runs row, its monthly series (every row write_outcomes_csv would
  /// write), its headline summary values at the end of each year for the city and every
  /// district, and its budget if given — in ONE transaction: all of it is stored or none.
  /// @returns the run id. @throws Error with the file name on failure (nothing is stored).
  std::int64_t add_run(const RunRecord& record, const RunResult& run, const Budget* budget);
  /// Stores the budget of every run of a sweep against its baseline (budgets[point][replicate]),
  /// known only when all its runs are done: the `budget` and `budget_totals` rows and the
  /// runs' payback years, replacing any stored before, in ONE transaction.
  /// @throws Error with the file name on failure (nothing is stored), also if a run is missing.
  void set_sweep_budgets(const std::string& sweep, const std::vector<std::vector<Budget>>& budgets);
  /// Copies every sweep run stored in other results databases (the shards of a sweep, each
  /// closed) into this one: the runs, their parameters, monthly series, summaries and budgets.
  /// Runs get new ids in order of sweep and point and replicate; dimensions are matched by name.
  /// One transaction per database read, so a failure leaves this one partly filled: write it in
  /// a staging folder. @throws Error naming the file on failure, also if a run is stored twice.
  void import_sweep_runs(const std::vector<std::filesystem::path>& shards);
  /// True if a run of this sweep point and replicate is already stored (for sweep --resume).
  /// @throws Error on failure.
  bool has_sweep_run(const std::string& sweep, std::int64_t point, std::uint32_t replicate);
  /// Writes a finished sensitivity analysis — its inputs, outputs, every point and the
  /// indices — in ONE transaction, replacing an analysis stored before.
  /// @throws Error with the file name on failure (nothing is stored).
  void add_sensitivity(const SensitivityAnalysis& analysis, const std::vector<SensitivityPoint>& points,
                       const std::vector<OutputSensitivity>& indices);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The schema as SQL text (for the README and for tests).
std::string_view results_database_schema();

}  // namespace trappsteg
