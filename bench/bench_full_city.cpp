// Benchmark: the shipped baseline for the whole city (scale 1), 10 years, one replicate,
// with 1 and 2 threads. Reports person-months per second and peak memory.
//
//   ./build/release/bench/trappsteg_bench --benchmark_min_time=1x   (or scripts/bench.sh)
//
// Target (issue #2): under 5 s of wall time with 2 threads on the 2-core machine.

#include "engine/scenario/scenario.hpp"
#include "engine/sim/run.hpp"

#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <tbb/global_control.h>

namespace {

void full_city_ten_years(benchmark::State& state) {
  using namespace trappsteg;
  Scenario scenario = load_scenario(std::filesystem::path(TRAPPSTEG_SOURCE_DIR) / "scenarios/baseline.yaml");
  scenario.scale = 1.0;
  scenario.months = 120;
  Model model = load_model(scenario);
  Staircase staircase(model.staircase);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(0)));
  double person_months = 0;
  for (auto _ : state) {
    RunResult result = run_replicate(scenario, model, staircase, 0);
    person_months += result.person_months;
    benchmark::DoNotOptimize(result.outcomes.monthly.values.data());
  }
  state.counters["person_months_per_s"] = benchmark::Counter(person_months, benchmark::Counter::kIsRate);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

BENCHMARK(full_city_ten_years)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
BENCHMARK_MAIN();  // one main for every bench_*.cpp in this binary
