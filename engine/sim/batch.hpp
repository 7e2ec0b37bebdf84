#pragma once
// Many runs at once: every (scenario, replicate) is a task, run in parallel with TBB, and
// people are stepped in parallel within each run. Results are handed back by task index,
// so what is written never depends on the order in which runs finish.

#include "engine/scenario/scenario.hpp"
#include "engine/sim/run.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace trappsteg {

/// A scenario loaded, validated and ready to run.
struct LoadedScenario {
  Scenario scenario;
  Model model;
  std::unique_ptr<Staircase> staircase;
};

/// Loads a scenario file with its model and policies; with `refuse_overrides_of_other_policies`
/// false, an override aimed at a policy it does not run is left to the caller to check
/// (Scenario::refuse_overrides_of_other_policies). @throws InputError.
LoadedScenario load_scenario_for_run(const std::filesystem::path& file, const std::vector<Override>& overrides = {},
                                     bool refuse_overrides_of_other_policies = true);

/// One run to do.
struct RunTask {
  std::size_t scenario = 0;      ///< index into the scenarios given to run_batch
  std::uint32_t replicate = 0;
};

/// Thrown out of a run when the batch is cancelled (Ctrl-C).
struct Cancelled {};

/// Runs every task; `on_done(task index, result)` is called as each finishes, from a worker
/// thread (the caller synchronises). If `cancel` becomes true, runs stop at the next month
/// and the tasks not finished are left out. @returns the number of tasks finished.
std::size_t run_batch(const std::vector<const LoadedScenario*>& scenarios, const std::vector<RunTask>& tasks,
                      const std::function<void(std::size_t, RunResult&&)>& on_done,
                      const std::atomic<bool>* cancel = nullptr);

}  // namespace trappsteg
