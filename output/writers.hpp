#pragma once
// Writers of a run's outcomes: long-format CSV, the newcomers table, a JSON summary and
// the staircase as Graphviz DOT.

#include "engine/budget/budget.hpp"
#include "engine/metrics/scalar_outcome.hpp"
#include "engine/scenario/model.hpp"
#include "engine/sim/run.hpp"
#include "engine/staircase/graph.hpp"

#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>

namespace trappsteg {

/// Facts about a run that are not outcomes: for the summary and reproducibility.
struct RunInfo {
  std::string engine_version;
  int threads = 0;
  std::string started_at;  ///< ISO 8601, UTC
};

/// Long format: scenario,replicate,month,district,group,metric,value (one row per value;
/// stage counts as metric "stage:<key>", flows as "flow:<from>><to>").
void write_outcomes_csv(std::ostream& out, const std::string& scenario, const RunResult& run);
/// The city's rows of outcomes.csv that describe the staircase: people on each step
/// (stage:<key>) and moves between steps (flow:<from>><to>), month by month (compare's stages.csv).
void write_stages_csv(std::ostream& out, const std::string& scenario, const RunResult& run);
/// Newcomers followed by months since arrival: observed, employed and the share employed.
void write_newcomers_csv(std::ostream& out, const std::string& scenario, const RunResult& run);
/// How the run went — threads, start time, wall time per replicate — as JSON. The one output
/// that differs between identical runs, so it is kept apart from the results.
void write_run_json(std::ostream& out, const Scenario& scenario, const std::vector<RunResult>& runs, const RunInfo& info);
/// What the summary is made of: the runs, and optionally the paired baseline runs and budgets.
struct SummaryInput {
  const Scenario& scenario;
  const Model& model;
  const std::vector<RunResult>& runs;
  const RunInfo& info;
  const std::vector<RunResult>* baseline = nullptr;  ///< replicate r pairs with runs[r]
  std::string baseline_name;
  std::vector<Budget> budgets;                       ///< one per replicate (may be empty)
  std::vector<TargetComparison> targets;             ///< the run against published figures (may be empty)
};
/// Headline outcomes at years 1, 5, 10, 20, 50 (as far as the run goes), differences to the
/// baseline, policies and the budget, as JSON; identical for identical inputs, whatever the
/// thread count.
void write_summary_json(std::ostream& out, const SummaryInput& input);
/// Policy accounts per month: participants, starts, candidates, capacity and costs.
void write_policies_csv(std::ostream& out, const std::string& scenario, const RunResult& run);
/// Lottery winners and losers followed from the draw.
void write_lottery_csv(std::ostream& out, const std::string& scenario, const RunResult& run);
/// lottery_years.csv: winners against losers by year after the programme, per lottery policy.
void write_lottery_years_csv(std::ostream& out, const std::string& scenario, const RunResult& run);
/// policy_phases.csv: per month and phase of each policy, participants, entries and exits.
void write_policy_phases_csv(std::ostream& out, const std::string& scenario, const RunResult& run);
/// The run against published figures: per target, the published value, the model's mean with
/// its 95 % interval and Monte-Carlo standard error, and whether it lies within the tolerance.
/// `header` false leaves out the header line (for a second scenario of a compare).
void write_targets_csv(std::ostream& out, const std::string& scenario, const std::vector<TargetComparison>& targets,
                       bool header = true);
/// The budget per replicate and year, long format: scenario,replicate,year,item,value (the first
/// column named `label_header`: a sweep names its points).
void write_budget_csv(std::ostream& out, const std::string& scenario, const std::vector<Budget>& budgets,
                      const std::string& label_header = "scenario");
/// People moving between stages over a period: (from stage key, to stage key) → people.
using StageFlows = std::map<std::pair<std::string, std::string>, double>;

/// The staircase as Graphviz DOT (boost::write_graphviz). With `flows`, edges are labelled
/// with the people who took each step (and drawn thicker the more there were); without,
/// with each transition's monthly base hazard.
void write_staircase_dot(std::ostream& out, const Staircase& staircase, const StageFlows* flows = nullptr);

/// Flows between stages for the whole city, months [first, last] (1-based), mean over
/// replicates, read from a results folder's outcomes.csv (or a compare's stages.csv: then
/// `scenario` names whose flows). @throws Error if it cannot be read.
StageFlows read_stage_flows(const std::filesystem::path& outcomes_csv, int first_month, int last_month, const std::string& scenario = "");

}  // namespace trappsteg
