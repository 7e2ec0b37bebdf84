// Benchmark: `compare` of the seven shipped scenarios at scale 0.1, 20 replicates, 10 years —
// 140 runs as parallel tasks — with 1 and 2 threads. Reports runs per second; the parallel
// efficiency is the ratio of the two (target, issue #4: at least 1.8× from 1 to 2 threads).
//
//   ./build/release/bench/trappsteg_bench --benchmark_filter=compare

#include "engine/sim/batch.hpp"

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

namespace {

void compare_shipped_scenarios(benchmark::State& state) {
  using namespace trappsteg;
  const char* files[] = {"baseline", "newcomers_language_and_work", "youth_summer_jobs", "competence_centres_2016",
                         "nonprofit_partnerships", "families_250", "combined"};
  std::vector<LoadedScenario> loaded;
  for (const char* f : files) {
    loaded.push_back(load_scenario_for_run(std::filesystem::path(TRAPPSTEG_SOURCE_DIR) / "scenarios" / (std::string(f) + ".yaml")));
    loaded.back().scenario.scale = 0.1;
    loaded.back().scenario.months = 120;
  }
  std::vector<const LoadedScenario*> scenarios;
  for (const auto& l : loaded) scenarios.push_back(&l);
  std::vector<RunTask> tasks;
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    for (std::uint32_t r = 0; r < 20; ++r) tasks.push_back({s, r});
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(0)));
  double runs = 0;
  for (auto _ : state) {
    std::vector<RunResult> results(tasks.size());
    run_batch(scenarios, tasks, [&](std::size_t t, RunResult&& r) { results[t] = std::move(r); });
    runs += static_cast<double>(tasks.size());
    benchmark::DoNotOptimize(results.data());
  }
  state.counters["runs_per_s"] = benchmark::Counter(runs, benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(compare_shipped_scenarios)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
