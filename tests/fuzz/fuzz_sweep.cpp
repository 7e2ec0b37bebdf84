// Fuzz target: a sweep file (scenarios/sweeps/*.yaml), and the points of a valid sweep when
// there are few enough to list (a huge grid is valid but would only measure memory).

#include "engine/scenario/sweep_spec.hpp"
#include "tests/fuzz/fuzz.hpp"

#include <algorithm>

namespace trappsteg::fuzz {
namespace {

constexpr double kMaxValues = 1e5;

/// How many parameter values sweep_points would produce.
double value_count(const SweepSpec& sweep) {
  const auto parameters = static_cast<double>(sweep.parameters.size());
  switch (sweep.design) {
    case SweepSpec::Design::kList:
      return static_cast<double>(sweep.list.size()) * parameters;
    case SweepSpec::Design::kLatinHypercube:
      return static_cast<double>(sweep.points) * parameters;
    case SweepSpec::Design::kGrid: {
      double points = 1;
      for (const auto& p : sweep.parameters) points = std::min(points * static_cast<double>(p.values.size()), 2 * kMaxValues);
      return points * parameters;
    }
  }
  return 0;
}

}  // namespace

const char* const kInputPath = "scenarios/sweeps/fuzz_input.yaml";

void prepare() {}

void load(const std::filesystem::path& input) {
  expect_input_errors([&] {
    SweepSpec sweep = load_sweep(input);
    if (value_count(sweep) > kMaxValues) return;
    for (const auto& point : sweep_points(sweep)) point_overrides(sweep, point);
  });
}

}  // namespace trappsteg::fuzz
