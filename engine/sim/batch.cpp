#include "engine/sim/batch.hpp"

#include <tbb/parallel_for.h>

namespace trappsteg {

LoadedScenario load_scenario_for_run(const std::filesystem::path& file, const std::vector<Override>& overrides,
                                     bool refuse_overrides_of_other_policies) {
  LoadedScenario loaded;
  loaded.scenario = load_scenario(file, overrides);
  loaded.scenario.refuse_overrides_of_other_policies = refuse_overrides_of_other_policies;
  loaded.model = load_model(loaded.scenario);
  loaded.staircase = std::make_unique<Staircase>(loaded.model.staircase);
  return loaded;
}

std::size_t run_batch(const std::vector<const LoadedScenario*>& scenarios, const std::vector<RunTask>& tasks,
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
