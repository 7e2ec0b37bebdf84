// trappsteg sweep: points × replicates in parallel; every finished run is written at once,
// so an interrupted sweep resumes where it stopped and ends with the same results.

#include "cli/common.hpp"
#include "engine/core/digest.hpp"
#include "engine/core/names.hpp"
#include "engine/metrics/headline.hpp"
#include "engine/metrics/statistics.hpp"
#include "engine/scenario/sweep_spec.hpp"
#include "output/csv_dialect.hpp"
#include "output/report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>
#include <tbb/global_control.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace trappsteg::cli {
namespace {


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

// A run's file is its row and a trailer naming the run and the row's checksum, recorded when
// the run is committed: an empty, truncated, altered or misplaced file is recognised on resume.
std::string run_trailer(std::size_t point, std::uint32_t replicate, std::string_view row) {
  FileFingerprint f = fingerprint(row);
  return fmt::format("# run p{:05}-r{:04} bytes={} crc32={}\n", point, replicate, f.bytes, crc32_hex(f.crc32));
}

/// The row of a finished run, or nullopt (with the reason) if its file is missing or damaged.
std::optional<std::string> read_run_row(const std::filesystem::path& file, std::size_t point, std::uint32_t replicate,
                                        std::string& problem) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    problem = "missing";
    return std::nullopt;
  }
  std::string text = read_whole_file(file);
  std::size_t end = text.find('\n');
  if (text.empty()) problem = "empty";
  else if (end == std::string::npos || text.compare(end + 1, std::string::npos, run_trailer(point, replicate, text.substr(0, end + 1))) != 0)
    problem = "truncated or altered (its checksum does not match)";
  else
    return text.substr(0, end + 1);
  return std::nullopt;
}

/// The numbers of a run's row after the point, replicate and parameters.
std::vector<double> row_values(const std::string& row, std::size_t skip) {
  std::vector<double> values;
  std::size_t column = 0, start = 0;
  while (start < row.size()) {
    std::size_t comma = row.find_first_of(",\n", start);
    if (comma == std::string::npos) comma = row.size();
    if (column++ >= skip) {
      double v = std::nan("");
      std::from_chars(row.data() + start, row.data() + comma, v);
      values.push_back(v);
    }
    start = comma + 1;
  }
  return values;
}

/// Everything that decides a sweep's results, for its manifest: a resume must match it.
InputParts sweep_inputs(const SweepSpec& sweep, const std::vector<LoadedScenario>& loaded, const RunSettings& settings) {
  InputParts parts = output_parts(settings);
  add_input_part(parts, "sweep file", sweep.text);
  const Scenario& first = loaded.front().scenario;
  add_input_part(parts, "--seed", std::to_string(first.seed));
  add_input_part(parts, "--scale", fmt::format("{}", first.scale));
  add_input_part(parts, "--years", fmt::format("{} months", first.months));
  add_input_part(parts, "--replicates", std::to_string(first.replicates));
  add_input_part(parts, "--set", fmt::format("{}", fmt::join(settings.set, " ")));
  // Each file as read at every point (the points' overrides applied), in point order.
  std::map<std::string, std::string> files;
  for (const auto& l : loaded) {
    files["base scenario"] += sha1_hex(l.scenario.resolved_yaml);
    for (std::size_t i = 0; i < kModelFileCount; ++i) files[std::string(kModelFileKeys[i]) + " file"] += sha1_hex(l.model.resolved_yaml[i]);
    for (const auto& policy : l.model.policies) files["policy " + policy.key] += sha1_hex(policy.resolved_yaml);
  }
  for (const auto& [name, digests] : files) add_input_part(parts, name, digests);
  return parts;
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

  const std::filesystem::path out = results_folder_for(file, out_option);
  const int threads = thread_count(settings);
  {
    std::vector<const LoadedScenario*> all;
    for (const auto& l : loaded) all.push_back(&l);
    check_resources(all, loaded.size() * static_cast<std::size_t>(replicates), threads, settings, out, Ensemble::kSweep);
  }
  const InputParts inputs = sweep_inputs(sweep, loaded, settings);
  install_interrupt_handler();
  FolderLock lock(out);
  remove_stale_staging(out);
  // The manifest travels with the results; --resume insists on the same inputs.
  std::optional<FolderManifest> previous = check_output_folder(out, "sweep", inputs, settings.force || resume);
  if (previous) {
    if (previous->kind == "sweep" && previous->inputs == inputs) {
      if (!resume && !settings.force)
        throw InputError({{{out, 0, 0}, "--out", "this folder already holds this sweep: add --resume to continue it, "
                                                 "--force to run it again from the start, or choose another --out"}});
    } else if (resume && !settings.force) {
      throw InputError({{{out, 0, 0}, "--resume",
                         previous->kind != "sweep"
                             ? fmt::format("this folder holds a {}, not a sweep", previous->kind)
                             : fmt::format("the results in this folder come from other inputs, so they would mix: {}",
                                           fmt::join(input_differences(previous->inputs, inputs), "; "))}});
    }
    if (settings.force && !(resume && previous->kind == "sweep" && previous->inputs == inputs)) {
      // Start again: the old results go aside in one rename, then away.
      std::filesystem::path aside = make_staging_folder(out);
      std::filesystem::rename(out, aside / "old");
      std::filesystem::remove_all(aside);
    }
  }
  std::filesystem::create_directories(out / "runs");
  // Each run is committed to the database as it finishes, before its file in runs/ is
  // written: a kill between the two re-runs that one run, which the database refuses twice.
  auto database_owner = std::make_unique<ResultsDatabase>(out / "results.sqlite");
  ResultsDatabase& database = *database_owner;
  const std::string sweep_name = std::filesystem::path(file).stem().string();
  const std::string started_at = utc_now();
  FolderManifest manifest{"sweep", TRAPPSTEG_VERSION, inputs, {}, false};
  manifest.files["sweep.yaml"] = write_file_atomically(out / "sweep.yaml", [&](std::ostream& o) { o << sweep.text; });
  write_manifest(out, manifest);

  const auto columns = outcome_columns(first.months);
  std::vector<const LoadedScenario*> scenarios;
  for (const auto& l : loaded) scenarios.push_back(&l);
  std::vector<RunTask> tasks;
  std::size_t already = 0;
  for (std::size_t p = 0; p < points.size(); ++p)
    for (int r = 0; r < replicates; ++r) {
      const auto replicate = static_cast<std::uint32_t>(r);
      const std::filesystem::path run = out / run_file(p, replicate);
      std::string problem;
      if (database.has_sweep_run(sweep_name, static_cast<std::int64_t>(p), replicate) && read_run_row(run, p, replicate, problem)) {
        ++already;
        continue;
      }
      if (std::error_code ec; std::filesystem::exists(run, ec)) {
        std::cerr << fmt::format("{} is {}: running it again\n", run.string(), problem.empty() ? "not in the database" : problem);
        std::filesystem::remove(run, ec);
      }
      tasks.push_back({p, replicate});
    }

  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  if (!settings.quiet)
    std::cerr << fmt::format("Sweep of {} points × {} replicates over {}: {} runs to do{} — {} months, scale {}, {} thread(s)\n",
                             points.size(), replicates, first.name, tasks.size(),
                             already ? fmt::format(" ({} already done)", already) : "", first.months, first.scale, threads);
  ProgressBar progress("sweep", tasks.size(), !settings.quiet);
  std::size_t finished = run_batch(scenarios, tasks, [&](std::size_t t, RunResult&& run) {
    // One line per run: point, replicate, parameter values, outcomes; written atomically.
    const RunTask& task = tasks[t];
    const std::size_t city = run.outcomes.monthly.areas - 1;
    fmt::memory_buffer line;
    fmt::format_to(std::back_inserter(line), "{},{}", task.scenario, task.replicate);
    for (double v : points[task.scenario]) fmt::format_to(std::back_inserter(line), ",{}", csv_number(v));
    std::map<std::size_t, std::vector<std::pair<std::string, double>>> at;
    for (const Column& column : columns) {
      if (!at.count(column.month)) at[column.month] = headline_values(run.outcomes, column.month, city);
      fmt::format_to(std::back_inserter(line), ",{}", csv_number(at[column.month][column.headline].second));
    }
    if (!database.has_sweep_run(sweep_name, static_cast<std::int64_t>(task.scenario), task.replicate)) {
      RunRecord record = run_record(loaded[task.scenario].scenario, task.replicate, started_at);
      record.sweep = sweep_name;
      record.sweep_point = static_cast<std::int64_t>(task.scenario);
      for (std::size_t i = 0; i < sweep.parameters.size(); ++i)
        record.parameters.emplace_back(sweep.parameters[i].path, points[task.scenario][i]);
      database.add_run(record, run, nullptr);
    }
    const std::string row = fmt::to_string(line) + "\n";
    write_file_atomically(out / run_file(task.scenario, task.replicate),
                          [&](std::ostream& o) { o << row << run_trailer(task.scenario, task.replicate, row); });
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
        const auto replicate = static_cast<std::uint32_t>(r);
        std::string problem;
        std::optional<std::string> row = read_run_row(out / run_file(p, replicate), p, replicate, problem);
        if (!row)
          throw InputError({{{out / run_file(p, replicate), 0, 0}, "", fmt::format("{} while the sweep was finishing; run it again with --resume", problem)}});
        o << *row;
        std::vector<double> numbers = row_values(*row, 2 + sweep.parameters.size());
        for (std::size_t c = 0; c < columns.size(); ++c) values[p][c].push_back(c < numbers.size() ? numbers[c] : std::nan(""));
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
      for (double v : points[p]) o << ',' << csv_number(v);
      for (std::size_t c = 0; c < columns.size(); ++c) {
        Interval95 i = mean_interval(values[p][c]);
        o << ',' << csv_number(i.mean) << ',' << csv_number(i.low) << ',' << csv_number(i.high);
      }
      o << '\n';
    }
  }
  const CsvDialect dialect = settings.dialect();
  manifest.files["sweep.csv"] = write_file_atomically(out / "sweep.csv", [&](std::ostream& o) { o << convert_csv(sweep_csv.str(), dialect); });
  manifest.files["points.csv"] = write_file_atomically(out / "points.csv", [&](std::ostream& o) { o << convert_csv(points_csv.str(), dialect); });
  manifest.files["report.html"] =
      write_file_atomically(out / "report.html", [&](std::ostream& o) { write_report(out, settings.lang, o); });
  for (std::size_t p = 0; p < points.size(); ++p)
    for (int r = 0; r < replicates; ++r) {
      const std::string name = run_file(p, static_cast<std::uint32_t>(r));
      manifest.files[name] = fingerprint_file(out / name);
    }
  database_owner.reset();  // closed: the write-ahead log is folded into the file
  manifest.files["results.sqlite"] = fingerprint_file(out / "results.sqlite");
  manifest.complete = true;
  write_manifest(out, manifest);
  std::cout << fmt::format("Results written to {}\n", out.string());
  return 0;
}

}  // namespace trappsteg::cli
