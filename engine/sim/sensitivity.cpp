#include "engine/sim/sensitivity.hpp"

#include "engine/budget/budget.hpp"
#include "engine/metrics/scalar_outcome.hpp"
#include "engine/scenario/model.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/sim/batch.hpp"

#include <fmt/format.h>
#include <tbb/info.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace trappsteg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? kNaN : sum / static_cast<double>(v.size());
}

/// The variance of a point's mean of output `o` that is noise not shared by all points: the
/// point × replicate interaction mean square over the replicates, from the points whose
/// replicates all have a value. NaN with one replicate or fewer than two such points.
double interaction_noise(const std::vector<SensitivityPoint>& points, std::size_t o) {
  std::vector<const std::vector<double>*> usable;
  for (const auto& point : points) {
    if (o >= point.replicates.size()) continue;
    const auto& values = point.replicates[o];
    if (!values.empty() && std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); })) usable.push_back(&values);
  }
  if (usable.size() < 2) return kNaN;
  const std::size_t r = usable.front()->size();
  if (r < 2 || std::any_of(usable.begin(), usable.end(), [&](const auto* v) { return v->size() != r; })) return kNaN;
  const std::size_t p = usable.size();
  std::vector<double> point_mean(p, 0.0), replicate_mean(r, 0.0);
  double grand = 0;
  for (std::size_t i = 0; i < p; ++i)
    for (std::size_t j = 0; j < r; ++j) {
      const double y = (*usable[i])[j];
      point_mean[i] += y / static_cast<double>(r);
      replicate_mean[j] += y / static_cast<double>(p);
      grand += y / static_cast<double>(p * r);
    }
  double squares = 0;
  for (std::size_t i = 0; i < p; ++i)
    for (std::size_t j = 0; j < r; ++j) {
      const double e = (*usable[i])[j] - point_mean[i] - replicate_mean[j] + grand;
      squares += e * e;
    }
  return squares / static_cast<double>((p - 1) * (r - 1)) / static_cast<double>(r);
}

}  // namespace

SensitivityAnalysis::SensitivityAnalysis(SensitivitySpec spec) : spec_(std::move(spec)) {
  const std::size_t k = spec_.inputs.size();
  if (spec_.method == SensitivitySpec::Method::kMorris) {
    morris_ = morris_design(static_cast<std::size_t>(spec_.trajectories), k, static_cast<std::size_t>(spec_.levels), spec_.design_seed);
    unit_points_ = morris_.points;
  } else {
    saltelli_ = saltelli_design(static_cast<std::size_t>(spec_.base_points), k);
    unit_points_ = saltelli_.points;
  }
}

std::vector<double> SensitivityAnalysis::values_at(const std::vector<double>& unit) const {
  std::vector<double> values;
  for (std::size_t i = 0; i < spec_.inputs.size(); ++i) {
    double u = unit[i];
    if (spec_.method == SensitivitySpec::Method::kMorris) {
      // Grid level j of p stands for the middle of the j-th of p equal-probability bins, so an
      // unbounded distribution never meets its infinite tails.
      const double p = spec_.levels;
      u = (std::round(u * (p - 1)) + 0.5) / p;
    }
    values.push_back(spec_.inputs[i].distribution.quantile(std::clamp(u, 1e-10, 1 - 1e-10)));
  }
  return values;
}

void SensitivityAnalysis::run(std::vector<std::optional<SensitivityPoint>>& points,
                              const std::function<void(std::size_t, const SensitivityPoint&)>& on_point,
                              const std::atomic<bool>* cancel) const {
  points.resize(unit_points_.size());
  // A few points at a time, each with its own scenario (and baseline) loaded with the point's
  // values; every replicate of every one of them is a task of one batch.
  const std::size_t batch = std::max<std::size_t>(4, 2 * static_cast<std::size_t>(tbb::info::default_concurrency()));
  std::vector<std::size_t> todo;
  for (std::size_t p = 0; p < points.size(); ++p)
    if (!points[p]) todo.push_back(p);
  const int replicates = spec_.replicates;
  for (std::size_t first = 0; first < todo.size(); first += batch) {
    if (cancel && cancel->load()) return;
    const std::size_t count = std::min(batch, todo.size() - first);
    std::vector<SensitivityPoint> results(count);
    std::vector<LoadedScenario> loaded;  // per point: the scenario, then its baseline if needed
    const std::size_t per_point = spec_.needs_baseline ? 2 : 1;
    loaded.reserve(count * per_point);
    std::vector<int> usable(count, 1);
    for (std::size_t c = 0; c < count; ++c) {
      SensitivityPoint& point = results[c];
      point.values = values_at(unit_points_[todo[first + c]]);
      std::vector<Override> overrides, model_overrides;
      for (std::size_t i = 0; i < spec_.inputs.size(); ++i) {
        Override o{spec_.inputs[i].path, fmt::format("{}", point.values[i])};
        overrides.push_back(o);
        if (overrides_model_file(o.path)) model_overrides.push_back(o);
      }
      try {
        LoadedScenario main = load_scenario_for_run(spec_.scenario, overrides);
        main.scenario.scale = spec_.scale;
        main.scenario.months = spec_.months;
        main.scenario.replicates = replicates;
        main.scenario.seed = spec_.seed;
        main.scenario.microdata = {};  // a point keeps no people
        main.model.targets.reset();
        std::optional<LoadedScenario> base;
        if (spec_.needs_baseline) {
          // The baseline under the same model values, seeds, horizon and warm-up: the budget
          // is the point's policy against its own baseline.
          base = load_scenario_for_run(main.scenario.baseline_file, model_overrides);
          base->scenario.scale = spec_.scale;
          base->scenario.months = spec_.months;
          base->scenario.replicates = replicates;
          base->scenario.seed = spec_.seed;
          base->scenario.microdata = {};
          base->scenario.warm_up_months = main.scenario.warm_up_months;
          base->model.targets.reset();
        }
        loaded.push_back(std::move(main));
        if (base) loaded.push_back(std::move(*base));
      } catch (const InputError& e) {
        point.problem = e.what();
        usable[c] = 0;
        // Keep the indices of `loaded` aligned: placeholders that are never run.
        for (std::size_t s = 0; s < per_point; ++s) loaded.emplace_back();
      }
    }
    std::vector<const LoadedScenario*> scenarios;
    for (const auto& l : loaded) scenarios.push_back(&l);
    std::vector<RunTask> tasks;
    for (std::size_t c = 0; c < count; ++c)
      if (usable[c])
        for (std::size_t s = 0; s < per_point; ++s)
          for (int r = 0; r < replicates; ++r) tasks.push_back({c * per_point + s, static_cast<std::uint32_t>(r)});
    std::vector<RunResult> runs(tasks.size());
    const std::size_t finished = run_batch(scenarios, tasks, [&](std::size_t t, RunResult&& result) { runs[t] = std::move(result); }, cancel);
    if (finished < tasks.size()) return;  // cancelled: this batch's points are not kept

    std::size_t task = 0;
    for (std::size_t c = 0; c < count; ++c) {
      SensitivityPoint& point = results[c];
      if (!usable[c]) {
        point.outputs.assign(spec_.outputs.size(), kNaN);
        point.standard_errors.assign(spec_.outputs.size(), kNaN);
        point.replicates.assign(spec_.outputs.size(), std::vector<double>(static_cast<std::size_t>(replicates), kNaN));
      } else {
        std::vector<const Outcomes*> outcomes;
        std::vector<Budget> budgets;
        for (int r = 0; r < replicates; ++r) outcomes.push_back(&runs[task + static_cast<std::size_t>(r)].outcomes);
        const LoadedScenario& main = loaded[c * per_point];
        if (spec_.needs_baseline)
          for (int r = 0; r < replicates; ++r)
            budgets.push_back(compute_budget(runs[task + static_cast<std::size_t>(r)].outcomes,
                                             &runs[task + static_cast<std::size_t>(replicates + r)].outcomes, main.scenario.start_year,
                                             main.scenario.discount_rate, main.model.economy.municipal_tax_rate));
        std::vector<const Budget*> budget_of;
        for (const auto& b : budgets) budget_of.push_back(&b);
        for (const auto& output : spec_.outputs) {
          const std::vector<double> values = evaluate_replicates(output.outcome, outcomes, budget_of);
          const double mean = mean_of(values);
          double squares = 0;
          for (double v : values) squares += (v - mean) * (v - mean);
          const double n = static_cast<double>(values.size());
          point.outputs.push_back(mean);
          point.standard_errors.push_back(values.size() > 1 ? std::sqrt(squares / (n - 1) / n) : kNaN);
          point.replicates.push_back(values);
        }
        task += per_point * static_cast<std::size_t>(replicates);
      }
      points[todo[first + c]] = point;
      if (on_point) on_point(todo[first + c], point);
    }
  }
}

std::vector<OutputSensitivity> SensitivityAnalysis::analyse(const std::vector<SensitivityPoint>& points) const {
  std::vector<OutputSensitivity> result;
  for (std::size_t o = 0; o < spec_.outputs.size(); ++o) {
    OutputSensitivity s;
    std::vector<double> outputs;
    for (const auto& point : points) {
      outputs.push_back(point.outputs[o]);
      if (!std::isfinite(point.outputs[o])) ++s.failed_points;
    }
    const double mean = mean_of(outputs);
    double squares = 0;
    for (double v : outputs) squares += (v - mean) * (v - mean);
    s.variance = outputs.size() > 1 ? squares / static_cast<double>(outputs.size() - 1) : 0;
    const double noise = interaction_noise(points, o);
    s.monte_carlo_share = s.variance > 0 ? noise / s.variance : (std::isfinite(noise) ? 0 : kNaN);
    if (spec_.method == SensitivitySpec::Method::kMorris) s.morris = morris_indices(morris_, outputs);
    else s.sobol = sobol_indices(saltelli_, outputs, static_cast<std::size_t>(spec_.bootstrap), spec_.design_seed);
    result.push_back(std::move(s));
  }
  return result;
}

}  // namespace trappsteg
