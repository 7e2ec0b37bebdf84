// Benchmark: storing one full-city ten-year run in results.sqlite — every metric of every group,
// every stage and a quarter of the possible flows, in every district and month, made-up values.
// Reports the monthly rows stored and rows per second.
//
//   ./build/release/bench/trappsteg_bench --benchmark_filter=results_database
//
// Target: well under a second (about 0.25 s for 400k rows in a release build, 2 cores).

#include "engine/metrics/outcomes.hpp"
#include "engine/sim/batch.hpp"
#include "engine/sim/run.hpp"
#include "output/results_database.hpp"

#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

namespace {

using namespace trappsteg;

/// A run of full-city size; the area and stage keys come from a tiny run of the baseline.
RunResult full_city_decade(const LoadedScenario& loaded) {
  Scenario tiny = loaded.scenario;
  tiny.scale = 0.02;
  tiny.months = 24;
  RunResult small = run_replicate(tiny, loaded.model, *loaded.staircase, 0);
  RunResult run;
  Outcomes& o = run.outcomes;
  o.area_keys = small.outcomes.area_keys;
  o.area_names = small.outcomes.area_names;
  o.stage_keys = small.outcomes.stage_keys;
  const std::size_t months = 120, areas = o.area_keys.size(), stages = o.stage_keys.size();
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> uniform(0, 1000);
  o.monthly.months = months;
  o.monthly.areas = areas;
  o.monthly.values.resize(months * areas * kGroupCount * kMetricCount);
  for (double& v : o.monthly.values) v = uniform(random);
  for (std::size_t m = 0; m < months; ++m) o.written_months.push_back(m);
  o.stages.months = months;
  o.stages.areas = areas;
  o.stages.stages = stages;
  o.stages.count.resize(months * areas * stages);
  for (double& v : o.stages.count) v = uniform(random);
  o.stages.keep_flows(o.written_months);
  for (double& v : o.stages.flow) v = uniform(random) < 250 ? uniform(random) : 0.0;
  return run;
}

std::int64_t monthly_rows(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  std::int64_t rows = -1;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT count(*) FROM monthly_values", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW)
    rows = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

void remove_database(const std::filesystem::path& file) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(file.string() + suffix, ignored);
}

void results_database_full_city_decade(benchmark::State& state) {
  LoadedScenario loaded = load_scenario_for_run(std::filesystem::path(TRAPPSTEG_SOURCE_DIR) / "scenarios/baseline.yaml");
  const RunResult run = full_city_decade(loaded);
  RunRecord record;
  record.scenario = loaded.scenario.name;
  record.seed = loaded.scenario.seed;
  record.scale = 1.0;
  record.months = 120;
  record.start_year = loaded.scenario.start_year;
  record.resolved_yaml = loaded.scenario.resolved_yaml;
  record.engine_version = "bench";
  record.started_at = "2026-01-01T00:00:00Z";
  record.finished_at = "2026-01-01T00:00:01Z";
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("trappsteg_bench_" + std::to_string(::getpid()) + ".sqlite");
  std::int64_t rows = 0;
  for (auto _ : state) {
    // Each iteration stores into a fresh file: appending to a growing one measures something else.
    state.PauseTiming();
    remove_database(file);
    state.ResumeTiming();
    {
      ResultsDatabase database(file);
      database.add_run(record, run, nullptr);
    }
    state.PauseTiming();
    rows = monthly_rows(file);
    state.ResumeTiming();
  }
  remove_database(file);
  state.counters["monthly_rows"] = static_cast<double>(rows);
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(rows) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(results_database_full_city_decade)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
