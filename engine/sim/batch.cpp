#include "engine/sim/batch.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <stdexcept>

namespace trappsteg {
namespace {

RunBackend* installed_backend = nullptr;

std::uint64_t fnv1a(std::uint64_t hash, const std::string& text) {
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return (hash ^ 0xff) * 1099511628211ull;  // a separator, so that "ab","c" differs from "a","bc"
}

// Of everything a scenario's run depends on besides ScenarioSettings: the texts as resolved.
std::uint64_t fingerprint_of(const LoadedScenario& loaded) {
  std::uint64_t hash = fnv1a(14695981039346656037ull, loaded.scenario.resolved_yaml);
  for (const std::string& text : loaded.model.resolved_yaml) hash = fnv1a(hash, text);
  for (const PolicySpec& policy : loaded.model.policies) hash = fnv1a(hash, policy.resolved_yaml);
  return hash;
}

}  // namespace

ScenarioSettings settings_of(const Scenario& s) {
  return {s.months, s.warm_up_months, s.scale, s.seed, s.replicates, s.microdata, s.outputs, s.gap_between};
}

LoadedScenario load_scenario_for_run(const std::filesystem::path& file, const std::vector<Override>& overrides,
                                     bool refuse_overrides_of_other_policies) {
  LoadedScenario loaded;
  loaded.scenario = load_scenario(file, overrides);
  loaded.scenario.refuse_overrides_of_other_policies = refuse_overrides_of_other_policies;
  loaded.model = load_model(loaded.scenario);
  loaded.staircase = std::make_unique<Staircase>(loaded.model.staircase);
  loaded.recipe = {std::filesystem::absolute(file), overrides, refuse_overrides_of_other_policies, fingerprint_of(loaded)};
  return loaded;
}

LoadedScenario rebuild_scenario(const ScenarioRecipe& recipe, const ScenarioSettings& settings) {
  LoadedScenario loaded = load_scenario_for_run(recipe.file, recipe.overrides, recipe.refuse_overrides_of_other_policies);
  if (loaded.recipe.fingerprint != recipe.fingerprint)
    throw std::runtime_error(fmt::format("{} (or a model or policy file it reads) is not the same here as where the run was "
                                         "planned: every process must see the same files",
                                         recipe.file.string()));
  Scenario& s = loaded.scenario;
  s.months = settings.months;
  s.warm_up_months = settings.warm_up_months;
  s.scale = settings.scale;
  s.seed = settings.seed;
  s.replicates = settings.replicates;
  s.microdata = settings.microdata;
  s.outputs = settings.outputs;
  s.gap_between = settings.gap_between;
  return loaded;
}

void install_run_backend(RunBackend* backend) { installed_backend = backend; }

std::size_t run_batch(const std::vector<const LoadedScenario*>& scenarios, const std::vector<RunTask>& tasks,
                      const std::function<void(std::size_t, RunResult&&)>& on_done, const std::atomic<bool>* cancel) {
  if (installed_backend) return installed_backend->run(scenarios, tasks, on_done, cancel);
  return run_batch_here(scenarios, tasks, on_done, cancel);
}

std::size_t run_batch_here(const std::vector<const LoadedScenario*>& scenarios, const std::vector<RunTask>& tasks,
                           const std::function<void(std::size_t, RunResult&&)>& on_done, const std::atomic<bool>* cancel) {
  std::atomic<std::size_t> finished{0};
  // Grain 1: a run is long; TBB balances runs over threads and lets idle threads help
  // inside runs (nested parallel loops over people).
  tbb::parallel_for(std::size_t{0}, tasks.size(), std::size_t{1}, [&](std::size_t t) {
    if (cancel && cancel->load()) return;
    const LoadedScenario& s = *scenarios[tasks[t].scenario];
    auto check = [&](int, int) {
      if (cancel && cancel->load()) throw Cancelled{};
    };
    try {
      RunResult result = run_replicate(s.scenario, s.model, *s.staircase, tasks[t].replicate, check);
      on_done(t, std::move(result));
      ++finished;
    } catch (const Cancelled&) {
    }
  });
  return finished.load();
}

}  // namespace trappsteg
