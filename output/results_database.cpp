#include "output/results_database.hpp"

#include "engine/core/error.hpp"
#include "engine/metrics/headline.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <tuple>
#include <unordered_map>

namespace trappsteg {
namespace {

constexpr int kSchemaVersion = 2;

// Rows of monthly_values per INSERT statement (5 values each, plus the run id: 321 parameters).
constexpr int kMonthlyBatch = 64;

constexpr std::string_view kSchema = R"sql(-- results.sqlite, schema version 2 (PRAGMA user_version).
-- One row per run: what was run, with which seed and engine, and when.
CREATE TABLE IF NOT EXISTS runs (
  run_id                  INTEGER PRIMARY KEY,
  scenario                TEXT    NOT NULL,  -- the scenario's name, as in the CSV files
  replicate               INTEGER NOT NULL,
  seed                    INTEGER NOT NULL,  -- the scenario's seed (a 64-bit unsigned seed >= 2^63 reads as negative)
  scale                   REAL    NOT NULL,  -- share of the real population simulated
  months                  INTEGER NOT NULL,
  start_year              INTEGER NOT NULL,
  sweep                   TEXT,              -- sweep name; NULL for run and compare
  sweep_point             INTEGER,           -- index of the sweep point; NULL outside sweeps
  engine_version          TEXT    NOT NULL,
  started_at              TEXT    NOT NULL,  -- ISO 8601 UTC
  finished_at             TEXT    NOT NULL,  -- ISO 8601 UTC
  wall_seconds            REAL,              -- synthesis and all steps
  person_months           REAL,              -- simulated people x months
  initial_people          INTEGER,           -- simulated people at the start
  payback_year            INTEGER,           -- budget: first year from which the cumulative net stays >= 0 (NULL: none or no budget)
  discounted_payback_year INTEGER,
  resolved_yaml           TEXT    NOT NULL   -- the scenario as run: extends merged, overrides applied
);
CREATE INDEX IF NOT EXISTS runs_by_scenario ON runs (scenario, replicate);
CREATE UNIQUE INDEX IF NOT EXISTS runs_by_sweep_point ON runs (sweep, sweep_point, replicate) WHERE sweep IS NOT NULL;

-- The parameter values of a sweep point (path as in the sweep file, e.g. policies.x.capacity.places).
CREATE TABLE IF NOT EXISTS run_parameters (
  run_id INTEGER NOT NULL REFERENCES runs (run_id),
  path   TEXT    NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, path)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS run_parameters_by_path ON run_parameters (path, value);

-- Dimensions of the monthly series, numbered in the order first seen.
CREATE TABLE IF NOT EXISTS areas (
  area_id INTEGER PRIMARY KEY,
  key     TEXT NOT NULL UNIQUE,  -- district key, or "city"
  name    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS population_groups (
  group_id INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE  -- all, born_in_sweden, foreign_born, newcomers, youth_16_24, parents
);
CREATE TABLE IF NOT EXISTS metrics (
  metric_id INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE  -- as in outcomes.csv, including stage:<key> and flow:<from>><to>
);

-- The monthly series: exactly the rows of outcomes.csv (NaN values are left out there and here).
CREATE TABLE IF NOT EXISTS monthly_values (
  run_id    INTEGER NOT NULL REFERENCES runs (run_id),
  month     INTEGER NOT NULL,  -- 1-based, as in outcomes.csv
  area_id   INTEGER NOT NULL REFERENCES areas (area_id),
  group_id  INTEGER NOT NULL REFERENCES population_groups (group_id),
  metric_id INTEGER NOT NULL REFERENCES metrics (metric_id),
  value     REAL    NOT NULL,
  -- A run's series lie together, each metric's months in a row: reading one metric of one district
  -- and group over time is one range of the table, and a run is appended in one piece.
  PRIMARY KEY (run_id, metric_id, area_id, group_id, month)
) WITHOUT ROWID;

-- The monthly series by name: the columns of outcomes.csv (plus run_id). The CROSS JOIN keeps runs
-- the outer loop, so that a query by metric, district or group searches the key run by run rather
-- than scanning the table.
CREATE VIEW IF NOT EXISTS monthly AS
  SELECT v.run_id, r.scenario, r.replicate, v.month, a.key AS district, g.name AS grp, m.name AS metric, v.value
  FROM runs r
  CROSS JOIN monthly_values v ON v.run_id = r.run_id
  JOIN areas a ON a.area_id = v.area_id
  JOIN population_groups g ON g.group_id = v.group_id
  JOIN metrics m ON m.metric_id = v.metric_id;

-- Headline outcomes at the end of each whole year of the run, for every district and the city
-- (NULL where an outcome does not apply).
CREATE TABLE IF NOT EXISTS summaries (
  run_id   INTEGER NOT NULL REFERENCES runs (run_id),
  year     INTEGER NOT NULL,  -- calendar year (start_year + year_of_run - 1)
  year_of_run INTEGER NOT NULL,  -- 1-based: values at month 12 * year_of_run
  district TEXT    NOT NULL,  -- district key, or "city"
  outcome  TEXT    NOT NULL,
  value    REAL,
  PRIMARY KEY (run_id, year, district, outcome)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS summaries_by_outcome ON summaries (outcome, district, year);

-- The budget per calendar year: the rows of budget.csv.
CREATE TABLE IF NOT EXISTS budget (
  run_id INTEGER NOT NULL REFERENCES runs (run_id),
  year   INTEGER NOT NULL,
  item   TEXT    NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, year, item)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS budget_by_item ON budget (item, year);

-- Budget totals over the first `years` years (10, 20, 50 as covered, and the whole run).
CREATE TABLE IF NOT EXISTS budget_totals (
  run_id INTEGER NOT NULL REFERENCES runs (run_id),
  years  INTEGER NOT NULL,
  item   TEXT    NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, years, item)
) WITHOUT ROWID;

-- A sensitivity analysis (`trappsteg sensitivity`): its uncertain inputs and outputs, every
-- point of its design (each output the mean over the point's replicates), and the indices.
-- Written in one transaction when the analysis is complete.
CREATE TABLE IF NOT EXISTS sensitivity_inputs (
  input        INTEGER PRIMARY KEY,  -- 0-based, in the file's order
  path         TEXT NOT NULL,        -- key path, as for --set
  distribution TEXT NOT NULL,        -- e.g. "triangular [1, 4], mode 2.5"
  source       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sensitivity_outputs (
  output            INTEGER PRIMARY KEY,  -- 0-based, in the file's order
  name              TEXT NOT NULL,
  definition        TEXT NOT NULL,        -- metric, district, group, period and statistic in words
  variance          REAL,                 -- of the output over the points
  monte_carlo_share REAL,                 -- share of that variance that is simulation noise
  failed_points     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sensitivity_point_values (
  point INTEGER NOT NULL,  -- row of the design, as in points.csv
  input INTEGER NOT NULL REFERENCES sensitivity_inputs (input),
  unit  REAL    NOT NULL,  -- the design's coordinate in [0, 1]
  value REAL    NOT NULL,  -- the input's value there, in its own units
  PRIMARY KEY (point, input)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sensitivity_point_outputs (
  point          INTEGER NOT NULL,
  output         INTEGER NOT NULL REFERENCES sensitivity_outputs (output),
  value          REAL,   -- NULL where the point failed
  standard_error REAL,   -- Monte-Carlo standard error over the point's replicates
  problem        TEXT,   -- why the point failed; NULL if it did not
  PRIMARY KEY (point, output)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sensitivity_indices (
  output    INTEGER NOT NULL REFERENCES sensitivity_outputs (output),
  input     INTEGER NOT NULL REFERENCES sensitivity_inputs (input),
  statistic TEXT    NOT NULL,  -- morris: mu, mu_star, sigma; sobol: first_order, total
  value     REAL,
  low       REAL,              -- sobol: bootstrap 95 % interval; NULL for morris
  high      REAL,
  PRIMARY KEY (output, input, statistic)
) WITHOUT ROWID;
-- The points by name: one row per point, input and output.
CREATE VIEW IF NOT EXISTS sensitivity_points AS
  SELECT v.point, i.path AS input, v.value AS input_value, o.name AS output, p.value AS output_value, p.standard_error
  FROM sensitivity_point_values v
  JOIN sensitivity_inputs i ON i.input = v.input
  JOIN sensitivity_point_outputs p ON p.point = v.point
  JOIN sensitivity_outputs o ON o.output = p.output;

-- Microdata (run/compare --microdata, or the scenario's microdata key): the kept people at the
-- months kept and everything that happened to them between. A person's id is the same in every
-- scenario of a compare (and keys their random draws); people born or arriving during the run
-- get the next ids in order. Keys of steps and policies are numbered in the order first seen.
CREATE TABLE IF NOT EXISTS steps (
  step_id INTEGER PRIMARY KEY,
  key     TEXT NOT NULL UNIQUE   -- a stage key of the staircase (or one a policy adds)
);
CREATE TABLE IF NOT EXISTS policies (
  policy_id INTEGER PRIMARY KEY,
  key       TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS panel (
  run_id                    INTEGER NOT NULL REFERENCES runs (run_id),
  month                     INTEGER NOT NULL,  -- 0: the start; then 1-based, as in outcomes.csv
  person                    INTEGER NOT NULL,
  household                 INTEGER NOT NULL,
  area_id                   INTEGER NOT NULL REFERENCES areas (area_id),  -- the district lived in
  age_months                INTEGER NOT NULL,
  female                    INTEGER NOT NULL,  -- 0 or 1
  foreign_born              INTEGER NOT NULL,  -- 0 or 1
  months_since_arrival      INTEGER,           -- 0 in the month of arrival; -1 at month 0: arrives in month 1; NULL: born in Sweden
  education                 INTEGER NOT NULL,  -- 0 primary, 1 upper secondary, 2 tertiary
  swedish                   INTEGER NOT NULL,  -- 0 none ... 3 fluent
  step_id                   INTEGER NOT NULL REFERENCES steps (step_id),
  months_in_step            INTEGER NOT NULL,
  employed                  INTEGER NOT NULL,  -- 0 or 1: the step's activity is employment
  lives_with_parents        INTEGER NOT NULL,  -- 0 or 1: a child of the household
  earnings_sek              INTEGER NOT NULL,  -- this month, before tax
  net_income_sek            INTEGER NOT NULL,  -- this month, the person's own
  household_disposable_sek  INTEGER NOT NULL,  -- this month, income support included
  household_equivalised_sek REAL    NOT NULL,  -- per consumption unit, unrounded: what Gini and Theil measure
  household_support_sek     INTEGER NOT NULL,  -- income support paid to the household this month
  household_members         INTEGER NOT NULL,  -- present members this month
  in_support                INTEGER NOT NULL,  -- 0 or 1: the person's assessment unit was paid income support
  policy_id                 INTEGER REFERENCES policies (policy_id),  -- the first policy taken part in now; NULL none
  phase                     INTEGER,           -- 0-based phase of that policy; NULL none
  PRIMARY KEY (run_id, month, person)  -- the order rows are written in: appended, never inserted in the middle
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS panel_by_person ON panel (run_id, person);            -- a person's months (trace, cohorts)
CREATE INDEX IF NOT EXISTS panel_by_household ON panel (run_id, month, household);  -- a household's members in a month
-- Every policy a kept person takes part in at a month kept (the panel names the first only).
CREATE TABLE IF NOT EXISTS participations (
  run_id    INTEGER NOT NULL REFERENCES runs (run_id),
  month     INTEGER NOT NULL,
  person    INTEGER NOT NULL,
  policy_id INTEGER NOT NULL REFERENCES policies (policy_id),
  phase     INTEGER NOT NULL,  -- 0-based
  PRIMARY KEY (run_id, month, person, policy_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  run_id     INTEGER NOT NULL REFERENCES runs (run_id),
  month      INTEGER NOT NULL,  -- the month in which it happened (1-based)
  person     INTEGER NOT NULL,
  kind       TEXT    NOT NULL,  -- stage, policy_start, phase, policy_end, lottery, born, arrived, moved_in,
                                -- partnered, separated, household, district, died, moved_away
  from_value INTEGER,           -- by kind: step_id (stage), policy_id (policy_*, lottery), household,
  to_value   INTEGER            -- area_id (district), partner's person id; see docs/results_database.md
);
CREATE INDEX IF NOT EXISTS events_by_person ON events (run_id, person, month);
-- The panel with names instead of ids.
CREATE VIEW IF NOT EXISTS panel_named AS
  SELECT p.run_id, r.scenario, r.replicate, p.month, p.person, p.household, a.key AS district, p.age_months,
         p.female, p.foreign_born, p.months_since_arrival, p.education, p.swedish, s.key AS step, p.months_in_step,
         p.employed, p.lives_with_parents, p.earnings_sek, p.net_income_sek, p.household_disposable_sek,
         p.household_equivalised_sek, p.household_support_sek, p.household_members, p.in_support,
         o.key AS policy, p.phase
  FROM panel p
  JOIN runs r ON r.run_id = p.run_id
  JOIN areas a ON a.area_id = p.area_id
  JOIN steps s ON s.step_id = p.step_id
  LEFT JOIN policies o ON o.policy_id = p.policy_id;

-- The parameter values of every sweep point.
CREATE VIEW IF NOT EXISTS sweep_points AS
  SELECT DISTINCT r.sweep, r.sweep_point, p.path, p.value
  FROM runs r JOIN run_parameters p ON p.run_id = r.run_id
  WHERE r.sweep IS NOT NULL;
)sql";

/// A prepared statement, finalised on destruction.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement_,
                           nullptr) != SQLITE_OK)
      throw Error(std::string("cannot prepare statement: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(Statement&& other) noexcept : db_(other.db_), statement_(other.statement_) { other.statement_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept {
    std::swap(db_, other.db_);
    std::swap(statement_, other.statement_);
    return *this;
  }

  void bind(int i, std::int64_t value) { check(sqlite3_bind_int64(statement_, i, value)); }
  void bind(int i, int value) { check(sqlite3_bind_int64(statement_, i, value)); }
  /// NaN is stored as NULL (SQLite would do so anyway; this says it).
  void bind(int i, double value) {
    check(std::isnan(value) ? sqlite3_bind_null(statement_, i) : sqlite3_bind_double(statement_, i, value));
  }
  void bind(int i, std::string_view text) {
    check(sqlite3_bind_text(statement_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
  }
  void bind_null(int i) { check(sqlite3_bind_null(statement_, i)); }
  template <typename T>
  void bind_optional(int i, const std::optional<T>& value) {
    if (value) bind(i, *value);
    else bind_null(i);
  }

  /// Steps once: true if a row is available.
  bool step() {
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string message = sqlite3_errmsg(db_);
    sqlite3_reset(statement_);
    throw Error(message);
  }
  /// Runs an insert or update to completion and makes the statement ready for the next.
  void execute() {
    step();
    sqlite3_reset(statement_);
  }
  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  std::int64_t column_int64(int i) const { return sqlite3_column_int64(statement_, i); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw Error(std::string("cannot bind a value: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

std::string_view results_database_schema() { return kSchema; }

struct ResultsDatabase::Impl {
  std::filesystem::path file;
  sqlite3* db = nullptr;
  std::mutex mutex;
  Statement insert_run, insert_parameter, insert_area, select_area, insert_group, select_group, insert_metric,
      select_metric, insert_monthly, insert_monthly_batch, insert_summary, insert_budget, insert_budget_total, select_sweep_run, insert_step,
      select_step, insert_policy, select_policy, insert_panel, insert_participation, insert_event;
  // Dimension ids by name; cleared when a transaction is rolled back (it may have added some).
  std::unordered_map<std::string, std::int64_t> area_ids, group_ids, metric_ids, step_ids, policy_ids;

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(file.string() + ": " + what);
  }

  /// Starts a write transaction, or throws naming the file.
  void begin() {
    try {
      execute("BEGIN IMMEDIATE");
    } catch (const Error& e) {
      fail(std::string("cannot begin a transaction: ") + e.what());
    }
  }

  void execute(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : sqlite3_errmsg(db);
      sqlite3_free(message);
      throw Error(text);
    }
  }

  /// The id of `name` in a dimension table, adding it if new.
  std::int64_t id_of(std::unordered_map<std::string, std::int64_t>& cache, Statement& insert, Statement& select,
                     const std::string& name, const std::string* label = nullptr) {
    if (auto found = cache.find(name); found != cache.end()) return found->second;
    insert.bind(1, name);
    if (label) insert.bind(2, *label);
    insert.execute();
    insert.reset();
    select.bind(1, name);
    if (!select.step()) throw Error("dimension value vanished: " + name);
    std::int64_t id = select.column_int64(0);
    select.reset();
    cache.emplace(name, id);
    return id;
  }

  std::int64_t write_run(const RunRecord& record, const RunResult& run, const Budget* budget);
  void write_budget(std::int64_t run_id, const Budget& budget);
  void write_microdata(std::int64_t run_id, const Microdata& microdata, const Outcomes& outcomes);
};

ResultsDatabase::ResultsDatabase(const std::filesystem::path& file) : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.file = file;
  if (sqlite3_open_v2(file.string().c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string message = d.db ? sqlite3_errmsg(d.db) : "out of memory";
    sqlite3_close(d.db);
    throw Error(file.string() + ": cannot open the results database: " + message);
  }
  try {
    sqlite3_busy_timeout(d.db, 10000);
    // WAL and synchronous=NORMAL: a commit appends to the log without waiting for the disk,
    // yet a committed run survives a crash of the process. A run's rows come in key order and
    // go on the end of their tables, so a modest page cache holds all a run touches.
    d.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;");
    d.execute("BEGIN IMMEDIATE");
    try {
      Statement version(d.db, "PRAGMA user_version");
      version.step();
      std::int64_t found = version.column_int64(0);
      Statement tables(d.db, "SELECT count(*) FROM sqlite_master WHERE name = 'runs'");
      tables.step();
      bool empty = tables.column_int64(0) == 0;
      if (!empty && found != kSchemaVersion)
        throw Error("schema version " + std::to_string(found) + ", this engine writes version " +
                    std::to_string(kSchemaVersion) +
                    ": it was written by another version of Trappsteg, so its runs and new ones cannot go together "
                    "(write the results afresh: --force replaces them)");
      d.execute(std::string(kSchema).c_str());
      d.execute(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
      d.execute("COMMIT");
    } catch (...) {
      sqlite3_exec(d.db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    d.insert_run = Statement(d.db,
                             "INSERT INTO runs (scenario, replicate, seed, scale, months, start_year, sweep, sweep_point, "
                             "engine_version, started_at, finished_at, wall_seconds, person_months, initial_people, "
                             "payback_year, discounted_payback_year, resolved_yaml) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    d.insert_parameter = Statement(d.db, "INSERT INTO run_parameters (run_id, path, value) VALUES (?1, ?2, ?3)");
    d.insert_area = Statement(d.db, "INSERT OR IGNORE INTO areas (key, name) VALUES (?1, ?2)");
    d.select_area = Statement(d.db, "SELECT area_id FROM areas WHERE key = ?1");
    d.insert_group = Statement(d.db, "INSERT OR IGNORE INTO population_groups (name) VALUES (?1)");
    d.select_group = Statement(d.db, "SELECT group_id FROM population_groups WHERE name = ?1");
    d.insert_metric = Statement(d.db, "INSERT OR IGNORE INTO metrics (name) VALUES (?1)");
    d.select_metric = Statement(d.db, "SELECT metric_id FROM metrics WHERE name = ?1");
    d.insert_monthly = Statement(
        d.db, "INSERT INTO monthly_values (run_id, month, area_id, group_id, metric_id, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    {
      // Many rows per statement: one statement keeps its cursor on the table's last page from
      // row to row, so rows in key order are appended without a search from the root each.
      std::string sql = "INSERT INTO monthly_values (run_id, month, area_id, group_id, metric_id, value) VALUES ";
      for (int r = 0; r < kMonthlyBatch; ++r) {
        const int p = 2 + 5 * r;
        sql += fmt::format("{}(?1, ?{}, ?{}, ?{}, ?{}, ?{})", r ? "," : "", p, p + 1, p + 2, p + 3, p + 4);
      }
      d.insert_monthly_batch = Statement(d.db, sql);
    }
    d.insert_summary = Statement(
        d.db, "INSERT INTO summaries (run_id, year, year_of_run, district, outcome, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    d.insert_budget = Statement(d.db, "INSERT INTO budget (run_id, year, item, value) VALUES (?1, ?2, ?3, ?4)");
    d.insert_budget_total =
        Statement(d.db, "INSERT INTO budget_totals (run_id, years, item, value) VALUES (?1, ?2, ?3, ?4)");
    d.select_sweep_run = Statement(
        d.db, "SELECT EXISTS (SELECT 1 FROM runs WHERE sweep = ?1 AND sweep_point = ?2 AND replicate = ?3)");
    d.insert_step = Statement(d.db, "INSERT OR IGNORE INTO steps (key) VALUES (?1)");
    d.select_step = Statement(d.db, "SELECT step_id FROM steps WHERE key = ?1");
    d.insert_policy = Statement(d.db, "INSERT OR IGNORE INTO policies (key) VALUES (?1)");
    d.select_policy = Statement(d.db, "SELECT policy_id FROM policies WHERE key = ?1");
    d.insert_panel = Statement(
        d.db,
        "INSERT INTO panel (run_id, month, person, household, area_id, age_months, female, foreign_born, months_since_arrival, "
        "education, swedish, step_id, months_in_step, employed, lives_with_parents, earnings_sek, net_income_sek, "
        "household_disposable_sek, household_equivalised_sek, household_support_sek, household_members, in_support, policy_id, phase) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)");
    d.insert_participation =
        Statement(d.db, "INSERT INTO participations (run_id, month, person, policy_id, phase) VALUES (?1, ?2, ?3, ?4, ?5)");
    d.insert_event = Statement(
        d.db, "INSERT INTO events (run_id, month, person, kind, from_value, to_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  } catch (const Error& e) {
    std::string message = e.what();
    sqlite3* db = d.db;
    impl_.reset();  // finalises what was prepared
    sqlite3_close(db);
    throw Error(message.rfind(file.string(), 0) == 0 ? message : file.string() + ": " + message);
  }
}

ResultsDatabase::~ResultsDatabase() {
  if (!impl_) return;
  sqlite3* db = impl_->db;
  impl_.reset();  // statements first
  // Back to a rollback journal once written: a reader opened later (the report's, a user's
  // read-only one) then leaves no -wal and -shm files beside the database. While another
  // connection still reads, this fails harmlessly and the database stays in WAL mode.
  sqlite3_exec(db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

std::int64_t ResultsDatabase::Impl::write_run(const RunRecord& record, const RunResult& run, const Budget* budget) {
  const Outcomes& o = run.outcomes;
  Statement& r = insert_run;
  r.bind(1, record.scenario);
  r.bind(2, static_cast<std::int64_t>(record.replicate));
  r.bind(3, static_cast<std::int64_t>(record.seed));
  r.bind(4, record.scale);
  r.bind(5, record.months);
  r.bind(6, record.start_year);
  if (record.sweep.empty()) {
    r.bind_null(7);
    r.bind_null(8);
  } else {
    r.bind(7, record.sweep);
    r.bind(8, record.sweep_point);
  }
  r.bind(9, record.engine_version);
  r.bind(10, record.started_at);
  r.bind(11, record.finished_at);
  r.bind(12, run.seconds);
  r.bind(13, run.person_months);
  r.bind(14, static_cast<std::int64_t>(run.initial_people));
  if (budget) {
    r.bind_optional(15, budget->payback_year);
    r.bind_optional(16, budget->discounted_payback_year);
  } else {
    r.bind_null(15);
    r.bind_null(16);
  }
  r.bind(17, record.resolved_yaml);
  r.execute();
  r.reset();
  const std::int64_t run_id = sqlite3_last_insert_rowid(db);

  for (const auto& [path, value] : record.parameters) {
    insert_parameter.bind(1, run_id);
    insert_parameter.bind(2, path);
    insert_parameter.bind(3, value);
    insert_parameter.execute();
    insert_parameter.reset();
  }

  // The monthly series, row for row what write_outcomes_csv writes.
  const std::size_t stages = o.stages.stages;
  std::vector<std::int64_t> area_id(o.monthly.areas), group_id(kGroupCount), metric_id(kMetricCount),
      stage_metric(stages), flow_metric(stages * stages, -1);
  for (std::size_t a = 0; a < o.monthly.areas; ++a)
    area_id[a] = id_of(area_ids, insert_area, select_area, o.area_keys[a],
                       a < o.area_names.size() ? &o.area_names[a] : &o.area_keys[a]);
  for (std::size_t g = 0; g < kGroupCount; ++g) group_id[g] = id_of(group_ids, insert_group, select_group, kGroupNames[g]);
  for (std::size_t k = 0; k < kMetricCount; ++k)
    metric_id[k] = id_of(metric_ids, insert_metric, select_metric, kMetricNames[k]);
  for (std::size_t s = 0; s < stages; ++s)
    stage_metric[s] = id_of(metric_ids, insert_metric, select_metric, "stage:" + o.stage_keys[s]);
  const std::int64_t all = group_id[static_cast<std::size_t>(Group::kAll)];

  // Flow metrics are numbered in the order write_outcomes_csv first meets them (month, district,
  // from, to), as before the series were stored in key order.
  for (std::size_t m : o.written_months)
    for (std::size_t area = 0; area < o.monthly.areas; ++area)
      for (std::size_t from = 0; from < stages; ++from)
        for (std::size_t to = 0; to < stages; ++to) {
          std::int64_t& id = flow_metric[from * stages + to];
          if (id < 0 && o.stages.moves(m, area, from, to) != 0)
            id = id_of(metric_ids, insert_metric, select_metric, "flow:" + o.stage_keys[from] + ">" + o.stage_keys[to]);
        }

  // One series per metric, district and group, taken in the table's key order with its months
  // in order, so that the run goes on the end of the table in one piece.
  struct Series {
    std::int64_t metric, area, group;
    std::function<double(std::size_t month)> value;  // NaN: no row
  };
  std::vector<Series> series;
  for (std::size_t area = 0; area < o.monthly.areas; ++area) {
    for (std::size_t g = 0; g < kGroupCount; ++g)
      for (std::size_t k = 0; k < kMetricCount; ++k)
        series.push_back({metric_id[k], area_id[area], group_id[g], [&o, area, g, k](std::size_t m) {
                            return o.monthly.at(m, area, static_cast<Group>(g), static_cast<Metric>(k));
                          }});
    for (std::size_t st = 0; st < stages; ++st)
      series.push_back({stage_metric[st], area_id[area], all, [&o, area, st](std::size_t m) {
                          return o.stages.people(m, area, st);
                        }});
    for (std::size_t from = 0; from < stages; ++from)
      for (std::size_t to = 0; to < stages; ++to)
        if (flow_metric[from * stages + to] >= 0)
          series.push_back({flow_metric[from * stages + to], area_id[area], all, [&o, area, from, to](std::size_t m) {
                              double moves = o.stages.moves(m, area, from, to);
                              return moves == 0 ? std::numeric_limits<double>::quiet_NaN() : moves;
                            }});
  }
  std::sort(series.begin(), series.end(), [](const Series& a, const Series& b) {
    return std::tie(a.metric, a.area, a.group) < std::tie(b.metric, b.area, b.group);
  });

  // Rows go in batches of kMonthlyBatch through the many-row statement, the rest one by one.
  struct Row {
    std::int64_t month;
    const Series* line;
    double value;
  };
  auto insert = [&](Statement& v, std::span<const Row> rows) {
    v.bind(1, run_id);
    int p = 2;
    for (const Row& row : rows) {
      v.bind(p++, row.month);
      v.bind(p++, row.line->area);
      v.bind(p++, row.line->group);
      v.bind(p++, row.line->metric);
      v.bind(p++, row.value);
    }
    v.execute();
  };
  std::array<Row, kMonthlyBatch> batch;
  std::size_t filled = 0;
  for (const Series& line : series)
    for (std::size_t m : o.written_months) {
      const double value = line.value(m);
      if (std::isnan(value)) continue;
      batch[filled++] = {static_cast<std::int64_t>(m + 1), &line, value};
      if (filled == batch.size()) {
        insert(insert_monthly_batch, batch);
        filled = 0;
      }
    }
  for (std::size_t k = 0; k < filled; ++k) insert(insert_monthly, std::span<const Row>(&batch[k], 1));
  insert_monthly_batch.reset();
  insert_monthly.reset();

  // Headline outcomes at the end of each whole year.
  Statement& s = insert_summary;
  s.bind(1, run_id);
  for (std::size_t y = 1; y * 12 <= o.monthly.months; ++y)
    for (std::size_t area = 0; area < o.monthly.areas; ++area)
      for (const auto& [name, value] : headline_values(o, y * 12 - 1, area)) {
        s.bind(2, record.start_year + static_cast<int>(y) - 1);
        s.bind(3, static_cast<std::int64_t>(y));
        s.bind(4, o.area_keys[area]);
        s.bind(5, name);
        s.bind(6, value);
        s.execute();
      }
  s.reset();

  if (budget) write_budget(run_id, *budget);
  if (run.microdata) write_microdata(run_id, *run.microdata, o);
  return run_id;
}

void ResultsDatabase::Impl::write_microdata(std::int64_t run_id, const Microdata& microdata, const Outcomes& outcomes) {
  std::vector<std::int64_t> area_id, step_id, policy_id;
  for (const auto& key : microdata.district_keys) {
    const auto at = std::find(outcomes.area_keys.begin(), outcomes.area_keys.end(), key);
    const std::string& name = at != outcomes.area_keys.end() ? outcomes.area_names[static_cast<std::size_t>(at - outcomes.area_keys.begin())] : key;
    area_id.push_back(id_of(area_ids, insert_area, select_area, key, &name));
  }
  for (const auto& key : microdata.stage_keys) step_id.push_back(id_of(step_ids, insert_step, select_step, key));
  for (const auto& key : microdata.policy_keys) policy_id.push_back(id_of(policy_ids, insert_policy, select_policy, key));

  const MicrodataPanel& p = microdata.panel;
  Statement& row = insert_panel;
  row.bind(1, run_id);
  for (std::size_t r = 0; r < p.size(); ++r) {
    row.bind(2, p.month[r]);
    row.bind(3, static_cast<std::int64_t>(p.person[r]));
    row.bind(4, static_cast<std::int64_t>(p.household[r]));
    row.bind(5, area_id[p.district[r]]);
    row.bind(6, p.age_months[r]);
    row.bind(7, p.female[r]);
    row.bind(8, p.foreign_born[r]);
    if (p.months_since_arrival[r] == kBornInSweden) row.bind_null(9);
    else row.bind(9, p.months_since_arrival[r]);
    row.bind(10, p.education[r]);
    row.bind(11, p.swedish[r]);
    row.bind(12, step_id[p.stage[r]]);
    row.bind(13, p.months_in_stage[r]);
    row.bind(14, p.employed[r]);
    row.bind(15, p.lives_with_parents[r]);
    row.bind(16, p.earnings_sek[r]);
    row.bind(17, p.net_income_sek[r]);
    row.bind(18, p.household_disposable_sek[r]);
    row.bind(19, static_cast<double>(p.household_equivalised_sek[r]));
    row.bind(20, p.household_support_sek[r]);
    row.bind(21, p.household_members[r]);
    row.bind(22, p.in_support[r]);
    if (p.policy[r] < 0) {
      row.bind_null(23);
      row.bind_null(24);
    } else {
      row.bind(23, policy_id[static_cast<std::size_t>(p.policy[r])]);
      row.bind(24, p.phase[r]);
    }
    row.execute();
  }
  row.reset();

  const MicrodataParticipations& in = microdata.participations;
  Statement& taking = insert_participation;
  taking.bind(1, run_id);
  for (std::size_t r = 0; r < in.size(); ++r) {
    taking.bind(2, in.month[r]);
    taking.bind(3, static_cast<std::int64_t>(in.person[r]));
    taking.bind(4, policy_id[static_cast<std::size_t>(in.policy[r])]);
    taking.bind(5, in.phase[r]);
    taking.execute();
  }
  taking.reset();

  // An event's values stored by what they are: ids of steps, policies and districts as in their tables.
  const MicrodataEvents& e = microdata.events;
  const auto& kinds = event_kind_names();
  Statement& event = insert_event;
  event.bind(1, run_id);
  auto value = [&](int column, EventKind kind, std::int64_t v, bool from) {
    if (v < 0) return event.bind_null(column);
    switch (kind) {
      case EventKind::kStage:
      case EventKind::kDied:
      case EventKind::kMovedAway:
        return event.bind(column, step_id[static_cast<std::size_t>(v)]);
      case EventKind::kPolicyStart:
      case EventKind::kPhase:
      case EventKind::kPolicyEnd:
      case EventKind::kLottery:
        return event.bind(column, from ? policy_id[static_cast<std::size_t>(v)] : v);
      case EventKind::kDistrict:
        return event.bind(column, area_id[static_cast<std::size_t>(v)]);
      default:
        return event.bind(column, v);
    }
  };
  for (std::size_t r = 0; r < e.size(); ++r) {
    event.bind(2, e.month[r]);
    event.bind(3, static_cast<std::int64_t>(e.person[r]));
    event.bind(4, kinds[static_cast<std::size_t>(e.kind[r])]);
    value(5, e.kind[r], e.from[r], true);
    value(6, e.kind[r], e.to[r], false);
    event.execute();
  }
  event.reset();
}

void ResultsDatabase::Impl::write_budget(std::int64_t run_id, const Budget& budget_of_run) {
  const Budget* budget = &budget_of_run;
  {
    // The same items as budget.csv (budget_items).
    Statement& b = insert_budget;
    b.bind(1, run_id);
    for (const BudgetYear& y : budget->years) {
      for (const auto& [name, value] : budget_items(*budget, y)) {
        b.bind(2, y.year);
        b.bind(3, name);
        b.bind(4, value);
        b.execute();
      }
    }
    b.reset();
    Statement& t = insert_budget_total;
    t.bind(1, run_id);
    for (const BudgetTotals& total : budget->totals) {
      auto item = [&](std::string_view name, double value) {
        t.bind(2, total.years);
        t.bind(3, name);
        t.bind(4, value);
        t.execute();
      };
      // The names of budget.csv: extra cost against a baseline, the gross cost without one.
      if (!budget->has_baseline) {
        item("programme_cost_sek", total.programme_cost);
        item("discounted_programme_cost_sek", total.discounted_programme_cost);
        continue;
      }
      item("extra_programme_cost_sek", total.programme_cost);
      item("support_saved_sek", total.support_saved);
      item("tax_gained_sek", total.tax_gained);
      item("net_sek", total.net);
      item("discounted_extra_programme_cost_sek", total.discounted_programme_cost);
      item("discounted_support_saved_sek", total.discounted_support_saved);
      item("discounted_tax_gained_sek", total.discounted_tax_gained);
      item("discounted_net_sek", total.discounted_net);
      item("extra_job_years", total.extra_job_years);
      item("cost_per_extra_job_year_sek", total.cost_per_extra_job_year);
    }
    t.reset();
  }
}

void ResultsDatabase::set_sweep_budgets(const std::string& sweep, const std::vector<std::vector<Budget>>& budgets) {
  Impl& d = *impl_;
  std::lock_guard lock(d.mutex);
  d.begin();
  try {
    Statement find(d.db, "SELECT run_id FROM runs WHERE sweep = ?1 AND sweep_point = ?2 AND replicate = ?3");
    Statement clear_budget(d.db, "DELETE FROM budget WHERE run_id = ?1");
    Statement clear_totals(d.db, "DELETE FROM budget_totals WHERE run_id = ?1");
    Statement payback(d.db, "UPDATE runs SET payback_year = ?2, discounted_payback_year = ?3 WHERE run_id = ?1");
    for (std::size_t p = 0; p < budgets.size(); ++p)
      for (std::size_t r = 0; r < budgets[p].size(); ++r) {
        find.bind(1, sweep);
        find.bind(2, static_cast<std::int64_t>(p));
        find.bind(3, static_cast<std::int64_t>(r));
        if (!find.step()) throw Error(fmt::format("run {} of sweep point {} is not stored", r, p));
        const std::int64_t run_id = find.column_int64(0);
        find.reset();
        // A resumed sweep computes the budget again: the rows of a session before are replaced.
        for (Statement* clear : {&clear_budget, &clear_totals}) {
          clear->bind(1, run_id);
          clear->execute();
          clear->reset();
        }
        payback.bind(1, run_id);
        payback.bind_optional(2, budgets[p][r].payback_year);
        payback.bind_optional(3, budgets[p][r].discounted_payback_year);
        payback.execute();
        payback.reset();
        d.write_budget(run_id, budgets[p][r]);
      }
    d.execute("COMMIT");
  } catch (const std::exception& e) {
    sqlite3_exec(d.db, "ROLLBACK", nullptr, nullptr, nullptr);
    for (Statement* s : {&d.insert_budget, &d.insert_budget_total}) s->reset();
    d.fail("cannot store the budget of sweep " + sweep + ": " + e.what());
  }
}

std::int64_t ResultsDatabase::add_run(const RunRecord& record, const RunResult& run, const Budget* budget) {
  Impl& d = *impl_;
  std::lock_guard lock(d.mutex);
  d.begin();
  try {
    std::int64_t run_id = d.write_run(record, run, budget);
    d.execute("COMMIT");
    return run_id;
  } catch (const std::exception& e) {
    sqlite3_exec(d.db, "ROLLBACK", nullptr, nullptr, nullptr);
    // Statements may hold bindings and dimension ids may have been rolled back with the rest.
    for (Statement* s : {&d.insert_run, &d.insert_parameter, &d.insert_monthly, &d.insert_monthly_batch, &d.insert_summary, &d.insert_budget,
                         &d.insert_budget_total, &d.insert_panel, &d.insert_participation, &d.insert_event})
      s->reset();
    d.area_ids.clear();
    d.group_ids.clear();
    d.metric_ids.clear();
    d.step_ids.clear();
    d.policy_ids.clear();
    d.fail("cannot store run " + std::to_string(record.replicate) + " of " + record.scenario + ": " + e.what());
  }
}

void ResultsDatabase::add_sensitivity(const SensitivityAnalysis& analysis, const std::vector<SensitivityPoint>& points,
                                      const std::vector<OutputSensitivity>& indices) {
  Impl& d = *impl_;
  std::lock_guard lock(d.mutex);
  const SensitivitySpec& spec = analysis.spec();
  d.begin();
  try {
    // A folder holds one analysis: the analysis run again replaces the one before.
    d.execute("DELETE FROM sensitivity_indices; DELETE FROM sensitivity_point_outputs; DELETE FROM sensitivity_point_values; "
              "DELETE FROM sensitivity_outputs; DELETE FROM sensitivity_inputs;");
    Statement input(d.db, "INSERT INTO sensitivity_inputs (input, path, distribution, source) VALUES (?1, ?2, ?3, ?4)");
    for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
      input.bind(1, static_cast<std::int64_t>(i));
      input.bind(2, spec.inputs[i].path);
      input.bind(3, spec.inputs[i].distribution.text());
      input.bind(4, spec.inputs[i].source);
      input.execute();
    }
    Statement output(d.db, "INSERT INTO sensitivity_outputs (output, name, definition, variance, monte_carlo_share, failed_points) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
      output.bind(1, static_cast<std::int64_t>(o));
      output.bind(2, spec.outputs[o].name);
      output.bind(3, spec.outputs[o].outcome.text);
      output.bind(4, indices[o].variance);
      output.bind(5, indices[o].monte_carlo_share);
      output.bind(6, static_cast<std::int64_t>(indices[o].failed_points));
      output.execute();
    }
    Statement value(d.db, "INSERT INTO sensitivity_point_values (point, input, unit, value) VALUES (?1, ?2, ?3, ?4)");
    Statement result(d.db, "INSERT INTO sensitivity_point_outputs (point, output, value, standard_error, problem) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (std::size_t p = 0; p < points.size(); ++p) {
      for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
        value.bind(1, static_cast<std::int64_t>(p));
        value.bind(2, static_cast<std::int64_t>(i));
        value.bind(3, analysis.design()[p][i]);
        value.bind(4, points[p].values[i]);
        value.execute();
      }
      for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
        result.bind(1, static_cast<std::int64_t>(p));
        result.bind(2, static_cast<std::int64_t>(o));
        result.bind(3, points[p].outputs[o]);
        result.bind(4, points[p].standard_errors[o]);
        if (points[p].problem.empty()) result.bind_null(5);
        else result.bind(5, points[p].problem);
        result.execute();
      }
    }
    Statement index(d.db, "INSERT INTO sensitivity_indices (output, input, statistic, value, low, high) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    const bool morris = spec.method == SensitivitySpec::Method::kMorris;
    for (std::size_t o = 0; o < spec.outputs.size(); ++o)
      for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
        auto add = [&](std::string_view statistic, double v, std::optional<std::array<double, 2>> interval) {
          index.bind(1, static_cast<std::int64_t>(o));
          index.bind(2, static_cast<std::int64_t>(i));
          index.bind(3, statistic);
          index.bind(4, v);
          if (interval) index.bind(5, (*interval)[0]), index.bind(6, (*interval)[1]);
          else index.bind_null(5), index.bind_null(6);
          index.execute();
        };
        const OutputSensitivity& s = indices[o];
        if (morris) {
          add("mu", s.morris.mu[i], std::nullopt);
          add("mu_star", s.morris.mu_star[i], std::nullopt);
          add("sigma", s.morris.sigma[i], std::nullopt);
        } else {
          add("first_order", s.sobol.first[i], s.sobol.first_interval[i]);
          add("total", s.sobol.total[i], s.sobol.total_interval[i]);
        }
      }
    d.execute("COMMIT");
  } catch (const std::exception& e) {
    sqlite3_exec(d.db, "ROLLBACK", nullptr, nullptr, nullptr);
    d.fail(std::string("cannot store the sensitivity analysis: ") + e.what());
  }
}

void ResultsDatabase::import_sweep_runs(const std::vector<std::filesystem::path>& shards) {
  Impl& d = *impl_;
  std::lock_guard lock(d.mutex);
  // Attaching is refused inside a transaction: each shard is attached, read in one, detached.
  auto with_each_shard = [&](const char* what, const std::function<void(const std::filesystem::path&)>& read) {
    for (const auto& shard : shards) {
      Statement attach(d.db, "ATTACH DATABASE ?1 AS shard");
      attach.bind(1, std::string_view(shard.string()));
      try {
        attach.execute();
      } catch (const Error& e) {
        d.fail(fmt::format("cannot open {}: {}", shard.string(), e.what()));
      }
      try {
        Statement version(d.db, "PRAGMA shard.user_version");
        version.step();
        if (version.column_int64(0) != kSchemaVersion)
          throw Error("schema version " + std::to_string(version.column_int64(0)) + ", this engine reads version " +
                      std::to_string(kSchemaVersion));
        version.reset();
        d.execute("BEGIN");  // deferred: the shard is only read, so it may be read-only
        read(shard);
        d.execute("COMMIT");
      } catch (const std::exception& e) {
        sqlite3_exec(d.db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_exec(d.db, "DETACH DATABASE shard", nullptr, nullptr, nullptr);
        d.fail(fmt::format("cannot {} of {}: {}", what, shard.string(), e.what()));
      }
      d.execute("DETACH DATABASE shard");
    }
  };
  constexpr const char* kRunColumns =
      "scenario, replicate, seed, scale, months, start_year, sweep, sweep_point, engine_version, started_at, finished_at, "
      "wall_seconds, person_months, initial_people, payback_year, discounted_payback_year, resolved_yaml";
  // First every shard's runs, so that they are numbered in the order of the sweep, not of the shards.
  d.execute("DROP TABLE IF EXISTS temp.shard_runs");
  d.execute(fmt::format("CREATE TEMP TABLE shard_runs AS SELECT {} FROM main.runs WHERE 0", kRunColumns).c_str());
  with_each_shard("read the runs", [&](const std::filesystem::path&) {
    d.execute(fmt::format("INSERT INTO temp.shard_runs SELECT {} FROM shard.runs WHERE sweep IS NOT NULL", kRunColumns).c_str());
  });
  d.begin();
  try {
    d.execute(fmt::format("INSERT INTO main.runs ({0}) SELECT {0} FROM temp.shard_runs ORDER BY sweep, sweep_point, replicate",
                          kRunColumns).c_str());
    d.execute("COMMIT");
  } catch (const std::exception& e) {
    sqlite3_exec(d.db, "ROLLBACK", nullptr, nullptr, nullptr);
    d.fail(std::string("cannot store the shards' runs (is a run in two shards?): ") + e.what());
  }
  d.execute("DROP TABLE temp.shard_runs");
  // Then what belongs to each run, found by its sweep, point and replicate.
  with_each_shard("read the results", [&](const std::filesystem::path&) {
    constexpr const char* kSameRun =
        "JOIN shard.runs sr ON sr.run_id = x.run_id AND sr.sweep IS NOT NULL "
        "JOIN main.runs m ON m.sweep = sr.sweep AND m.sweep_point = sr.sweep_point AND m.replicate = sr.replicate";
    d.execute("INSERT OR IGNORE INTO main.areas (key, name) SELECT key, name FROM shard.areas ORDER BY area_id");
    d.execute("INSERT OR IGNORE INTO main.population_groups (name) SELECT name FROM shard.population_groups ORDER BY group_id");
    d.execute("INSERT OR IGNORE INTO main.metrics (name) SELECT name FROM shard.metrics ORDER BY metric_id");
    d.execute(fmt::format("INSERT INTO main.run_parameters (run_id, path, value) SELECT m.run_id, x.path, x.value "
                          "FROM shard.run_parameters x {}", kSameRun).c_str());
    d.execute(fmt::format("INSERT INTO main.monthly_values (run_id, month, area_id, group_id, metric_id, value) "
                          "SELECT m.run_id, x.month, ma.area_id, mg.group_id, mm.metric_id, x.value FROM shard.monthly_values x {} "
                          "JOIN shard.areas sa ON sa.area_id = x.area_id JOIN main.areas ma ON ma.key = sa.key "
                          "JOIN shard.population_groups sg ON sg.group_id = x.group_id JOIN main.population_groups mg ON mg.name = sg.name "
                          "JOIN shard.metrics sm ON sm.metric_id = x.metric_id JOIN main.metrics mm ON mm.name = sm.name "
                          "ORDER BY m.run_id, mm.metric_id, ma.area_id, mg.group_id, x.month", kSameRun).c_str());
    d.execute(fmt::format("INSERT INTO main.summaries (run_id, year, year_of_run, district, outcome, value) "
                          "SELECT m.run_id, x.year, x.year_of_run, x.district, x.outcome, x.value FROM shard.summaries x {}", kSameRun).c_str());
    d.execute(fmt::format("INSERT INTO main.budget (run_id, year, item, value) "
                          "SELECT m.run_id, x.year, x.item, x.value FROM shard.budget x {}", kSameRun).c_str());
    d.execute(fmt::format("INSERT INTO main.budget_totals (run_id, years, item, value) "
                          "SELECT m.run_id, x.years, x.item, x.value FROM shard.budget_totals x {}", kSameRun).c_str());
    // Sweeps keep no people: the microdata tables of a shard are empty.
  });
  // The dimension ids cached for add_run may have been taken by the shards' names.
  d.area_ids.clear();
  d.group_ids.clear();
  d.metric_ids.clear();
}

bool ResultsDatabase::has_sweep_run(const std::string& sweep, std::int64_t point, std::uint32_t replicate) {
  Impl& d = *impl_;
  std::lock_guard lock(d.mutex);
  try {
    Statement& q = d.select_sweep_run;
    q.bind(1, sweep);
    q.bind(2, point);
    q.bind(3, static_cast<std::int64_t>(replicate));
    bool found = q.step() && q.column_int64(0) != 0;
    q.reset();
    return found;
  } catch (const Error& e) {
    d.select_sweep_run.reset();
    d.fail(e.what());
  }
}

}  // namespace trappsteg
