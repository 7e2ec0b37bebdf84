// Benchmark: the shipped baseline for the whole city (scale 1), one replicate: 10 years with 1
// and 2 threads, and 50 years with 2. Reports person-months per second, peak memory and the
// seconds of each phase of the run (synthesis, warm-up, each monthly phase, recording).
//
//   ./build/release/bench/trappsteg_bench --benchmark_filter=full_city   (or scripts/bench.sh)
//
// Targets (issue #14): 10 years, 2 threads: simulation <= 1.5 s, 1 -> 2 threads speed-up >= 1.85;
// 50 years <= 10 s with peak memory <= 200 MiB.

#include "engine/scenario/scenario.hpp"
#include "engine/sim/run.hpp"

#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <tbb/global_control.h>

namespace {

void full_city(benchmark::State& state) {
  using namespace trappsteg;
  Scenario scenario = load_scenario(std::filesystem::path(TRAPPSTEG_SOURCE_DIR) / "scenarios/baseline.yaml");
  scenario.scale = 1.0;
  scenario.months = static_cast<int>(state.range(1)) * 12;
  Model model = load_model(scenario);
  Staircase staircase(model.staircase);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(0)));
  double person_months = 0;
  PhaseTimes times;
  std::size_t final_people = 0;
  for (auto _ : state) {
    RunResult result = run_replicate(scenario, model, staircase, 0);
    person_months += result.person_months;
    final_people = result.final_people;
    times += result.times;
    benchmark::DoNotOptimize(result.outcomes.monthly.values.data());
  }
  for (std::size_t k = 0; k < times.seconds.size(); ++k)
    state.counters["s_" + std::string(kPhaseNames[k])] = times.seconds[k] / static_cast<double>(state.iterations());
  state.counters["final_people"] = static_cast<double>(final_people);
  state.counters["person_months_per_s"] = benchmark::Counter(person_months, benchmark::Counter::kIsRate);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

BENCHMARK(full_city)
    ->ArgNames({"threads", "years"})
    ->Args({1, 10})
    ->Args({2, 10})
    ->Args({2, 50})
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK_MAIN();  // one main for every bench_*.cpp in this binary
