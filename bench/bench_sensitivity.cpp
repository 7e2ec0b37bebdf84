// Benchmark: the shipped scenarios/sensitivity/families_morris.yaml, 2 threads: points per
// minute at scale 0.1 (each point the scenario and its baseline, 2 replicates, 10 years and the
// 60-month warm-up), and the wall time of the whole file at its own settings.
//
//   ./build/release/bench/trappsteg_bench --benchmark_filter=sensitivity

#include "engine/scenario/sensitivity_spec.hpp"
#include "engine/sim/sensitivity.hpp"

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

namespace {

const std::filesystem::path kFile = std::filesystem::path(TRAPPSTEG_SOURCE_DIR) / "scenarios/sensitivity/families_morris.yaml";

void sensitivity_points_at_scale_0_1(benchmark::State& state) {
  using namespace trappsteg;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
  SensitivitySpec spec = load_sensitivity(kFile);
  spec.scale = 0.1;
  SensitivityAnalysis analysis(spec);
  double points = 0;
  for (auto _ : state) {
    // The first batch of points only (all but 4 marked done), so an iteration stays short.
    std::vector<std::optional<SensitivityPoint>> done(analysis.design().size(), SensitivityPoint{});
    for (std::size_t p = 0; p < 4; ++p) done[p].reset();
    analysis.run(done, {}, nullptr);
    points += 4;
  }
  state.counters["points_per_minute"] = benchmark::Counter(points * 60, benchmark::Counter::kIsRate);
}

void sensitivity_whole_file(benchmark::State& state) {
  using namespace trappsteg;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
  SensitivityAnalysis analysis(load_sensitivity(kFile));
  for (auto _ : state) {
    std::vector<std::optional<SensitivityPoint>> points;
    analysis.run(points, {}, nullptr);
    benchmark::DoNotOptimize(points.data());
  }
  state.counters["points"] = static_cast<double>(analysis.design().size());
}

}  // namespace

BENCHMARK(sensitivity_points_at_scale_0_1)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(2);
BENCHMARK(sensitivity_whole_file)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
