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

/// How a loaded scenario was made, so that another process can make the same one again: the
/// file and overrides it was loaded with, and a fingerprint of everything then read.
struct ScenarioRecipe {
  std::filesystem::path file;  ///< absolute
  std::vector<Override> overrides;
  bool refuse_overrides_of_other_policies = true;
  std::uint64_t fingerprint = 0;  ///< of the scenario and every model and policy file as resolved
};

/// The scenario's settings that commands change after loading (from options, a sweep's or a
/// calibration's specification): with the recipe, all a run depends on.
struct ScenarioSettings {
  int months = 0, warm_up_months = 0;
  double scale = 1;
  std::uint64_t seed = 0;
  int replicates = 1;
  MicrodataSpec microdata;
  OutputsSpec outputs;
  std::vector<std::string> gap_between;
};
ScenarioSettings settings_of(const Scenario& scenario);

/// A scenario loaded, validated and ready to run.
struct LoadedScenario {
  Scenario scenario;
  Model model;
  std::unique_ptr<Staircase> staircase;
  ScenarioRecipe recipe;
};

/// Loads a scenario file with its model and policies; with `refuse_overrides_of_other_policies`
/// false, an override aimed at a policy it does not run is left to the caller to check
/// (Scenario::refuse_overrides_of_other_policies). @throws InputError.
LoadedScenario load_scenario_for_run(const std::filesystem::path& file, const std::vector<Override>& overrides = {},
                                     bool refuse_overrides_of_other_policies = true);

/// Loads the scenario `recipe` describes and gives it `settings`. @throws std::runtime_error if
/// what it reads now differs from what the recipe's maker read (files changed, or another
/// machine's files), and InputError if it no longer loads.
LoadedScenario rebuild_scenario(const ScenarioRecipe& recipe, const ScenarioSettings& settings);

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

/// Runs the tasks in this process only, whatever backend is installed.
std::size_t run_batch_here(const std::vector<const LoadedScenario*>& scenarios, const std::vector<RunTask>& tasks,
                           const std::function<void(std::size_t, RunResult&&)>& on_done,
                           const std::atomic<bool>* cancel = nullptr);

/// Somewhere else run_batch can send its runs (other processes), with run_batch's contract:
/// on_done(task index, result) once per finished task, results identical to running here.
class RunBackend {
 public:
  virtual ~RunBackend() = default;
  virtual std::size_t run(const std::vector<const LoadedScenario*>& scenarios, const std::vector<RunTask>& tasks,
                          const std::function<void(std::size_t, RunResult&&)>& on_done,
                          const std::atomic<bool>* cancel) = 0;
};

/// Makes every later run_batch go through `backend` (nullptr: this process again). The caller
/// keeps it alive while installed. Process-wide, as the processes it stands for are.
void install_run_backend(RunBackend* backend);

}  // namespace trappsteg
