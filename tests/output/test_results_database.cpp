// results.sqlite: the schema, the round trip against outcomes.csv (the same doubles, bit for
// bit), sweep resumption, appending, and one transaction per run (all of a run or nothing).

#include "output/results_database.hpp"

#include "engine/budget/budget.hpp"
#include "engine/core/error.hpp"
#include "engine/metrics/headline.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/sensitivity.hpp"
#include "output/writers.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

namespace trappsteg {
namespace {

/// A fresh temporary database file, removed (with its WAL files) afterwards.
struct TempDatabase {
  std::filesystem::path file;
  explicit TempDatabase(const std::string& name) {
    static int counter = 0;
    file = std::filesystem::temp_directory_path() /
           ("trappsteg_" + name + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".sqlite");
    remove_all();
  }
  ~TempDatabase() { remove_all(); }
  void remove_all() const {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(file.string() + suffix, ignored);
  }
};

/// A read-only (or writing, for fault injection) connection through the plain C API.
struct Reader {
  sqlite3* db = nullptr;
  explicit Reader(const std::filesystem::path& file) {
    REQUIRE(sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  }
  ~Reader() { sqlite3_close(db); }
  void execute(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO(sql << ": " << (message ? message : ""));
    sqlite3_free(message);
    REQUIRE(rc == SQLITE_OK);
  }
  std::int64_t count(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    std::int64_t n = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return n;
  }
};

RunRecord record_of(const LoadedScenario& loaded, std::uint32_t replicate) {
  RunRecord record;
  record.scenario = loaded.scenario.name;
  record.replicate = replicate;
  record.seed = loaded.scenario.seed;
  record.scale = loaded.scenario.scale;
  record.months = loaded.scenario.months;
  record.start_year = loaded.scenario.start_year;
  record.resolved_yaml = loaded.scenario.resolved_yaml;
  record.engine_version = "test";
  record.started_at = "2026-01-01T00:00:00Z";
  record.finished_at = "2026-01-01T00:00:01Z";
  return record;
}

/// One small run of the shipped baseline, made once for all the tests here.
struct SmallRun {
  LoadedScenario loaded;
  RunResult run;
  SmallRun() : loaded(testing::load("scenarios/baseline.yaml")) {
    loaded.scenario.scale = 0.02;
    loaded.scenario.months = 24;
    run = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
  }
};
const SmallRun& small_run() {
  static const SmallRun instance;
  return instance;
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  return fields;
}

}  // namespace

TEST_CASE("results_database.round_trip_gives_the_csv_numbers_bit_for_bit") {
  const SmallRun& small = small_run();
  std::ostringstream csv;
  write_outcomes_csv(csv, small.loaded.scenario.name, small.run);

  TempDatabase temp("round_trip");
  std::int64_t run_id = 0;
  {
    ResultsDatabase database(temp.file);
    run_id = database.add_run(record_of(small.loaded, 0), small.run, nullptr);
  }

  // Every row of the database, by the CSV's columns.
  using Key = std::tuple<std::string, std::int64_t, std::int64_t, std::string, std::string, std::string>;
  std::map<Key, double> stored;
  Reader reader(temp.file);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(reader.db,
                             "SELECT scenario, replicate, month, district, grp, metric, value, typeof(value) "
                             "FROM monthly WHERE run_id = ?1",
                             -1, &statement, nullptr) == SQLITE_OK);
  sqlite3_bind_int64(statement, 1, run_id);
  std::size_t not_real = 0;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    auto text = [&](int i) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, i))); };
    Key key{text(0), sqlite3_column_int64(statement, 1), sqlite3_column_int64(statement, 2), text(3), text(4), text(5)};
    if (text(7) != "real") ++not_real;
    stored.emplace(key, sqlite3_column_double(statement, 6));
  }
  sqlite3_finalize(statement);
  CHECK(not_real == 0);

  std::istringstream lines(csv.str());
  std::string line;
  std::getline(lines, line);
  CHECK(line == "scenario,replicate,month,district,group,metric,value");
  std::size_t csv_rows = 0, missing = 0, different = 0;
  while (std::getline(lines, line)) {
    auto f = split_csv_line(line);
    REQUIRE(f.size() == 7);
    ++csv_rows;
    auto found = stored.find(Key{f[0], std::stoll(f[1]), std::stoll(f[2]), f[3], f[4], f[5]});
    if (found == stored.end()) {
      if (++missing <= 5) MESSAGE("not in the database: " << line);
      continue;
    }
    if (std::bit_cast<std::uint64_t>(std::stod(f[6])) != std::bit_cast<std::uint64_t>(found->second))
      if (++different <= 5) MESSAGE("different value: " << line << " vs " << found->second);
  }
  CHECK(csv_rows > 1000);
  CHECK(missing == 0);
  CHECK(different == 0);
  CHECK(stored.size() == csv_rows);
  CHECK(reader.count("SELECT count(*) FROM monthly_values") == static_cast<std::int64_t>(csv_rows));

  // Summaries: the headline values of each whole year for every district and the city.
  const Outcomes& o = small.run.outcomes;
  CHECK(reader.count("SELECT count(*) FROM summaries") ==
        static_cast<std::int64_t>(2 * o.monthly.areas * headline_names().size()));
  CHECK(reader.count("SELECT count(DISTINCT district) FROM summaries") == static_cast<std::int64_t>(o.monthly.areas));
  CHECK(reader.count("SELECT min(year) FROM summaries") == small.loaded.scenario.start_year);
  CHECK(reader.count("SELECT count(*) FROM runs WHERE sweep IS NULL AND sweep_point IS NULL AND resolved_yaml <> ''") == 1);
}

TEST_CASE("results_database.schema_has_its_tables_views_and_indices") {
  TempDatabase temp("schema");
  { ResultsDatabase database(temp.file); }
  {
    ResultsDatabase reopened(temp.file);  // opening an existing database keeps it
  }
  Reader reader(temp.file);
  for (const char* table : {"runs", "run_parameters", "areas", "population_groups", "metrics", "monthly_values",
                            "summaries", "budget", "budget_totals"}) {
    INFO(table);
    CHECK(reader.count(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '") + table +
                       "'") == 1);
  }
  for (const char* view : {"monthly", "sweep_points"}) {
    INFO(view);
    CHECK(reader.count(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = '") + view + "'") ==
          1);
  }
  for (const char* index : {"runs_by_scenario", "runs_by_sweep_point", "summaries_by_outcome",
                            "budget_by_item", "run_parameters_by_path"}) {
    INFO(index);
    CHECK(reader.count(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '") + index +
                       "'") == 1);
  }
  CHECK(reader.count("PRAGMA user_version") == 2);
  CHECK(reader.count("SELECT count(*) FROM sqlite_master WHERE name = 'monthly_by_metric'") == 0);
  CHECK(results_database_schema().find("CREATE TABLE IF NOT EXISTS monthly_values") != std::string_view::npos);

  // A metric over time for one district and group, by name and in every run, is read as one range
  // of the primary key per run, not by scanning the table.
  auto plan_of = [&](const char* query) {
    sqlite3_stmt* plan = nullptr;
    REQUIRE(sqlite3_prepare_v2(reader.db, (std::string("EXPLAIN QUERY PLAN ") + query).c_str(), -1, &plan, nullptr) ==
            SQLITE_OK);
    std::string details;
    while (sqlite3_step(plan) == SQLITE_ROW) {
      details += reinterpret_cast<const char*>(sqlite3_column_text(plan, 3));
      details += "\n";
    }
    sqlite3_finalize(plan);
    return details;
  };
  std::string by_name = plan_of("SELECT run_id, month, value FROM monthly "
                                "WHERE metric = 'gini' AND district = 'city' AND grp = 'all'");
  INFO(by_name);
  CHECK(by_name.find("SEARCH v USING PRIMARY KEY (run_id=? AND metric_id=? AND area_id=? AND group_id=?)") !=
        std::string::npos);
  CHECK(by_name.find("SCAN v") == std::string::npos);
  std::string by_id = plan_of("SELECT month, value FROM monthly_values "
                              "WHERE run_id = 1 AND metric_id = 1 AND area_id = 2 AND group_id = 1 ORDER BY month");
  INFO(by_id);
  CHECK(by_id.find("USING PRIMARY KEY (run_id=? AND metric_id=? AND area_id=? AND group_id=?)") != std::string::npos);
  CHECK(by_id.find("ORDER BY") == std::string::npos);  // already in month order: no sorter
}

TEST_CASE("results_database.cannot_open_a_directory_and_names_the_file") {
  auto folder = std::filesystem::temp_directory_path();
  try {
    ResultsDatabase database(folder);
    FAIL("opened a directory as a database");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find(folder.string()) != std::string::npos);
  }
}

TEST_CASE("results_database.refuses_a_database_of_another_schema_version_and_says_what_to_do") {
  TempDatabase temp("version");
  { ResultsDatabase database(temp.file); }
  {
    Reader reader(temp.file);
    reader.execute("PRAGMA user_version = 1");
  }
  try {
    ResultsDatabase database(temp.file);
    FAIL("added to a database of schema version 1");
  } catch (const Error& e) {
    const std::string message = e.what();
    INFO(message);
    CHECK(message.rfind(temp.file.string() + ": ", 0) == 0);
    CHECK(message.find("schema version 1, this engine writes version 2") != std::string::npos);
    CHECK(message.find("--force") != std::string::npos);
  }
  // Refused without a change: the database still says version 1.
  Reader reader(temp.file);
  CHECK(reader.count("PRAGMA user_version") == 1);
}

TEST_CASE("results_database.knows_which_sweep_runs_it_holds") {
  const SmallRun& small = small_run();
  TempDatabase temp("sweep");
  ResultsDatabase database(temp.file);
  CHECK_FALSE(database.has_sweep_run("places", 3, 1));
  RunRecord record = record_of(small.loaded, 1);
  record.sweep = "places";
  record.sweep_point = 3;
  record.parameters = {{"policies.jobs.capacity.places", 250}, {"policies.jobs.cost.per_month", 9000.5}};
  database.add_run(record, small.run, nullptr);
  CHECK(database.has_sweep_run("places", 3, 1));
  CHECK_FALSE(database.has_sweep_run("places", 3, 0));
  CHECK_FALSE(database.has_sweep_run("places", 2, 1));
  CHECK_FALSE(database.has_sweep_run("other", 3, 1));
  // The same point and replicate twice is refused, and the refusal stores nothing.
  CHECK_THROWS_AS(database.add_run(record, small.run, nullptr), Error);
  Reader reader(temp.file);
  CHECK(reader.count("SELECT count(*) FROM runs") == 1);
  CHECK(reader.count("SELECT count(*) FROM sweep_points WHERE sweep = 'places' AND sweep_point = 3") == 2);
  CHECK(reader.count("SELECT value FROM sweep_points WHERE path = 'policies.jobs.capacity.places'") == 250);
}

TEST_CASE("results_database.a_second_run_is_appended") {
  const SmallRun& small = small_run();
  TempDatabase temp("append");
  std::int64_t first = 0, second = 0;
  {
    ResultsDatabase database(temp.file);
    first = database.add_run(record_of(small.loaded, 0), small.run, nullptr);
  }
  {
    ResultsDatabase reopened(temp.file);  // as a resumed sweep would
    Budget budget = compute_budget(small.run.outcomes, nullptr, small.loaded.scenario.start_year, 0.03, 0.32);
    second = reopened.add_run(record_of(small.loaded, 1), small.run, &budget);
  }
  CHECK(first != second);
  Reader reader(temp.file);
  CHECK(reader.count("SELECT count(*) FROM runs") == 2);
  std::int64_t rows_first = reader.count("SELECT count(*) FROM monthly_values WHERE run_id = " + std::to_string(first));
  CHECK(rows_first > 0);
  CHECK(reader.count("SELECT count(*) FROM monthly_values WHERE run_id = " + std::to_string(second)) == rows_first);
  CHECK(reader.count("SELECT count(*) FROM budget WHERE run_id = " + std::to_string(first)) == 0);
  CHECK(reader.count("SELECT count(*) FROM budget WHERE run_id = " + std::to_string(second)) > 0);
  CHECK(reader.count("SELECT count(*) FROM budget_totals WHERE run_id = " + std::to_string(second)) > 0);
  // The dimension tables are shared, not repeated.
  CHECK(reader.count("SELECT count(*) FROM areas") == static_cast<std::int64_t>(small.run.outcomes.monthly.areas));
  CHECK(reader.count("SELECT count(*) FROM population_groups") == static_cast<std::int64_t>(kGroupCount));
}

TEST_CASE("results_database.a_run_that_fails_midway_leaves_nothing_behind") {
  const SmallRun& small = small_run();
  Budget budget = compute_budget(small.run.outcomes, nullptr, small.loaded.scenario.start_year, 0.03, 0.32);
  REQUIRE(!budget.years.empty());
  TempDatabase temp("atomic");
  ResultsDatabase database(temp.file);
  std::int64_t kept = database.add_run(record_of(small.loaded, 0), small.run, &budget);
  Reader reader(temp.file);
  const std::int64_t runs = reader.count("SELECT count(*) FROM runs"),
                     monthly = reader.count("SELECT count(*) FROM monthly_values"),
                     summaries = reader.count("SELECT count(*) FROM summaries"),
                     budget_rows = reader.count("SELECT count(*) FROM budget"),
                     metrics = reader.count("SELECT count(*) FROM metrics");

  // The budget is written last: make its first row fail, after the run, its monthly series
  // and its summaries are in — and after new metric names were added, as a renamed stage gives.
  reader.execute("CREATE TRIGGER fail_budget BEFORE INSERT ON budget BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  RunResult renamed = small.run;
  renamed.outcomes.stage_keys.front() = "renamed_stage";
  RunRecord second = record_of(small.loaded, 1);
  try {
    database.add_run(second, renamed, &budget);
    FAIL("the injected failure did not happen");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("injected failure") != std::string::npos);
    CHECK(std::string(e.what()).find(temp.file.string()) != std::string::npos);
  }
  CHECK(reader.count("SELECT count(*) FROM runs") == runs);
  CHECK(reader.count("SELECT count(*) FROM monthly_values") == monthly);
  CHECK(reader.count("SELECT count(*) FROM summaries") == summaries);
  CHECK(reader.count("SELECT count(*) FROM budget") == budget_rows);
  CHECK(reader.count("SELECT count(*) FROM metrics") == metrics);

  // After the fault is gone the same run goes in whole (its new metric names with it), and
  // the first is untouched.
  reader.execute("DROP TRIGGER fail_budget");
  std::int64_t added = database.add_run(second, renamed, &budget);
  CHECK(added != kept);
  CHECK(reader.count("SELECT count(*) FROM runs") == runs + 1);
  CHECK(reader.count("SELECT count(*) FROM monthly_values") == 2 * monthly);
  CHECK(reader.count("SELECT count(*) FROM budget") == 2 * budget_rows);
  CHECK(reader.count("SELECT count(*) FROM metrics") > metrics);
  CHECK(reader.count("SELECT count(*) FROM monthly WHERE run_id = " + std::to_string(added)) == monthly);
  CHECK(reader.count("SELECT count(*) FROM monthly WHERE run_id = " + std::to_string(kept)) == monthly);
  CHECK(reader.count("SELECT count(*) FROM monthly WHERE metric = 'stage:renamed_stage'") > 0);
}

TEST_CASE("results_database.docs_show_the_schema_as_the_engine_writes_it") {
  std::ifstream in(testing::repo_path("docs/results_database.md"));
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().find(std::string(results_database_schema())) != std::string::npos);
}

TEST_CASE("results_database.stores_a_sensitivity_analysis_whole_and_replaces_it") {
  TempDatabase temp("sensitivity");
  // Two inputs, uniform on [0, 1] and [10, 20]; one output that is 3 × the first and ignores
  // the second, so the second's Morris indices are exactly 0.
  SensitivitySpec spec;
  spec.method = SensitivitySpec::Method::kMorris;
  spec.trajectories = 3;
  spec.levels = 4;
  spec.inputs.push_back({"economy.a", {}, "test: a", {}});
  spec.inputs.push_back({"economy.b", {}, "test: b", {}});
  spec.inputs[1].distribution.low = 10;
  spec.inputs[1].distribution.high = 20;
  spec.outputs.push_back({"y", {}, {}});
  spec.outputs[0].outcome.text = "three times a";
  const SensitivityAnalysis analysis(spec);
  std::vector<SensitivityPoint> points;
  for (const auto& unit : analysis.design()) {
    SensitivityPoint point;
    point.values = analysis.values_at(unit);
    point.outputs = {3 * point.values[0]};
    point.standard_errors = {0.01};
    points.push_back(point);
  }
  points[1].problem = "a test problem";
  const std::vector<OutputSensitivity> indices = analysis.analyse(points);
  const auto n = static_cast<std::int64_t>(points.size());
  REQUIRE(n == 9);  // 3 trajectories × (2 inputs + 1)
  for (int round = 0; round < 2; ++round) {  // the second replaces the first
    {
      ResultsDatabase database(temp.file);
      database.add_sensitivity(analysis, points, indices);
    }
    Reader reader(temp.file);
    CHECK(reader.count("SELECT count(*) FROM sensitivity_inputs") == 2);
    CHECK(reader.count("SELECT count(*) FROM sensitivity_outputs WHERE name = 'y' AND definition = 'three times a'") == 1);
    CHECK(reader.count("SELECT count(*) FROM sensitivity_point_values") == 2 * n);
    CHECK(reader.count("SELECT count(*) FROM sensitivity_point_outputs") == n);
    CHECK(reader.count("SELECT count(*) FROM sensitivity_points") == 2 * n);
    CHECK(reader.count("SELECT count(*) FROM sensitivity_point_outputs WHERE problem = 'a test problem' AND point = 1") == 1);
    CHECK(reader.count("SELECT count(*) FROM sensitivity_point_outputs WHERE problem IS NULL") == n - 1);
    // Values come back as the doubles written: the second input stays within its bounds.
    CHECK(reader.count("SELECT count(*) FROM sensitivity_point_values WHERE input = 1 AND (value < 10 OR value > 20)") == 0);
    CHECK(reader.count("SELECT count(*) FROM sensitivity_indices") == 2 * 3);  // mu, mu_star, sigma per input
    CHECK(reader.count("SELECT count(*) FROM sensitivity_indices WHERE input = 1 AND statistic = 'mu_star' AND value = 0") == 1);
    CHECK(reader.count("SELECT count(*) FROM sensitivity_indices WHERE input = 0 AND statistic = 'mu_star' AND value > 0 AND low IS NULL") == 1);
  }
  CHECK(indices[0].morris.mu_star[0] > 0);
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("results_database.a_sweep_s_budget_is_stored_when_known_and_replaced_on_resume") {
  const SmallRun& small = small_run();
  TempDatabase temp("sweep_budget");
  ResultsDatabase database(temp.file);
  for (std::int64_t point : {0, 1}) {
    RunRecord record = record_of(small.loaded, 0);
    record.sweep = "places";
    record.sweep_point = point;
    database.add_run(record, small.run, nullptr);
  }
  // The run against itself: a budget with a baseline, whose net is 0 every year.
  const Scenario& s = small.loaded.scenario;
  const Budget budget = compute_budget(small.run.outcomes, &small.run.outcomes, s.start_year, s.discount_rate,
                                       small.loaded.model.economy.municipal_tax_rate);
  const std::int64_t items = static_cast<std::int64_t>(budget_items(budget, budget.years.front()).size() * budget.years.size());
  database.set_sweep_budgets("places", {{budget}, {budget}});
  database.set_sweep_budgets("places", {{budget}, {budget}});  // again, as a resumed sweep does
  Reader reader(temp.file);
  CHECK(reader.count("SELECT count(*) FROM budget") == 2 * items);
  CHECK(reader.count("SELECT count(*) FROM budget b JOIN runs r USING (run_id) WHERE r.sweep_point = 1 AND b.item = 'net_sek'") ==
        static_cast<std::int64_t>(budget.years.size()));
  CHECK(reader.count("SELECT count(*) FROM budget WHERE item = 'net_sek' AND value != 0") == 0);
  CHECK(reader.count("SELECT count(DISTINCT run_id) FROM budget_totals") == 2);
  // The run's payback year as the budget has it (the first year: a net of 0 is paid back).
  REQUIRE(budget.payback_year);
  CHECK(reader.count("SELECT count(*) FROM runs WHERE payback_year = " + std::to_string(*budget.payback_year)) == 2);
  // A run that is not stored is refused, and nothing of the call is kept.
  CHECK_THROWS_AS(database.set_sweep_budgets("places", {{budget}, {budget}, {budget}}), Error);
  CHECK(reader.count("SELECT count(*) FROM budget") == 2 * items);
}

}  // namespace trappsteg
