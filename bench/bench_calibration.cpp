// Benchmark: calibration with the shipped scenarios/calibrations/baseline_2016.yaml at its own
// evaluation settings (scale, horizon, replicates), 2 threads: one evaluation of the objective
// (evaluations per second; 4.2/s, about 250 a minute, on the 2-core machine) and the whole
// calibration (its wall time: 14 s for its 60 evaluations).
//
//   ./build/release/bench/trappsteg_bench --benchmark_filter=calibration

#include "engine/scenario/calibration_spec.hpp"
#include "engine/sim/calibration.hpp"

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

namespace {

const std::filesystem::path kFile = std::filesystem::path(TRAPPSTEG_SOURCE_DIR) / "scenarios/calibrations/baseline_2016.yaml";

void calibration_evaluation(benchmark::State& state) {
  using namespace trappsteg;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
  CalibrationSpec spec = load_calibration(kFile);
  std::vector<double> start;
  for (const auto& p : spec.parameters) start.push_back(p.start);
  double evaluations = 0;
  for (auto _ : state) {
    Calibration calibration(spec);  // a fresh cache: the point is run
    benchmark::DoNotOptimize(calibration.evaluate(start).objective);
    evaluations += 1;
  }
  state.counters["evaluations"] = benchmark::Counter(evaluations, benchmark::Counter::kIsRate);  // per second; × 60 per minute
}

void calibration_whole(benchmark::State& state) {
  using namespace trappsteg;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
  CalibrationSpec spec = load_calibration(kFile);
  double evaluations = 0;
  for (auto _ : state) {
    Calibration calibration(spec);
    CalibrationOutcome outcome = calibration.run({}, nullptr);
    evaluations += static_cast<double>(outcome.trace.size());
    benchmark::DoNotOptimize(outcome.trace.data());
  }
  state.counters["evaluations"] = evaluations / static_cast<double>(state.iterations());
}

}  // namespace

BENCHMARK(calibration_evaluation)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(5);
BENCHMARK(calibration_whole)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
