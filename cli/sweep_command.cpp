// trappsteg sweep: points × replicates in parallel; every finished run is written at once,
// so an interrupted sweep resumes where it stopped and ends with the same results.

#include "cli/common.hpp"
#include "engine/budget/spread.hpp"
#include "engine/core/digest.hpp"
#include "engine/core/names.hpp"
#include "engine/metrics/headline.hpp"
#include "engine/metrics/statistics.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/scenario/sweep_spec.hpp"
#include "output/budget_spread_writer.hpp"
#include "output/csv_dialect.hpp"
#include "output/report.hpp"
#include "output/writers.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>
#include <tbb/global_control.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
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

// A run's file is its row, then (when the sweep has a baseline) a line of the run's own budget,
// and a trailer naming the run and the checksum of what precedes it, recorded when the run is
// committed: an empty, truncated, altered or misplaced file is recognised on resume.
std::string run_trailer(std::size_t point, std::uint32_t replicate, std::string_view body) {
  FileFingerprint f = fingerprint(body);
  return fmt::format("# run p{:05}-r{:04} bytes={} crc32={}\n", point, replicate, f.bytes, crc32_hex(f.crc32));
}

/// A finished run as its file keeps it.
struct RunLines {
  std::string row;     ///< the sweep.csv row, with its line break
  std::string budget;  ///< the budget line (without the break); empty if the sweep has no budget
};

/// The lines of a finished run, or nullopt (with the reason) if its file is missing or damaged.
std::optional<RunLines> read_run_lines(const std::filesystem::path& file, std::size_t point, std::uint32_t replicate,
                                       bool with_budget, std::string& problem) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    problem = "missing";
    return std::nullopt;
  }
  std::string text = read_whole_file(file);
  std::size_t end = text.find('\n');
  if (with_budget && end != std::string::npos) end = text.find('\n', end + 1);
  if (text.empty()) problem = "empty";
  else if (end == std::string::npos || text.compare(end + 1, std::string::npos, run_trailer(point, replicate, text.substr(0, end + 1))) != 0)
    problem = "truncated or altered (its checksum does not match)";
  else {
    const std::size_t first = text.find('\n');
    RunLines lines{text.substr(0, first + 1), with_budget ? text.substr(first + 1, end - first - 1) : std::string()};
    if (!with_budget || lines.budget.rfind("# budget ", 0) == 0) return lines;
    problem = "without its budget line";
  }
  return std::nullopt;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == separator) parts.push_back(text.substr(start, i - start)), start = i + 1;
  return parts;
}

// A run's own budget (without a baseline) as one line: its policies, then what the budget
// against the baseline needs of each year, every number in its shortest exact text.
std::string budget_line(const Budget& own) {
  std::string line = fmt::format("# budget policies={}", fmt::join(own.policy_keys, "|"));
  for (const BudgetYear& y : own.years) {
    line += fmt::format(" {}", y.year);
    for (double c : y.programme_cost) line += ':' + csv_number(c);
    line += fmt::format(";{};{};{}", csv_number(y.income_support), csv_number(y.municipal_tax), csv_number(y.job_years));
  }
  return line;
}

/// The budget `budget_line` wrote, discounted at `discount_rate`; nullopt if the line is damaged.
std::optional<Budget> parse_budget_line(const std::string& line, double discount_rate) {
  std::istringstream in(line.substr(std::string_view("# budget").size()));
  std::string word;
  if (!(in >> word) || word.rfind("policies=", 0) != 0) return std::nullopt;
  Budget own;
  own.discount_rate = discount_rate;
  for (const auto& key : split(word.substr(9), '|'))
    if (!key.empty()) own.policy_keys.push_back(key);
  while (in >> word) {
    const std::vector<std::string> costs = split(word.substr(0, word.find(';')), ':');
    const std::vector<std::string> rest = split(word.substr(std::min(word.size(), word.find(';') + 1)), ';');
    if (costs.size() != 1 + own.policy_keys.size() || rest.size() != 3 || word.find(';') == std::string::npos) return std::nullopt;
    BudgetYear y;
    const auto [end, error] = std::from_chars(costs[0].data(), costs[0].data() + costs[0].size(), y.year);
    if (error != std::errc() || end != costs[0].data() + costs[0].size()) return std::nullopt;
    for (std::size_t p = 1; p < costs.size(); ++p) y.programme_cost.push_back(parse_csv_number(costs[p]));
    for (double c : y.programme_cost) y.programme_cost_total += c;
    y.income_support = parse_csv_number(rest[0]);
    y.municipal_tax = parse_csv_number(rest[1]);
    y.job_years = parse_csv_number(rest[2]);
    y.discount_factor = std::pow(1.0 + discount_rate, -static_cast<double>(own.years.size()));
    own.years.push_back(std::move(y));
  }
  return own;
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
InputParts sweep_inputs(const SweepSpec& sweep, const std::vector<LoadedScenario>& loaded, const std::vector<LoadedScenario>& baselines,
                        const RunSettings& settings) {
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
  for (std::size_t b = 0; b < baselines.size(); ++b) add_scenario_parts(parts, fmt::format("baseline {}: ", b), baselines[b]);
  return parts;
}

}  // namespace

std::string sweep_run_file(std::size_t point, std::uint32_t replicate) {
  return fmt::format("runs/p{:05}-r{:04}.csv", point, replicate);
}

SweepPlan load_sweep_plan(const std::filesystem::path& file, const RunSettings& settings) {
  SweepPlan plan;
  plan.spec = load_sweep(file);
  plan.file = file;
  plan.name = file.stem().string();
  const SweepSpec& sweep = plan.spec;
  plan.points = sweep_points(sweep);
  const auto& points = plan.points;
  RunSettings base_settings = settings;
  if (!base_settings.replicates && sweep.replicates) base_settings.replicates = sweep.replicates;
  if (!base_settings.years && sweep.years) base_settings.years = sweep.years;
  if (!base_settings.scale && sweep.scale) base_settings.scale = sweep.scale;
  if (!base_settings.seed && sweep.seed) base_settings.seed = sweep.seed;

  // Every point is validated before anything runs: a bad value anywhere stops the sweep.
  std::vector<LoadedScenario>& loaded = plan.loaded;
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

  // The budget compares each point with the base scenario's baseline under the point's model
  // values (a point that changes a policy shares the baseline of every other such point), with
  // the same seed, replicates, scale, horizon and warm-up.
  std::vector<LoadedScenario>& baselines = plan.baselines;
  plan.baseline_of.assign(loaded.size(), 0);
  if (!first.baseline_file.empty()) {
    std::map<std::string, std::size_t> distinct;
    for (std::size_t p = 0; p < points.size(); ++p) {
      RunSettings same = base_settings;
      same.set.clear();
      for (const auto& text : base_settings.set)
        if (overrides_model_file(parse_override(text).path)) same.set.push_back(text);
      for (const auto& o : point_overrides(sweep, points[p]))
        if (overrides_model_file(o.path)) same.set.push_back(o.path + "=" + o.value);
      const std::string key = fmt::format("{}", fmt::join(same.set, "\n"));
      if (auto known = distinct.find(key); known != distinct.end()) {
        plan.baseline_of[p] = known->second;
        continue;
      }
      same.seed = static_cast<std::int64_t>(loaded[p].scenario.seed);
      same.replicates = replicates;
      same.scale = loaded[p].scenario.scale;
      LoadedScenario base = prepare(loaded[p].scenario.baseline_file, same);
      base.scenario.months = loaded[p].scenario.months;
      base.scenario.warm_up_months = loaded[p].scenario.warm_up_months;
      plan.baseline_of[p] = distinct[key] = baselines.size();
      baselines.push_back(std::move(base));
    }
  }
  plan.inputs = sweep_inputs(sweep, loaded, baselines, settings);
  return plan;
}

int sweep_command(const std::string& file, const std::string& out_option, bool resume, const RunSettings& settings) {
  const SweepPlan plan = load_sweep_plan(file, settings);
  const SweepSpec& sweep = plan.spec;
  const auto& points = plan.points;
  const auto& loaded = plan.loaded;
  const auto& baselines = plan.baselines;
  const Scenario& first = loaded.front().scenario;
  const int replicates = plan.replicates();
  const bool with_budget = plan.with_budget();
  const std::optional<Shard>& shard = settings.shard;
  std::size_t shard_runs = plan.runs();
  if (shard) {
    shard_runs = 0;
    for (std::size_t k = 0; k < plan.runs(); ++k) shard_runs += shard->owns(k) ? 1 : 0;
    if (shard_runs == 0)
      throw InputError({{{file, 0, 0}, "--shard",
                         fmt::format("shard {}/{} would have no runs: the sweep has {} ({} points × {} replicates), so use at most {} shards",
                                     shard->index, shard->count, plan.runs(), points.size(), replicates, plan.runs())}});
  }

  // A shard's default folder is named after its shard, so that no shard takes the whole sweep's.
  const std::filesystem::path out =
      shard && out_option.empty()
          ? std::filesystem::path(results_folder_for(file, out_option).string() + fmt::format("-shard-{}-of-{}", shard->index, shard->count))
          : results_folder_for(file, out_option);
  const int threads = thread_count(settings);
  {
    std::vector<const LoadedScenario*> all;
    for (const auto& l : loaded) all.push_back(&l);
    if (!shard)
      for (const auto& b : baselines) all.push_back(&b);
    check_resources(all, shard_runs, threads, settings, out, Ensemble::kSweep);
  }
  // A shard's folder records its shard: it resumes only as the same shard of the same sweep.
  InputParts inputs = plan.inputs;
  if (shard) add_input_part(inputs, "--shard", fmt::format("{}/{}", shard->index, shard->count));
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
  const std::string& sweep_name = plan.name;
  const std::string started_at = utc_now();
  FolderManifest manifest{"sweep", TRAPPSTEG_VERSION, inputs, {}, false};
  manifest.files["sweep.yaml"] = write_file_atomically(out / "sweep.yaml", [&](std::ostream& o) { o << sweep.text; });
  if (shard)
    manifest.files["shard.yaml"] =
        write_file_atomically(out / "shard.yaml", [&](std::ostream& o) { o << shard_record_text(file, settings); });
  write_manifest(out, manifest);

  const auto columns = outcome_columns(first.months);
  std::vector<const LoadedScenario*> scenarios;
  for (const auto& l : loaded) scenarios.push_back(&l);
  std::vector<RunTask> tasks;
  std::size_t already = 0;
  for (std::size_t p = 0; p < points.size(); ++p)
    for (int r = 0; r < replicates; ++r) {
      const auto replicate = static_cast<std::uint32_t>(r);
      if (shard && !shard->owns(p * static_cast<std::size_t>(replicates) + replicate)) continue;
      const std::filesystem::path run = out / sweep_run_file(p, replicate);
      std::string problem;
      if (database.has_sweep_run(sweep_name, static_cast<std::int64_t>(p), replicate) &&
          read_run_lines(run, p, replicate, with_budget, problem)) {
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
    std::cerr << fmt::format("Sweep of {} points × {} replicates over {}{}: {} runs to do{} — {} months, scale {}, {} thread(s)\n",
                             points.size(), replicates, first.name,
                             shard ? fmt::format(", shard {}/{} ({} of the {} runs)", shard->index, shard->count, shard_runs, plan.runs()) : "",
                             tasks.size(), already ? fmt::format(" ({} already done)", already) : "", first.months, first.scale, threads);
  ProgressBar progress("sweep", tasks.size(), !settings.quiet);
  // The threads' time spent storing runs as they finish, against the time they had.
  std::atomic<std::int64_t> storing_ns{0};
  const auto runs_start = std::chrono::steady_clock::now();
  std::size_t finished = run_batch(scenarios, tasks, [&](std::size_t t, RunResult&& run) {
    const auto storing_start = std::chrono::steady_clock::now();
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
    std::string body = fmt::to_string(line) + "\n";
    if (with_budget) {
      const Scenario& scenario = loaded[task.scenario].scenario;
      body += budget_line(compute_budget(run.outcomes, nullptr, scenario.start_year, scenario.discount_rate,
                                         loaded[task.scenario].model.economy.municipal_tax_rate)) + "\n";
    }
    write_file_atomically(out / sweep_run_file(task.scenario, task.replicate),
                          [&](std::ostream& o) { o << body << run_trailer(task.scenario, task.replicate, body); });
    storing_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - storing_start).count();
    progress.advance();
  }, &interrupted());
  progress.finish();
  const auto runs_end = std::chrono::steady_clock::now();
  auto report_time = [&](const char* what, double finishing) {
    if (settings.quiet || tasks.empty()) return;
    const double wall = std::chrono::duration<double>(runs_end - runs_start).count();
    const double storing = static_cast<double>(storing_ns.load()) * 1e-9;
    std::cerr << fmt::format("{} runs in {:.1f} s of wall time ({:.2f} runs/s); storing them as they finished took {:.1f} s "
                             "of the {} thread(s)' {:.1f} s ({:.0f} %){}\n",
                             tasks.size(), wall, static_cast<double>(tasks.size()) / wall, storing, threads, threads * wall,
                             100 * storing / (threads * wall),
                             finishing >= 0 ? fmt::format("; {} took {:.1f} s more", what, finishing) : std::string());
  };
  if (finished < tasks.size()) {
    std::cerr << fmt::format("Interrupted: {} of {} runs are done and kept in {}. Continue with --resume.\n",
                             already + finished, shard_runs, (out / "runs").string());
    return kExitInterrupted;
  }

  if (shard) {
    // A shard ends with its runs: the sweep's tables, budget and report need every run, and
    // are written by `trappsteg merge` from all the shards.
    for (std::size_t k = 0; k < plan.runs(); ++k)
      if (shard->owns(k)) {
        const std::string name = sweep_run_file(k / static_cast<std::size_t>(replicates), static_cast<std::uint32_t>(k % static_cast<std::size_t>(replicates)));
        manifest.files[name] = fingerprint_file(out / name);
      }
    database_owner.reset();
    manifest.files["results.sqlite"] = fingerprint_file(out / "results.sqlite");
    manifest.complete = true;
    write_manifest(out, manifest);
    report_time("", -1);
    std::cout << fmt::format("Shard {}/{} ({} of the sweep's {} runs) written to {}; when every shard is done, join them with "
                             "trappsteg merge SHARD_FOLDERS... --out DIR\n",
                             shard->index, shard->count, shard_runs, plan.runs(), out.string());
    return 0;
  }

  std::optional<std::map<std::string, FileFingerprint>> written = finish_sweep(plan, out, database, settings);
  if (!written) {
    std::cerr << fmt::format("Interrupted while running the baseline for the budget: the sweep's {} runs are kept in {}. "
                             "Continue with --resume.\n",
                             plan.runs(), (out / "runs").string());
    return kExitInterrupted;
  }
  for (const auto& [name, fingerprint] : *written) manifest.files[name] = fingerprint;
  for (std::size_t p = 0; p < points.size(); ++p)
    for (int r = 0; r < replicates; ++r) {
      const std::string name = sweep_run_file(p, static_cast<std::uint32_t>(r));
      manifest.files[name] = fingerprint_file(out / name);
    }
  database_owner.reset();  // closed: the write-ahead log is folded into the file
  manifest.files["results.sqlite"] = fingerprint_file(out / "results.sqlite");
  manifest.complete = true;
  write_manifest(out, manifest);
  report_time(with_budget ? "the baselines for the budget, the tables and the report" : "the tables and the report",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - runs_end).count());
  std::cout << fmt::format("Results written to {}\n", out.string());
  return 0;
}

std::optional<std::map<std::string, FileFingerprint>> finish_sweep(const SweepPlan& plan, const std::filesystem::path& out,
                                                                   ResultsDatabase& database, const RunSettings& settings) {
  const SweepSpec& sweep = plan.spec;
  const auto& points = plan.points;
  const auto& loaded = plan.loaded;
  const auto& baselines = plan.baselines;
  const int replicates = plan.replicates();
  const bool with_budget = plan.with_budget();
  const auto columns = outcome_columns(loaded.front().scenario.months);
  std::map<std::string, FileFingerprint> files;

  // All runs are done: one row per point and replicate, then the mean per point.
  std::string header = "point,replicate";
  for (const auto& p : sweep.parameters) (header += ',') += csv_field(p.path);  // key paths hold commas
  for (const Column& column : columns) (header += ',') += column.name;
  std::vector<std::vector<std::vector<double>>> values(points.size());  // [point][column][replicate]
  std::vector<std::vector<Budget>> own_budgets(points.size());          // [point][replicate], without the baseline
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
        std::optional<RunLines> lines = read_run_lines(out / sweep_run_file(p, replicate), p, replicate, with_budget, problem);
        std::optional<Budget> own;
        if (lines && with_budget && !(own = parse_budget_line(lines->budget, loaded[p].scenario.discount_rate))) problem = "a damaged budget line";
        if (!lines || (with_budget && !own))
          throw InputError({{{out / sweep_run_file(p, replicate), 0, 0}, "", fmt::format("{} while the sweep was finishing; run it again with --resume", problem)}});
        if (own) own_budgets[p].push_back(std::move(*own));
        o << lines->row;
        std::vector<double> numbers = row_values(lines->row, 2 + sweep.parameters.size());
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
  // The budget: the baselines' runs (not kept between sessions: one per replicate and distinct
  // baseline, few beside the sweep's), each point's runs against them.
  std::string budget_csv, spread_csv, payback_csv;
  if (with_budget) {
    std::vector<const LoadedScenario*> base_scenarios;
    for (const auto& b : baselines) base_scenarios.push_back(&b);
    std::vector<RunTask> base_tasks;
    for (std::size_t b = 0; b < baselines.size(); ++b)
      for (int r = 0; r < replicates; ++r) base_tasks.push_back({b, static_cast<std::uint32_t>(r)});
    std::vector<Budget> base_budgets(base_tasks.size());
    ProgressBar base_progress("baseline", base_tasks.size(), !settings.quiet);
    const std::size_t base_finished = run_batch(base_scenarios, base_tasks, [&](std::size_t t, RunResult&& run) {
      const LoadedScenario& b = baselines[base_tasks[t].scenario];
      base_budgets[t] = compute_budget(run.outcomes, nullptr, b.scenario.start_year, b.scenario.discount_rate,
                                       b.model.economy.municipal_tax_rate);
      base_progress.advance();
    }, &interrupted());
    base_progress.finish();
    if (base_finished < base_tasks.size()) return std::nullopt;
    SpreadLabels labels{{"point"}, {}};
    for (const auto& parameter : sweep.parameters) labels.header.push_back(parameter.path);
    std::vector<BudgetSpread> spreads;
    std::ostringstream budgets_out;
    std::vector<std::vector<Budget>> against_by_point;
    for (std::size_t p = 0; p < points.size(); ++p) {
      std::vector<Budget> against;
      for (int r = 0; r < replicates; ++r)
        against.push_back(budget_against(own_budgets[p][static_cast<std::size_t>(r)],
                                         base_budgets[plan.baseline_of[p] * static_cast<std::size_t>(replicates) + static_cast<std::size_t>(r)]));
      std::ostringstream one;
      write_budget_csv(one, std::to_string(p), against, "point");
      std::string text = one.str();
      if (p > 0) text.erase(0, text.find('\n') + 1);
      budgets_out << text;
      std::vector<std::string> label{std::to_string(p)};
      for (double v : points[p]) label.push_back(csv_number(v));
      labels.values.push_back(std::move(label));
      spreads.push_back(budget_spread(against));
      against_by_point.push_back(std::move(against));
    }
    // The database gets the rows of budget.csv too, now that they are known.
    database.set_sweep_budgets(plan.name, against_by_point);
    budget_csv = budgets_out.str();
    std::ostringstream spread_out, payback_out;
    write_budget_spread_csv(spread_out, labels, spreads);
    write_payback_csv(payback_out, labels, spreads, 0);
    spread_csv = spread_out.str();
    payback_csv = payback_out.str();
  }

  const CsvDialect dialect = settings.dialect();
  files["sweep.csv"] = write_file_atomically(out / "sweep.csv", [&](std::ostream& o) { o << convert_csv(sweep_csv.str(), dialect); });
  files["points.csv"] = write_file_atomically(out / "points.csv", [&](std::ostream& o) { o << convert_csv(points_csv.str(), dialect); });
  if (with_budget) {
    files["budget.csv"] = write_file_atomically(out / "budget.csv", [&](std::ostream& o) { o << convert_csv(budget_csv, dialect); });
    files["budget_spread.csv"] =
        write_file_atomically(out / "budget_spread.csv", [&](std::ostream& o) { o << convert_csv(spread_csv, dialect); });
    files["payback.csv"] = write_file_atomically(out / "payback.csv", [&](std::ostream& o) { o << convert_csv(payback_csv, dialect); });
  }
  files["report.html"] =
      write_file_atomically(out / "report.html", [&](std::ostream& o) { write_report(out, settings.lang, o); });
  return files;
}

std::string shard_record_text(const std::filesystem::path& file, const RunSettings& settings) {
  YAML::Emitter yaml;
  yaml << YAML::BeginMap;
  yaml << YAML::Key << "shard" << YAML::Value << settings.shard.value_or(Shard{}).index;
  yaml << YAML::Key << "shards" << YAML::Value << settings.shard.value_or(Shard{}).count;
  yaml << YAML::Key << "sweep" << YAML::Value << std::filesystem::absolute(file).lexically_normal().string();
  // As given on the command line (the sweep file's own values are in the sweep file), numbers
  // in their shortest exact text.
  if (settings.seed) yaml << YAML::Key << "seed" << YAML::Value << std::to_string(*settings.seed);
  if (settings.replicates) yaml << YAML::Key << "replicates" << YAML::Value << std::to_string(*settings.replicates);
  if (settings.scale) yaml << YAML::Key << "scale" << YAML::Value << fmt::format("{}", *settings.scale);
  if (settings.years) yaml << YAML::Key << "years" << YAML::Value << std::to_string(*settings.years);
  yaml << YAML::Key << "set" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& s : settings.set) yaml << YAML::DoubleQuoted << s;
  yaml << YAML::EndSeq;
  yaml << YAML::Key << "gap" << YAML::Value << YAML::Flow << settings.gap;
  yaml << YAML::Key << "csv_dialect" << YAML::Value << settings.csv_dialect;
  yaml << YAML::Key << "lang" << YAML::Value << settings.lang;
  yaml << YAML::EndMap;
  return std::string("# A shard of a sweep (trappsteg sweep --shard): trappsteg merge loads the sweep again from this.\n") +
         yaml.c_str() + "\n";
}

ShardRecord read_shard_record(const std::filesystem::path& file) {
  ShardRecord record;
  try {
    const YAML::Node root = YAML::LoadFile(file.string());
    RunSettings& s = record.settings;
    s.shard = Shard{root["shard"].as<int>(), root["shards"].as<int>()};
    if (s.shard->count < 1 || s.shard->index < 1 || s.shard->index > s.shard->count) throw std::runtime_error("no such shard");
    record.sweep_file = root["sweep"].as<std::string>();
    if (root["seed"]) s.seed = root["seed"].as<std::int64_t>();
    if (root["replicates"]) s.replicates = root["replicates"].as<int>();
    if (root["scale"]) s.scale = parse_csv_number(root["scale"].as<std::string>());
    if (root["years"]) s.years = root["years"].as<int>();
    s.set = root["set"].as<std::vector<std::string>>();
    s.gap = root["gap"].as<std::vector<std::string>>();
    s.csv_dialect = root["csv_dialect"].as<std::string>();
    s.lang = root["lang"].as<std::string>();
  } catch (const std::exception& e) {
    throw InputError({{{file, 0, 0}, "", fmt::format("not a readable shard record ({}); the shard's folder is damaged", e.what())}});
  }
  return record;
}

}  // namespace trappsteg::cli
