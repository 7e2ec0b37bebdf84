// trappsteg compare: scenarios × replicates in parallel, compared with the first.

#include "cli/common.hpp"
#include "engine/budget/spread.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/scenario/sensitivity_spec.hpp"
#include "engine/sim/uncertainty.hpp"
#include "output/budget_spread_writer.hpp"
#include "output/compare_writer.hpp"
#include "output/csv_dialect.hpp"
#include "output/microdata_writer.hpp"
#include "output/writers.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <iostream>
#include <sstream>

namespace trappsteg::cli {

namespace {

/// Replicate r of scenario s with replicate r's draw of the uncertain inputs. A problem an
/// input's value causes is reported at that input's line.
LoadedScenario prepare_variant(const std::string& file, const RunSettings& settings, const LoadedScenario& nominal,
                               const std::vector<UncertainInput>& inputs, const std::vector<double>& values) {
  RunSettings with = settings;
  for (const Override& o : uncertainty_overrides(inputs, values, nominal.model)) with.set.push_back(o.path + "=" + o.value);
  try {
    LoadedScenario variant = prepare(file, with, true);
    variant.scenario.months = nominal.scenario.months;
    variant.scenario.warm_up_months = nominal.scenario.warm_up_months;
    return variant;
  } catch (const InputError& e) {
    std::vector<Diagnostic> problems;
    for (const Diagnostic& d : e.diagnostics()) {
      const std::string given = d.where.file.string();  // "--set path=value" for an input's problem
      problems.push_back(at_uncertain_input(d, inputs, "at its value in a replicate, " + given.substr(std::min<std::size_t>(6, given.size()))));
    }
    throw InputError(std::move(problems));
  }
}

}  // namespace

int compare_command(const std::vector<std::string>& files, const std::string& out_option, const std::string& uncertainty_file,
                    const RunSettings& settings) {
  // The first scenario sets the seed, replicates, scale, horizon and warm-up for all (unless the
  // command line does), so that replicate r of every scenario shares its draws.
  // Every --set goes to every scenario; one aimed at a policy needs only one scenario that
  // runs it. Every scenario's problems are reported at once.
  std::vector<LoadedScenario> loaded;
  loaded.push_back(prepare(files.front(), settings, true));
  RunSettings same = settings;
  same.seed = static_cast<std::int64_t>(loaded.front().scenario.seed);
  same.replicates = loaded.front().scenario.replicates;
  same.scale = loaded.front().scenario.scale;
  keep_microdata_of(same, loaded.front().scenario);
  std::vector<Diagnostic> problems;
  for (std::size_t i = 1; i < files.size(); ++i) {
    try {
      loaded.push_back(prepare(files[i], same, true));
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      continue;
    }
    loaded.back().scenario.months = loaded.front().scenario.months;
    loaded.back().scenario.warm_up_months = loaded.front().scenario.warm_up_months;
  }
  if (problems.empty()) {
    std::vector<std::string> policy_keys;
    for (const auto& l : loaded)
      for (const auto& policy : l.model.policies) policy_keys.push_back(policy.key);
    std::vector<Override> overrides;
    for (const auto& text : settings.set) overrides.push_back(parse_override(text));
    problems = overrides_of_policies_not_run(overrides, policy_keys, "none of the compared scenarios runs a policy");
  }
  if (!problems.empty()) throw InputError(in_file_order(std::move(problems)));
  Comparison comparison;
  for (const auto& l : loaded) {
    std::string name = l.scenario.name;
    while (std::find(comparison.names.begin(), comparison.names.end(), name) != comparison.names.end()) name += "_";
    comparison.names.push_back(name);
  }
  const Scenario& first = loaded.front().scenario;
  const int replicates = first.replicates;
  comparison.gap = named_gap(first.gap_between, loaded.front().model.districts);
  comparison.start_year = first.start_year;

  // With --uncertainty every replicate runs its own draw of the inputs, the same draw in every
  // scenario: variants[s][r] is what runs; loaded[s] names and describes scenario s.
  std::vector<UncertainInput> uncertain;
  std::vector<std::vector<double>> draws;
  std::vector<std::vector<LoadedScenario>> variants(loaded.size());
  if (!uncertainty_file.empty()) {
    uncertain = load_uncertain_inputs(uncertainty_file);
    // A path into a policy no compared scenario runs draws a value that changes nothing: said,
    // so that a misspelt policy key does not pass for a measure without uncertainty.
    std::set<std::string> not_run;
    for (const auto& input : uncertain) {
      const std::string target = override_target(input.path).first;
      if (target.rfind("policy.", 0) != 0) continue;
      const bool runs = std::any_of(loaded.begin(), loaded.end(), [&](const LoadedScenario& l) {
        return std::any_of(l.model.policies.begin(), l.model.policies.end(), [&](const PolicySpec& p) { return "policy." + p.key == target; });
      });
      if (!runs) not_run.insert(target.substr(7));
    }
    if (!not_run.empty() && !settings.quiet)
      std::cerr << fmt::format("Note: {} names policies no compared scenario runs ({}); their inputs change nothing.\n", uncertainty_file,
                               fmt::join(not_run, ", "));
    draws = draw_uncertain_values(uncertain, first.seed, replicates);
    for (std::size_t s = 0; s < loaded.size(); ++s)
      for (int r = 0; r < replicates; ++r)
        variants[s].push_back(prepare_variant(files[s], s == 0 ? settings : same, loaded[s], uncertain, draws[static_cast<std::size_t>(r)]));
  }

  const int threads = thread_count(settings);
  std::filesystem::path out = out_option.empty() ? std::filesystem::path("results/compare") : std::filesystem::path(out_option);
  std::vector<const LoadedScenario*> scenarios;
  for (const auto& l : loaded) scenarios.push_back(&l);
  check_resources(scenarios, scenarios.size() * static_cast<std::size_t>(replicates), threads, settings, out, Ensemble::kCompare);
  announce_microdata(scenarios, settings.quiet);
  InputParts inputs = output_parts(settings);
  for (std::size_t s = 0; s < loaded.size(); ++s) add_scenario_parts(inputs, fmt::format("{}: ", comparison.names[s]), loaded[s]);
  if (!uncertainty_file.empty()) add_input_part(inputs, "uncertainty file", read_whole_file(uncertainty_file));
  install_interrupt_handler();
  RunFolder folder(out, {settings.dialect(), settings.force, "compare", TRAPPSTEG_VERSION, inputs});
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  RunInfo info{TRAPPSTEG_VERSION, threads, utc_now()};
  if (!settings.quiet)
    std::cerr << fmt::format("Comparing {} scenarios × {} replicates — {} months, scale {}, seed {}, {} thread(s)\n",
                             loaded.size(), replicates, first.months, first.scale, first.seed, threads);

  // One task per scenario and replicate; with --uncertainty each runs its own variant.
  std::vector<RunTask> tasks;
  std::vector<std::size_t> scenario_of;
  std::vector<const LoadedScenario*> to_run = scenarios;
  if (!uncertain.empty()) to_run.clear();
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    for (int r = 0; r < replicates; ++r) {
      if (!uncertain.empty()) to_run.push_back(&variants[s][static_cast<std::size_t>(r)]);
      tasks.push_back({uncertain.empty() ? s : to_run.size() - 1, static_cast<std::uint32_t>(r)});
      scenario_of.push_back(s);
    }
  std::vector<RunResult> results(tasks.size());
  ProgressBar progress("compare", tasks.size(), !settings.quiet);
  auto start = std::chrono::steady_clock::now();
  std::size_t finished = run_batch(to_run, tasks, [&](std::size_t t, RunResult&& result) {
    results[t] = std::move(result);
    progress.advance();
  }, &interrupted());
  progress.finish();
  const auto runs_end = std::chrono::steady_clock::now();
  double wall = std::chrono::duration<double>(runs_end - start).count();
  if (finished < tasks.size()) {
    std::cerr << fmt::format("Interrupted: {} of {} runs had finished; nothing was written.\n", finished, tasks.size());
    return kExitInterrupted;
  }

  comparison.runs.resize(scenarios.size());
  comparison.budgets.resize(scenarios.size());
  for (std::size_t t = 0; t < tasks.size(); ++t) comparison.runs[scenario_of[t]].push_back(std::move(results[t]));
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    for (int r = 0; r < replicates; ++r)
      // The first scenario against itself: its net is 0, as the other scenarios' nets are against it.
      comparison.budgets[s].push_back(compute_budget(comparison.runs[s][r].outcomes, &comparison.runs[0][r].outcomes,
                                                     first.start_year, loaded[s].scenario.discount_rate,
                                                     loaded[s].model.economy.municipal_tax_rate));
  auto table = headline_table(comparison);
  const DisplayNames names = display_names(scenarios, comparison.names);
  const Language language = parse_language(settings.lang);
  // A Swedish spreadsheet gets Swedish columns and display names; the standard dialect keeps keys.
  const bool swedish_sheet = settings.dialect() == CsvDialect::kExcelSv;
  folder.write("headline.csv", [&](std::ostream& o) { write_headline_csv(o, comparison, table, swedish_sheet ? &names : nullptr); });
  folder.write("compare.csv", [&](std::ostream& o) { write_compare_csv(o, comparison); });
  std::vector<ScenarioRuns> by_scenario;
  for (std::size_t s = 0; s < scenarios.size(); ++s) by_scenario.emplace_back(comparison.names[s], &comparison.runs[s]);
  write_replicates(folder, "newcomers.csv", by_scenario, write_newcomers_csv);
  write_replicates(folder, "stages.csv", by_scenario, write_stages_csv);
  stop_if_interrupted();
  folder.write("budget.csv", [&](std::ostream& o) {
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
      std::ostringstream one;
      write_budget_csv(one, comparison.names[s], comparison.budgets[s]);
      std::string text = one.str();
      if (s > 0) text.erase(0, text.find('\n') + 1);
      o << text;
    }
  });
  // Each scenario that names published figures, against them.
  std::vector<std::vector<TargetComparison>> targets(scenarios.size());
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    if (!loaded[s].model.targets) continue;
    std::vector<const Outcomes*> outcomes;
    std::vector<const Budget*> budgets;
    for (int r = 0; r < replicates; ++r) outcomes.push_back(&comparison.runs[s][r].outcomes), budgets.push_back(&comparison.budgets[s][r]);
    targets[s] = compare_with_targets(*loaded[s].model.targets, outcomes, budgets);
  }
  if (std::any_of(targets.begin(), targets.end(), [](const auto& t) { return !t.empty(); }))
    folder.write("targets.csv", [&](std::ostream& o) {
      bool header = true;
      for (std::size_t s = 0; s < scenarios.size(); ++s) {
        if (targets[s].empty()) continue;
        write_targets_csv(o, comparison.names[s], targets[s], header);
        header = false;
      }
    });
  // The budget over replicates: the net's spread by year, how likely each measure pays back
  // (its cumulative net against the first scenario at least 0 after 5, 10 and 20 years) and the
  // cost per extra job-year. With --uncertainty the replicates also differ in their assumptions.
  std::vector<std::string> payback_lines;
  SpreadLabels labels{{"scenario"}, {}};
  std::vector<BudgetSpread> spreads;
  std::vector<BudgetTable> budget_tables;
  for (std::size_t s = 1; s < scenarios.size(); ++s) {  // compare takes at least two scenarios
    labels.values.push_back({comparison.names[s]});
    spreads.push_back(budget_spread(comparison.budgets[s]));
    budget_tables.push_back(budget_table(comparison.budgets[s]));
    for (const PaybackHorizon& h : spreads.back().horizons)
      payback_lines.push_back(fmt::format("{}: pays back within {} years in {:.0f} % of the replicates ({} of {}){}", comparison.names[s],
                                          h.years, 100 * h.probability, h.paid, h.replicates,
                                          uncertain.empty() ? " — simulation noise only; --uncertainty adds the assumptions" : ""));
  }
  folder.write("budget_spread.csv", [&](std::ostream& o) { write_budget_spread_csv(o, labels, spreads); });
  folder.write("payback.csv", [&](std::ostream& o) { write_payback_csv(o, labels, spreads, uncertain.size()); });
  folder.write("budget_table.csv", [&](std::ostream& o) { write_budget_table_csv(o, labels, budget_tables); });
  folder.write("headline.md", [&](std::ostream& o) {
    SpreadLabels shown = labels;  // scenarios by their display names
    shown.header = {in_language(language, "scenario", "scenario")};
    for (auto& value : shown.values) value.front() = display_name(value.front(), language, &names);
    write_headline_markdown(o, comparison, table, language, &names);
    write_payback_markdown(o, shown, spreads, uncertain.size(), language);
    write_budget_table_markdown(o, shown, budget_tables, language);
  });
  if (!uncertain.empty())
    folder.write("uncertainty.csv", [&](std::ostream& o) {
      o << "replicate,input,distribution,value\n";
      for (int r = 0; r < replicates; ++r)
        for (std::size_t i = 0; i < uncertain.size(); ++i)
          fmt::print(o, "{},{},{},{}\n", r, csv_field(uncertain[i].path), csv_field(uncertain[i].distribution.text()),
                     draws[static_cast<std::size_t>(r)][i]);
    });
  folder.write("runs.csv", [&](std::ostream& o) {
    o << "scenario,replicate,seconds,person_months\n";
    for (std::size_t s = 0; s < scenarios.size(); ++s)
      for (const auto& run : comparison.runs[s])
        fmt::print(o, "{},{},{:.3f},{}\n", comparison.names[s], run.replicate, run.seconds, run.person_months);
  });
  if (settings.microdata_csv && loaded.front().scenario.microdata.on()) {
    MicrodataRuns microdata;
    for (std::size_t s = 0; s < scenarios.size(); ++s) microdata.push_back({comparison.names[s], &comparison.runs[s]});
    folder.write("panel.csv.gz", [&](std::ostream& o) { write_panel_csv_gz(o, microdata); });
    folder.write("participations.csv.gz", [&](std::ostream& o) { write_participations_csv_gz(o, microdata); });
    folder.write("events.csv.gz", [&](std::ostream& o) { write_events_csv_gz(o, microdata); });
  }
  {
    ResultsDatabase database(folder.staged("results.sqlite"));
    for (std::size_t s = 0; s < scenarios.size(); ++s)
      for (int r = 0; r < replicates; ++r) {
        RunRecord record = run_record(loaded[s].scenario, static_cast<std::uint32_t>(r), info.started_at);
        record.scenario = comparison.names[s];
        database.add_run(record, comparison.runs[s][r], &comparison.budgets[s][r]);
      }
  }
  stop_if_interrupted();
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    write_resolved_inputs(folder, "inputs/" + comparison.names[s] + "/", loaded[s].scenario, loaded[s].model, false);
  write_report_file(folder, settings.lang);
  stop_if_interrupted();
  folder.commit();
  const double writing = std::chrono::duration<double>(std::chrono::steady_clock::now() - runs_end).count();
  if (!settings.quiet)
    std::cerr << fmt::format("{} runs in {:.1f} s of wall time ({:.2f} runs/s); writing the results took {:.1f} s more "
                             "({:.0f} % of the {:.1f} s of both)\n",
                             tasks.size(), wall, static_cast<double>(tasks.size()) / wall, writing, 100 * writing / (wall + writing),
                             wall + writing);
  for (const auto& line : payback_lines) std::cout << line << '\n';
  std::cout << fmt::format("Results written to {}\n", out.string());
  return 0;
}

}  // namespace trappsteg::cli
