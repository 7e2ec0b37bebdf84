// trappsteg sweep: points × replicates in parallel; every finished run is written at once,
// so an interrupted sweep resumes where it stopped and ends with the same results.

#include "cli/common.hpp"
#include "engine/metrics/headline.hpp"
#include "engine/metrics/statistics.hpp"
#include "engine/scenario/sweep_spec.hpp"
#include "output/csv_dialect.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <tbb/global_control.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace trappsteg::cli {
namespace {

std::string number(double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); }

/// An outcome column: a headline value (whole city) at the end of a month.
struct Column {
  std::string name;
  std::size_t month = 0;     // 0-based
  std::size_t headline = 0;  // index into headline_values()
};

/// Each headline value at the end of years 1, 5, 10, 20 and of the run.
std::vector<Column> outcome_columns(int months) {
  std::vector<std::size_t> ends;
  for (int year : {1, 5, 10, 20, 50})
    if (year * 12 < months) ends.push_back(static_cast<std::size_t>(year * 12 - 1));
  ends.push_back(static_cast<std::size_t>(months - 1));
  std::vector<Column> columns;
  const auto names = headline_names();
  for (std::size_t end : ends)
    for (std::size_t h = 0; h < names.size(); ++h) columns.push_back({fmt::format("{}_m{}", names[h], end + 1), end, h});
  return columns;
}

std::string run_file(std::size_t point, std::uint32_t replicate) {
  return fmt::format("runs/p{:05}-r{:04}.csv", point, replicate);
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int sweep_command(const std::string& file, const std::string& out_option, bool resume, const RunSettings& settings) {
  SweepSpec sweep = load_sweep(file);
  std::vector<std::vector<double>> points = sweep_points(sweep);
  RunSettings base_settings = settings;
  if (!base_settings.replicates && sweep.replicates) base_settings.replicates = sweep.replicates;
  if (!base_settings.years && sweep.years) base_settings.years = sweep.years;
  if (!base_settings.scale && sweep.scale) base_settings.scale = sweep.scale;
  if (!base_settings.seed && sweep.seed) base_settings.seed = sweep.seed;

  // Every point is validated before anything runs: a bad value anywhere stops the sweep.
  std::vector<LoadedScenario> loaded;
  std::vector<Diagnostic> problems;
  for (std::size_t p = 0; p < points.size(); ++p) {
    RunSettings point_settings = base_settings;
    for (const auto& o : point_overrides(sweep, points[p])) point_settings.set.push_back(o.path + "=" + o.value);
    try {
      loaded.push_back(prepare(sweep.base, point_settings));
    } catch (const InputError& e) {
      for (auto d : e.diagnostics()) {
        d.message = fmt::format("{} (sweep point {})", d.message, p);
        problems.push_back(d);
      }
    }
  }
  if (!problems.empty()) throw InputError(in_file_order(std::move(problems)));
  if (loaded.empty()) throw InputError({{{file, 0, 0}, "parameters", "the sweep has no points"}});
  const Scenario& first = loaded.front().scenario;
  const int replicates = first.replicates;

  std::filesystem::path out = out_option.empty() ? std::filesystem::path("results") / std::filesystem::path(file).stem()
                                                 : std::filesystem::path(out_option);
  // The definition travels with the results; --resume insists on the same one.
  const std::filesystem::path definition = out / "sweep.yaml";
  if (std::filesystem::exists(definition)) {
    if (!resume)
      throw InputError({{{out, 0, 0}, "--out", "this folder already holds a sweep: add --resume to continue it, or choose another --out"}});
    if (read_file(definition) != sweep.text)
      throw InputError({{{definition, 0, 0}, "--resume", fmt::format("the sweep in this folder is not the one in {}: results would mix", file)}});
  } else if (resume && std::filesystem::exists(out / "runs")) {
    throw InputError({{{out, 0, 0}, "--resume", "no sweep.yaml here: this folder was not made by trappsteg sweep"}});
  }
  std::filesystem::create_directories(out / "runs");
  // Each run is committed to the database as it finishes, before its file in runs/ is
  // written: a kill between the two re-runs that one run, which the database refuses twice.
  ResultsDatabase database(out / "results.sqlite");
  const std::string sweep_name = std::filesystem::path(file).stem().string();
  const std::string started_at = utc_now();
  if (!std::filesystem::exists(definition)) write_file_atomically(definition, [&](std::ostream& o) { o << sweep.text; });

  const auto columns = outcome_columns(first.months);
  std::vector<const LoadedScenario*> scenarios;
  for (const auto& l : loaded) scenarios.push_back(&l);
  std::vector<RunTask> tasks;
  std::size_t already = 0;
  for (std::size_t p = 0; p < points.size(); ++p)
    for (int r = 0; r < replicates; ++r) {
      if (std::filesystem::exists(out / run_file(p, static_cast<std::uint32_t>(r))) &&
          database.has_sweep_run(sweep_name, static_cast<std::int64_t>(p), static_cast<std::uint32_t>(r))) {
        ++already;
        continue;
      }
      tasks.push_back({p, static_cast<std::uint32_t>(r)});
    }

  const int threads = thread_count(settings);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  if (!settings.quiet)
    std::cerr << fmt::format("Sweep of {} points × {} replicates over {}: {} runs to do{} — {} months, scale {}, {} thread(s)\n",
                             points.size(), replicates, first.name, tasks.size(),
                             already ? fmt::format(" ({} already done)", already) : "", first.months, first.scale, threads);
  ProgressBar progress("sweep", tasks.size(), !settings.quiet);
  install_interrupt_handler();
  std::size_t finished = run_batch(scenarios, tasks, [&](std::size_t t, RunResult&& run) {
    // One line per run: point, replicate, parameter values, outcomes; written atomically.
    const RunTask& task = tasks[t];
    const std::size_t city = run.outcomes.monthly.areas - 1;
    fmt::memory_buffer line;
    fmt::format_to(std::back_inserter(line), "{},{}", task.scenario, task.replicate);
    for (double v : points[task.scenario]) fmt::format_to(std::back_inserter(line), ",{}", number(v));
    std::map<std::size_t, std::vector<std::pair<std::string, double>>> at;
    for (const Column& column : columns) {
      if (!at.count(column.month)) at[column.month] = headline_values(run.outcomes, column.month, city);
      fmt::format_to(std::back_inserter(line), ",{}", number(at[column.month][column.headline].second));
    }
    if (!database.has_sweep_run(sweep_name, static_cast<std::int64_t>(task.scenario), task.replicate)) {
      RunRecord record = run_record(loaded[task.scenario].scenario, task.replicate, started_at);
      record.sweep = sweep_name;
      record.sweep_point = static_cast<std::int64_t>(task.scenario);
      for (std::size_t i = 0; i < sweep.parameters.size(); ++i)
        record.parameters.emplace_back(sweep.parameters[i].path, points[task.scenario][i]);
      database.add_run(record, run, nullptr);
    }
    write_file_atomically(out / run_file(task.scenario, task.replicate), [&](std::ostream& o) { o << fmt::to_string(line) << '\n'; });
    progress.advance();
  }, &interrupted());
  progress.finish();
  if (finished < tasks.size()) {
    std::cerr << fmt::format("Interrupted: {} of {} runs are done and kept in {}. Continue with --resume.\n",
                             already + finished, points.size() * static_cast<std::size_t>(replicates), (out / "runs").string());
    return kExitInterrupted;
  }

  // All runs are done: one row per point and replicate, then the mean per point.
  std::string header = "point,replicate";
  for (const auto& p : sweep.parameters) (header += ',') += csv_field(p.path);  // key paths hold commas
  for (const Column& column : columns) (header += ',') += column.name;
  std::vector<std::vector<std::vector<double>>> values(points.size());  // [point][column][replicate]
  // sweep.csv and points.csv are built in the standard dialect, then converted if asked.
  std::ostringstream sweep_csv, points_csv;
  {
    std::ostream& o = sweep_csv;
    o << header << '\n';
    for (std::size_t p = 0; p < points.size(); ++p) {
      values[p].assign(columns.size(), {});
      for (int r = 0; r < replicates; ++r) {
        std::string line = read_file(out / run_file(p, static_cast<std::uint32_t>(r)));
        o << line;
        std::stringstream fields(line);
        std::string field;
        std::size_t column = 0;
        while (std::getline(fields, field, ',')) {
          if (column >= 2 + sweep.parameters.size() && column - 2 - sweep.parameters.size() < columns.size())
            values[p][column - 2 - sweep.parameters.size()].push_back(field.empty() ? std::nan("") : std::stod(field));
          ++column;
        }
      }
    }
  }
  {
    std::ostream& o = points_csv;
    o << "point";
    for (const auto& p : sweep.parameters) o << ',' << csv_field(p.path);
    for (const Column& c : columns) o << ',' << c.name << ',' << c.name << "_low," << c.name << "_high";
    o << '\n';
    for (std::size_t p = 0; p < points.size(); ++p) {
      o << p;
      for (double v : points[p]) o << ',' << number(v);
      for (std::size_t c = 0; c < columns.size(); ++c) {
        Interval95 i = mean_interval(values[p][c]);
        o << ',' << number(i.mean) << ',' << number(i.low) << ',' << number(i.high);
      }
      o << '\n';
    }
  }
  const CsvDialect dialect = settings.dialect();
  write_file_atomically(out / "sweep.csv", [&](std::ostream& o) { o << convert_csv(sweep_csv.str(), dialect); });
  write_file_atomically(out / "points.csv", [&](std::ostream& o) { o << convert_csv(points_csv.str(), dialect); });
  write_report_file(out, settings.lang);
  std::cout << fmt::format("Results written to {}\n", out.string());
  return 0;
}

}  // namespace trappsteg::cli
