// trappsteg — the command line: a thin layer over the engine and the writers.

#include "cli/common.hpp"
#include "engine/budget/budget.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/schema.hpp"
#include "engine/mpi/mpi_ensemble.hpp"
#include "engine/sim/batch.hpp"
#include "output/graphviz.hpp"
#include "output/microdata_writer.hpp"
#include "output/report.hpp"
#include "output/run_folder.hpp"
#include "output/trace.hpp"
#include "output/writers.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <iostream>
#include <limits>
#include <numeric>
#include <memory>
#include <optional>
#include <sstream>

namespace trappsteg::cli {

int compare_command(const std::vector<std::string>& files, const std::string& out, const std::string& uncertainty, const RunSettings& settings);
int sweep_command(const std::string& file, const std::string& out, bool resume, const RunSettings& settings);
int merge_command(const std::vector<std::string>& shards, const std::string& out, const RunSettings& settings);
int calibrate_command(const std::string& file, const std::string& out, bool resume, bool write, const RunSettings& settings);
int sensitivity_command(const std::string& file, const std::string& out, bool resume, const RunSettings& settings);

namespace {

/// " and its baseline 'name'" for the first line of a run; a baseline named "baseline" is not named twice.
std::string baseline_clause(const std::string* name) {
  if (!name) return "";
  return *name == "baseline" ? " and its baseline" : fmt::format(" and its baseline '{}'", *name);
}

/// The last line of a run: the rate is per second of wall time, the time the command took;
/// the runs' own times, summed, exceed it when runs go side by side on several threads.
std::string simulated_line(double person_months, double wall_seconds, double run_seconds, std::size_t runs, int threads) {
  return fmt::format("Simulated {:.0f} person-months in {:.2f} s of wall time ({:.1f} million person-months/s); "
                     "the {} run(s) took {:.2f} s added together, on {} thread(s)\n",
                     person_months, wall_seconds, person_months / wall_seconds / 1e6, runs, run_seconds, threads);
}

int run_command(const std::string& scenario_file, const std::string& out_option, const RunSettings& settings) {
  LoadedScenario main = prepare(scenario_file, settings);
  // The budget compares with the baseline run under the same seed, replicates, scale,
  // horizon and warm-up, so that replicate r of both sees the same draws (common random numbers).
  std::optional<LoadedScenario> baseline;
  if (!main.scenario.baseline_file.empty()) {
    RunSettings same = settings;
    same.seed = static_cast<std::int64_t>(main.scenario.seed);
    same.replicates = main.scenario.replicates;
    same.scale = main.scenario.scale;
    same.years = main.scenario.months / 12;
    keep_microdata_of(same, main.scenario);
    // The --set values aimed at the scenario's policies, which the baseline may not run, were
    // checked with the scenario.
    baseline = prepare(main.scenario.baseline_file, same, true);
    baseline->scenario.months = main.scenario.months;
    baseline->scenario.warm_up_months = main.scenario.warm_up_months;
  }
  const Scenario& scenario = main.scenario;
  std::vector<const LoadedScenario*> scenarios{&main};
  if (baseline) scenarios.push_back(&*baseline);

  const int threads = thread_count(settings);
  std::filesystem::path out = out_option.empty() ? std::filesystem::path("results") / scenario.name : std::filesystem::path(out_option);
  check_resources(scenarios, scenarios.size() * static_cast<std::size_t>(scenario.replicates), threads, settings, out, Ensemble::kRun);
  announce_microdata(scenarios, settings.quiet);
  InputParts inputs = output_parts(settings);
  add_scenario_parts(inputs, "", main);
  if (baseline) add_scenario_parts(inputs, "baseline ", *baseline);
  install_interrupt_handler();
  RunFolder folder(out, {settings.dialect(), settings.force, "run", TRAPPSTEG_VERSION, inputs});
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  RunInfo info{TRAPPSTEG_VERSION, threads, utc_now()};
  if (!settings.quiet)
    std::cerr << fmt::format("Running {}{} — {} replicate(s), {} months, scale {}, seed {}, {} thread(s)\n", scenario.name,
                             baseline_clause(baseline ? &baseline->scenario.name : nullptr), scenario.replicates,
                             scenario.months, scenario.scale, scenario.seed, threads);

  // Every replicate of the scenario and of its baseline is one task.
  std::vector<RunTask> tasks;
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    for (int r = 0; r < scenario.replicates; ++r) tasks.push_back({s, static_cast<std::uint32_t>(r)});
  std::vector<RunResult> results(tasks.size());
  ProgressBar progress(scenario.name, tasks.size(), !settings.quiet);
  const auto start = std::chrono::steady_clock::now();
  std::size_t finished = run_batch(scenarios, tasks, [&](std::size_t t, RunResult&& result) {
    results[t] = std::move(result);
    progress.advance();
  }, &interrupted());
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  if (finished < tasks.size()) {
    std::cerr << fmt::format("Interrupted: {} of {} runs had finished; nothing was written.\n", finished, tasks.size());
    return kExitInterrupted;
  }
  std::vector<RunResult> runs(std::make_move_iterator(results.begin()),
                              std::make_move_iterator(results.begin() + scenario.replicates));
  std::vector<RunResult> baseline_runs(std::make_move_iterator(results.begin() + scenario.replicates),
                                       std::make_move_iterator(results.end()));
  std::vector<Budget> budgets;
  for (std::size_t r = 0; r < runs.size(); ++r)
    budgets.push_back(compute_budget(runs[r].outcomes, baseline ? &baseline_runs[r].outcomes : nullptr, scenario.start_year,
                                     scenario.discount_rate, main.model.economy.municipal_tax_rate));

  write_replicates(folder, "outcomes.csv", runs, write_outcomes_csv, scenario.name);
  write_replicates(folder, "newcomers.csv", runs, write_newcomers_csv, scenario.name);
  if (!main.model.policies.empty()) {
    write_replicates(folder, "policies.csv", runs, write_policies_csv, scenario.name);
    if (runs.front().outcomes.policies.any_phased)
      write_replicates(folder, "policy_phases.csv", runs, write_policy_phases_csv, scenario.name);
    if (!runs.front().outcomes.lotteries.keys.empty()) {
      write_replicates(folder, "lottery.csv", runs, write_lottery_csv, scenario.name);
      write_replicates(folder, "lottery_years.csv", runs, write_lottery_years_csv, scenario.name);
    }
  }
  stop_if_interrupted();
  folder.write("budget.csv", [&](std::ostream& o) { write_budget_csv(o, scenario.name, budgets); });
  if (baseline) {
    write_replicates(folder, "baseline/outcomes.csv", baseline_runs, write_outcomes_csv, baseline->scenario.name);
    write_replicates(folder, "baseline/newcomers.csv", baseline_runs, write_newcomers_csv, baseline->scenario.name);
  }
  std::vector<TargetComparison> targets;
  if (main.model.targets) {
    std::vector<const Outcomes*> outcomes;
    std::vector<const Budget*> budget_of;
    for (std::size_t r = 0; r < runs.size(); ++r) outcomes.push_back(&runs[r].outcomes), budget_of.push_back(&budgets[r]);
    targets = compare_with_targets(*main.model.targets, outcomes, budget_of);
    folder.write("targets.csv", [&](std::ostream& o) { write_targets_csv(o, scenario.name, targets); });
  }
  SummaryInput summary{scenario, main.model, runs, info, baseline ? &baseline_runs : nullptr,
                       baseline ? baseline->scenario.name : std::string{}, budgets, targets};
  folder.write("summary.json", [&](std::ostream& o) { write_summary_json(o, summary); });
  folder.write("run.json", [&](std::ostream& o) { write_run_json(o, scenario, runs, info); });
  folder.write("staircase.dot", [&](std::ostream& o) { write_staircase_dot(o, *main.staircase); });
  if (settings.microdata_csv && scenario.microdata.on()) {
    MicrodataRuns microdata{{scenario.name, &runs}};
    if (baseline) microdata.push_back({baseline->scenario.name, &baseline_runs});
    folder.write("panel.csv.gz", [&](std::ostream& o) { write_panel_csv_gz(o, microdata); });
    folder.write("participations.csv.gz", [&](std::ostream& o) { write_participations_csv_gz(o, microdata); });
    folder.write("events.csv.gz", [&](std::ostream& o) { write_events_csv_gz(o, microdata); });
  }
  stop_if_interrupted();
  {
    // Every run in one queryable database, closed before the folder is committed.
    ResultsDatabase database(folder.staged("results.sqlite"));
    for (std::size_t r = 0; r < runs.size(); ++r)
      database.add_run(run_record(scenario, runs[r].replicate, info.started_at), runs[r], &budgets[r]);
    for (const auto& run : baseline_runs) database.add_run(run_record(baseline->scenario, run.replicate, info.started_at), run, nullptr);
  }
  write_resolved_inputs(folder, "inputs/", scenario, main.model, baseline.has_value());
  if (baseline) write_resolved_inputs(folder, "inputs/baseline/", baseline->scenario, baseline->model, false);
  write_report_file(folder, settings.lang);  // reads what the staging folder holds
  stop_if_interrupted();
  folder.commit();

  if (!settings.quiet) {
    double seconds = 0, person_months = 0;
    for (const auto& r : results) seconds += r.seconds, person_months += r.person_months;
    std::cerr << simulated_line(person_months, wall, seconds, results.size(), threads);
  }
  std::cout << fmt::format("Results written to {}\n", out.string());
  return 0;
}

int validate_command(const std::vector<std::string>& files) {
  std::vector<Diagnostic> problems;
  for (const auto& file : files) {
    try {
      FileKind kind = validate_file(file);
      const char* name = kind == FileKind::kScenario    ? "scenario (with its model files)"
                         : kind == FileKind::kDistricts ? "districts"
                         : kind == FileKind::kStaircase ? "staircase"
                         : kind == FileKind::kEconomy   ? "economy"
                         : kind == FileKind::kBenefits  ? "benefits"
                         : kind == FileKind::kPolicy    ? "policy"
                         : kind == FileKind::kSweep     ? "sweep (with its base scenario at every point)"
                         : kind == FileKind::kTargets   ? "targets"
                         : kind == FileKind::kCalibration ? "calibration (with its scenario and targets)"
                         : kind == FileKind::kSensitivity ? "sensitivity (with its scenario and, for budget outputs, its baseline)"
                         : kind == FileKind::kUncertainty ? "uncertainty (model paths at their medians; policy paths are checked by compare)"
                                                        : "demography";
      std::cout << fmt::format("{}: ok ({})\n", file, name);
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (problems.empty()) return 0;
  throw InputError(in_file_order(std::move(problems)));
}

struct GraphOptions {
  std::string scenario = "scenarios/baseline.yaml", staircase, results, format = "dot", out;
  std::optional<int> from_month, to_month;
};

int graph_command(const GraphOptions& options) {
  std::filesystem::path file = options.staircase;
  StageFlows flows;
  if (!options.results.empty()) {
    // Draw the staircase a run used, with its flows over the months asked for.
    const std::filesystem::path folder = options.results;
    FolderManifest manifest = verify_results_folder(folder);
    if (manifest.kind != "run")
      throw InputError({{{folder, 0, 0}, "--results", fmt::format("holds a {}; the flows come from a run folder", manifest.kind)}});
    int months = 0;
    try {
      months = YAML::LoadFile((folder / "inputs/scenario.yaml").string())["months"].as<int>();
    } catch (const YAML::Exception& e) {
      throw InputError({{{folder / "inputs/scenario.yaml", 0, 0}, "months", fmt::format("cannot be read: {}", e.what())}});
    }
    const int from = options.from_month.value_or(1), to = options.to_month.value_or(months);
    if (from > to)
      throw InputError({{{"--from-month", 0, 0}, "--from-month", fmt::format("month {} is after --to-month {}", from, to)}});
    if (to > months)
      throw InputError({{{"--to-month", 0, 0}, "--to-month", fmt::format("the run has {} months, so {} is out of range", months, to)}});
    file = folder / "inputs/staircase.yaml";
    flows = read_stage_flows(folder / "outcomes.csv", from, to);
  } else {
    if (options.from_month || options.to_month)
      throw InputError({{{"--from-month", 0, 0}, "--from-month", "a period needs --results, the run whose flows to draw"}});
    if (file.empty()) file = load_scenario(options.scenario).model_files.staircase;
  }
  Staircase staircase(load_staircase(file));
  std::ostringstream dot;
  write_staircase_dot(dot, staircase, options.results.empty() ? nullptr : &flows);
  if (options.out.empty() && options.format == "png") throw InputError({{{"--out", 0, 0}, "--format", "png needs --out FILE"}});
  // svg and png are drawn by Graphviz's library in this process.
  const std::string drawing = options.format == "dot" ? dot.str() : render_graphviz(dot.str(), options.format);
  if (options.out.empty()) std::cout << drawing;
  else write_file_atomically(options.out, [&](std::ostream& o) { o << drawing; });
  return 0;
}

}  // namespace
}  // namespace trappsteg::cli

int main(int argc, char** argv) {
  using namespace trappsteg;
  using namespace trappsteg::cli;
  // Started by mpirun or srun, every rank but 0 serves runs, and rank 0 runs the command,
  // spreading its runs over all of them.
  MpiSession mpi(argc, argv, TRAPPSTEG_VERSION);
  if (mpi.rank() > 0) return mpi.serve();
  std::unique_ptr<RunBackend> ranks;
  if (mpi.leads()) install_run_backend((ranks = mpi.backend()).get());
  CLI::App app{"Trappsteg — simulates households month by month on Göteborg's staircase to work, "
               "under policies, and reports equality outcomes."};
  app.set_version_flag("--version", std::string(TRAPPSTEG_VERSION));
  app.require_subcommand(1);
  app.footer("Examples:\n"
             "  trappsteg run scenarios/baseline.yaml --out results/baseline\n"
             "  trappsteg validate scenarios/*.yaml models/goteborg/*.yaml\n"
             "  trappsteg graph | dot -Tsvg > staircase.svg\n"
             "Exit status: 0 ok, 1 failure, 2 invalid input.");

  std::string run_scenario, run_out;
  RunSettings run_settings;
  CLI::App* run = app.add_subcommand("run", "Run one scenario (and its baseline, if it names one) and write its outcomes");
  run->add_option("scenario", run_scenario, "Scenario YAML file")->required();
  run->add_option("--out,-o", run_out, "Output folder (default: results/<scenario name>)");
  add_run_settings(*run, run_settings);
  add_microdata_settings(*run, run_settings);
  run->footer("Examples:\n"
              "  trappsteg run scenarios/baseline.yaml\n"
              "  trappsteg run scenarios/baseline.yaml --out results/quick --scale 0.1 --years 5 --seed 7 --threads 2\n"
              "  trappsteg run scenarios/families_250.yaml --set policy.families_250.capacity.seats=800\n"
              "Writes outcomes.csv (long format), newcomers.csv, budget.csv, summary.json, report.html, results.sqlite,\n"
              "run.json (timing), staircase.dot and inputs/; with --microdata a person panel and its events in results.sqlite\n"
              "(trappsteg trace reads them), with --microdata-csv also panel.csv.gz, participations.csv.gz\n"
              "and events.csv.gz.\n"
              "Every CSV and summary.json is byte-identical for the same seed, whatever --threads is\n"
              "(run.json, report.html and results.sqlite also record times).");

  std::vector<std::string> compare_files;
  std::string compare_out, compare_uncertainty;
  RunSettings compare_settings;
  CLI::App* compare = app.add_subcommand("compare", "Run scenarios × replicates in parallel and compare them with the first");
  compare->add_option("scenarios", compare_files, "Scenario YAML files; the first is the base of comparison")->required()->expected(2, -1);
  compare->add_option("--out,-o", compare_out, "Output folder (default: results/compare)");
  compare->add_option("--uncertainty", compare_uncertainty,
                      "A file of uncertain inputs (scenarios/uncertainty/, or a sensitivity file's inputs:): each replicate draws them, "
                      "the same in every scenario")
      ->check(CLI::ExistingFile);
  add_run_settings(*compare, compare_settings);
  add_microdata_settings(*compare, compare_settings);
  compare->footer("Examples:\n"
                  "  trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml --replicates 20 --scale 0.1\n"
                  "  trappsteg compare scenarios/baseline.yaml scenarios/*.yaml --out results/all --threads 2\n"
                  "  trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml --replicates 40 --scale 0.05 \\\n"
                  "      --uncertainty scenarios/uncertainty/assumptions.yaml   # intervals that include the assumptions\n"
                  "Every scenario runs with the first one's seed, replicates, scale, horizon and warm-up (or the command line's);\n"
                  "replicate r of each sees the same random draws, so differences are paired.\n"
                  "Writes headline.md and headline.csv (the planners' table), compare.csv (every outcome with 95 % intervals),\n"
                  "budget.csv, budget_spread.csv (the net by year with its percentiles over replicates), payback.csv (the\n"
                  "share of replicates in which each measure pays back within 5, 10 and 20 years, and the cost per extra\n"
                  "job-year), runs.csv and inputs/; with --uncertainty also uncertainty.csv (each replicate's values); with\n"
                  "--microdata the same people's panel in every scenario (results.sqlite; trappsteg trace reads it).\n"
                  "Without --uncertainty the spread is simulation noise only.");

  std::string sweep_file, sweep_out;
  bool sweep_resume = false;
  RunSettings sweep_settings;
  CLI::App* sweep = app.add_subcommand("sweep", "Run a parameter sweep (grid, list or Latin hypercube) over a base scenario");
  sweep->add_option("sweep", sweep_file, "Sweep YAML file")->required();
  sweep->add_option("--out,-o", sweep_out, "Output folder (default: results/<sweep file name>)");
  sweep->add_flag("--resume", sweep_resume, "Continue an interrupted sweep in --out, skipping runs already finished");
  add_run_settings(*sweep, sweep_settings);
  add_shard_option(*sweep, sweep_settings);
  sweep->footer("Examples:\n"
                "  trappsteg sweep scenarios/sweeps/job_finding.yaml --out results/sweep\n"
                "  trappsteg sweep scenarios/sweeps/job_finding.yaml --out results/sweep --resume\n"
                "  trappsteg sweep scenarios/sweeps/job_finding.yaml --shard 2/4 --out results/shard-2   # a job array's task\n"
                "Each finished run is written to <out>/runs/ at once; sweep.csv (one row per point and replicate)\n"
                "and points.csv (means per point) are written when all are done.");

  std::vector<std::string> merge_shards;
  std::string merge_out;
  RunSettings merge_settings;
  CLI::App* merge = app.add_subcommand("merge", "Join the folders of a sweep's shards (sweep --shard I/N) into one sweep folder");
  merge->add_option("shards", merge_shards, "The shards' folders, all N of them, in any order")->required();
  merge->add_option("--out,-o", merge_out, "Output folder: the sweep as if it had run unsharded")->required();
  merge->add_option("--threads,-j", merge_settings.threads, "Worker threads for the baselines' runs (default: all cores)")->check(CLI::Range(1, 1024));
  merge->add_flag("--quiet,-q", merge_settings.quiet, "No progress; print only where the results went");
  merge->add_flag("--force", merge_settings.force, "Replace the Trappsteg results already in --out");
  merge->footer("Examples:\n"
                "  trappsteg merge results/shard-1 results/shard-2 results/shard-3 results/shard-4 --out results/sweep\n"
                "  trappsteg merge shard-* --out results/sweep\n"
                "Checks that the folders are the N shards of one sweep, each complete, then writes what sweep writes:\n"
                "runs/, results.sqlite, sweep.csv, points.csv, the budget files (the baselines run here) and report.html.");

  std::vector<std::string> validate_files;
  CLI::App* validate = app.add_subcommand("validate", "Check scenario, sweep, policy and model files without running");
  validate->add_option("files", validate_files, "Scenario, sweep, policy or model YAML files")->required();
  validate->footer("Examples:\n  trappsteg validate scenarios/baseline.yaml\n  trappsteg validate models/goteborg/staircase.yaml\n"
                   "Each problem is printed as file:line:column: key.path: message; exit status 2 if any.");

  GraphOptions graph_options;
  CLI::App* graph = app.add_subcommand("graph", "Draw the staircase (DOT, SVG or PNG), optionally with a run's flows between stages");
  graph->add_option("--scenario", graph_options.scenario, "Scenario whose staircase to draw")->capture_default_str();
  graph->add_option("--staircase", graph_options.staircase, "A staircase YAML file (instead of --scenario)");
  graph->add_option("--results", graph_options.results, "A run's results folder: label each step with the people who took it");
  graph->add_option("--from-month", graph_options.from_month, "First month of the period for the flows (1 = January of the start year)")
      ->check(CLI::Range(1, 600));
  graph->add_option("--to-month", graph_options.to_month, "Last month of the period (default: the end of the run)")->check(CLI::Range(1, 600));
  graph->add_option("--format", graph_options.format, "dot, svg or png (svg and png through Graphviz)")
      ->check(CLI::IsMember({"dot", "svg", "png"}))
      ->capture_default_str();
  graph->add_option("--out,-o", graph_options.out, "Output file (default: standard output; png needs a file)");
  graph->footer("Examples:\n  trappsteg graph > staircase.dot\n  trappsteg graph --format svg --out staircase.svg\n"
                "  trappsteg graph --results results/baseline --from-month 1 --to-month 12 --format png --out flows-2016.png");

  std::string calibrate_file, calibrate_out;
  bool calibrate_resume = false, calibrate_write = false;
  RunSettings calibrate_settings;
  CLI::App* calibrate = app.add_subcommand(
      "calibrate", "Fit a calibration file's parameters to published figures (the method of simulated moments, NLopt)");
  calibrate->add_option("calibration", calibrate_file, "Calibration YAML file (scenarios/calibrations/)")->required();
  calibrate->add_option("--out,-o", calibrate_out, "Output folder (default: results/<calibration file name>)");
  calibrate->add_flag("--resume", calibrate_resume, "Continue an interrupted calibration in --out from its trace");
  calibrate->add_flag("--write", calibrate_write, "Write the fitted values into the shipped model files (each line marked)");
  calibrate->add_option("--threads,-j", calibrate_settings.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  calibrate->add_flag("--quiet,-q", calibrate_settings.quiet, "No progress line");
  calibrate->add_flag("--force", calibrate_settings.force, "Replace the Trappsteg results already in --out");
  calibrate->add_option("--lang", calibrate_settings.lang, "Language of report.html: sv or en")->check(CLI::IsMember({"sv", "en"}));
  calibrate->footer("Examples:\n  trappsteg calibrate scenarios/calibrations/baseline_2016.yaml\n"
                    "  trappsteg calibrate scenarios/calibrations/labour_demand.yaml --out results/demand --resume\n"
                    "Writes trace.csv (every evaluation), parameters.csv (fitted values, standard errors, identification),\n"
                    "fit.csv (every target before and after), model/ (the model files with the fitted values) and report.html.");

  std::string sensitivity_file, sensitivity_out;
  bool sensitivity_resume = false;
  RunSettings sensitivity_settings;
  CLI::App* sensitivity = app.add_subcommand(
      "sensitivity", "Morris screening or Sobol indices of a scenario's outputs to its uncertain inputs");
  sensitivity->add_option("file", sensitivity_file, "Sensitivity YAML file (scenarios/sensitivity/)")->required();
  sensitivity->add_option("--out,-o", sensitivity_out, "Output folder (default: results/<file name>)");
  sensitivity->add_flag("--resume", sensitivity_resume, "Run only the points an interrupted analysis in --out has not finished");
  sensitivity->add_option("--scale", sensitivity_settings.scale, "Share of the real population per point (default: the file's)")
      ->check(finite_number())->check(CLI::Range(1e-6, 1.0));
  sensitivity->add_option("--seed", sensitivity_settings.seed, "Seed of every point (default: the file's)")->check(seed_range());
  sensitivity->add_option("--replicates", sensitivity_settings.replicates, "Replicates per point (default: the file's)")->check(CLI::Range(1, 1000));
  sensitivity->add_option("--years", sensitivity_settings.years, "Horizon of every point (default: the file's)")->check(CLI::Range(1, 50));
  sensitivity->add_option("--threads,-j", sensitivity_settings.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  sensitivity->add_flag("--quiet,-q", sensitivity_settings.quiet, "No progress line");
  sensitivity->add_flag("--force", sensitivity_settings.force, "Replace the Trappsteg results already in --out");
  sensitivity->footer("Examples:\n  trappsteg sensitivity scenarios/sensitivity/families_morris.yaml\n"
                      "  trappsteg sensitivity scenarios/sensitivity/families_sobol.yaml --scale 0.02 --out results/sobol --resume\n"
                      "Writes points.csv (every point's inputs and outputs, as they finish) and indices.csv (Morris mu*, mu,\n"
                      "sigma; or Sobol first-order and total indices with bootstrap intervals; and the Monte-Carlo share).");

  std::string report_folder, report_lang = "en", report_out, report_charts_dir;
  CLI::App* report = app.add_subcommand("report", "Write report.html for a results folder (run, compare or sweep) without running again");
  report->add_option("folder", report_folder, "Results folder")->required()->check(CLI::ExistingDirectory);
  report->add_option("--lang", report_lang, "Language of the report: sv or en")->check(CLI::IsMember({"sv", "en"}))->capture_default_str();
  report->add_option("--out,-o", report_out, "Output file (default: FOLDER/report.html)");
  report->add_option("--charts", report_charts_dir,
                     "Also write every chart to this folder as <chart-id>.vl.json (Vega-Lite, data included), <chart-id>.svg and <chart-id>.png");
  report->footer("Examples:\n  trappsteg report results/baseline\n  trappsteg report results/compare --lang sv\n"
                 "  trappsteg report results/compare --lang sv --charts results/compare/charts\n"
                 "One self-contained HTML file: charts inlined, no network request; opens offline in any browser.\n"
                 "Every chart on the page has a menu (…) to save it as SVG or PNG, offline. --charts renders the SVGs and PNGs\n"
                 "with node and report/node_modules (Vega and resvg; scripts/setup.sh installs them; TRAPPSTEG_REPORT_DIR names\n"
                 "another report folder); without them it writes the .vl.json files, says why on stderr and exits with 1.");

  std::string trace_folder, trace_scenario, trace_lang = "en";
  std::optional<std::int64_t> trace_person, trace_household;
  std::int64_t trace_replicate = 0;
  CLI::App* trace = app.add_subcommand("trace", "Print one person's or household's life course from a run's or compare's microdata");
  trace->add_option("folder", trace_folder, "Results folder of a run or compare made with --microdata")->required()->check(CLI::ExistingDirectory);
  CLI::Option* person_option = trace->add_option("--person", trace_person, "Person id (panel.person)")->check(CLI::NonNegativeNumber);
  CLI::Option* household_option = trace->add_option("--household", trace_household, "Household id (panel.household)")->check(CLI::NonNegativeNumber);
  person_option->excludes(household_option);
  trace->add_option("--scenario", trace_scenario, "Only this scenario (default: every scenario in the folder, side by side)");
  trace->add_option("--replicate", trace_replicate, "Replicate (default 0)")->check(CLI::NonNegativeNumber);
  trace->add_option("--lang", trace_lang, "Language of the text: sv or en")->check(CLI::IsMember({"sv", "en"}))->capture_default_str();
  trace->footer("Examples:\n  trappsteg run scenarios/baseline.yaml --microdata --out results/md\n"
                "  trappsteg trace results/md --person 11144\n"
                "  trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml --microdata --out results/mdc\n"
                "  trappsteg trace results/mdc --household 5440 --scenario families_250 --lang sv\n"
                "The same person has the same id in every scenario of a compare: their lives can be read side by side.");

  std::string schema_kind;
  bool schema_markdown_flag = false;
  CLI::App* schema_command = app.add_subcommand("schema", "Print the documented keys of scenario, model and policy files");
  std::vector<std::string> kinds;
  for (auto kind : schema_file_kinds()) kinds.emplace_back(kind);
  schema_command->add_option("--file-kind", schema_kind, "Only one kind of file")->check(CLI::IsMember(kinds));
  schema_command->add_flag("--markdown", schema_markdown_flag, "Markdown tables (as in docs/schema.md)")->excludes("--file-kind");
  schema_command->footer("Examples:\n  trappsteg schema\n  trappsteg schema --file-kind policy\n  trappsteg schema --markdown > docs/schema.md\n"
                         "Each key: type, unit, allowed range, default (or 'required'), meaning.");

  try {
    app.parse(argc, argv);
    if (*trace) {
      if (!trace_person && !trace_household) throw CLI::RequiredError("--person or --household");
      verify_results_folder(trace_folder);
      write_trace(trace_folder, {trace_person, trace_household, trace_scenario, trace_replicate, parse_language(trace_lang)}, std::cout);
      return 0;
    }
    if (*report) {
      // A damaged or unfinished folder is refused before anything is read from it.
      verify_results_folder(report_folder);
      std::filesystem::path file = report_out.empty() ? std::filesystem::path(report_folder) / "report.html" : std::filesystem::path(report_out);
      auto writer = [&](std::ostream& o) { write_report(report_folder, report_lang, o); };
      if (report_out.empty()) replace_in_results_folder(report_folder, "report.html", writer);
      else write_file_atomically(file, writer);
      std::cout << fmt::format("Report written to {}\n", file.string());
      if (!report_charts_dir.empty()) {
        const ChartFiles charts = write_chart_files(report_folder, report_lang, report_charts_dir, find_report_tools());
        std::cout << fmt::format("{} chart(s) written to {} as .vl.json, {} as .svg, {} as .png\n", charts.specs.size(), report_charts_dir,
                                 charts.svgs.size(), charts.pngs.size());
        if (!charts.svg_problem.empty()) {
          std::cerr << fmt::format("error: the SVG and PNG files were not written: {}\n", charts.svg_problem);
          return 1;
        }
      }
      return 0;
    }
    if (*schema_command) {
      std::cout << (schema_markdown_flag ? schema_markdown() : schema_text(schema_kind));
      return 0;
    }
    // Under MPI, the last line says where the runs went: a rank that did none is visible.
    auto spread = [&](int status, bool quiet) {
      const auto& runs = mpi.runs_by_rank();
      if (mpi.leads() && !quiet && std::accumulate(runs.begin(), runs.end(), std::size_t{0}) > 0) {
        std::vector<std::string> parts;
        for (std::size_t r = 0; r < runs.size(); ++r) parts.push_back(fmt::format("{}: {}", r, runs[r]));
        std::cerr << fmt::format("Runs by MPI rank (of {}): {}\n", runs.size(), fmt::join(parts, ", "));
      }
      return status;
    };
    if (*sensitivity) return spread(sensitivity_command(sensitivity_file, sensitivity_out, sensitivity_resume, sensitivity_settings), sensitivity_settings.quiet);
    if (*calibrate) return spread(calibrate_command(calibrate_file, calibrate_out, calibrate_resume, calibrate_write, calibrate_settings), calibrate_settings.quiet);
    if (*run) return spread(run_command(run_scenario, run_out, run_settings), run_settings.quiet);
    if (*compare) return spread(compare_command(compare_files, compare_out, compare_uncertainty, compare_settings), compare_settings.quiet);
    if (*sweep) return spread(sweep_command(sweep_file, sweep_out, sweep_resume, sweep_settings), sweep_settings.quiet);
    if (*merge) return spread(merge_command(merge_shards, merge_out, merge_settings), merge_settings.quiet);
    if (*validate) return validate_command(validate_files);
    if (*graph) return graph_command(graph_options);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with status 0; anything else is invalid input.
    int status = app.exit(e);
    return status == 0 ? 0 : kExitInputError;
  } catch (const Cancelled&) {
    std::cerr << "Interrupted while writing the results; nothing was written.\n";
    return kExitInterrupted;
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << "error: " << to_string(d) << '\n';
    std::cerr << fmt::format("{} problem(s) found; nothing was written.\n", e.diagnostics().size());
    return kExitInputError;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
