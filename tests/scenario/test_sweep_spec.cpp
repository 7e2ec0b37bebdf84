// Sweep designs: grid order, explicit lists, and Latin hypercube stratification.

#include "engine/scenario/schema.hpp"
#include "engine/scenario/sweep_spec.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <unistd.h>

namespace trappsteg {
namespace {

std::filesystem::path write_sweep(const std::string& name, const std::string& body) {
  auto file = std::filesystem::temp_directory_path() / ("trappsteg-sweep-" + std::to_string(::getpid()) + "-" + name + ".yaml");
  std::ofstream(file) << "base: " << testing::repo_path("scenarios/baseline.yaml").string() << "\n" << body;
  return file;
}

}  // namespace

TEST_CASE("sweep.grid_takes_every_combination_last_parameter_fastest") {
  auto file = write_sweep("grid", "parameters:\n  - {path: scale, values: [0.1, 0.2]}\n  - {path: seed, values: [1, 2, 3]}\n");
  SweepSpec s = load_sweep(file);
  auto points = sweep_points(s);
  REQUIRE(points.size() == 6);
  CHECK(points[0] == std::vector<double>{0.1, 1});
  CHECK(points[1] == std::vector<double>{0.1, 2});
  CHECK(points[3] == std::vector<double>{0.2, 1});
  CHECK(points[5] == std::vector<double>{0.2, 3});
  auto overrides = point_overrides(s, points[4]);
  REQUIRE(overrides.size() == 2);
  CHECK(overrides[0].path == "scale");
  CHECK(overrides[0].value == "0.2");
  CHECK(overrides[1].value == "2");
  std::filesystem::remove(file);
}

TEST_CASE("sweep.latin_hypercube_puts_one_point_in_every_stratum_and_is_seeded") {
  auto body = [](int seed) {
    return "design: latin_hypercube\npoints: 10\nsampling_seed: " + std::to_string(seed) +
           "\nparameters:\n  - {path: scale, range: [0.0, 1.0]}\n  - {path: economy.income_tax_rate, range: [0.2, 0.4]}\n";
  };
  auto file = write_sweep("lhs", body(7));
  auto points = sweep_points(load_sweep(file));
  REQUIRE(points.size() == 10);
  for (std::size_t p = 0; p < 2; ++p) {
    double low = p == 0 ? 0.0 : 0.2, high = p == 0 ? 1.0 : 0.4;
    std::set<int> strata;
    for (const auto& point : points) {
      CHECK(point[p] >= low);
      CHECK(point[p] < high);
      strata.insert(static_cast<int>((point[p] - low) / (high - low) * 10));
    }
    CHECK(strata.size() == 10);  // exactly one point per tenth of the range
  }
  CHECK(sweep_points(load_sweep(file)) == points);  // same seed, same points
  auto other = write_sweep("lhs2", body(8));
  CHECK(sweep_points(load_sweep(other)) != points);
  std::filesystem::remove(file);
  std::filesystem::remove(other);
}

TEST_CASE("sweep.list_and_bad_definitions") {
  auto file = write_sweep("list", "design: list\nparameters:\n  - {path: scale}\nlist:\n  - {scale: 0.1}\n  - {scale: 0.3}\n");
  auto points = sweep_points(load_sweep(file));
  REQUIRE(points.size() == 2);
  CHECK(points[1] == std::vector<double>{0.3});
  auto bad = write_sweep("bad", "design: latin_hypercub\nparameters:\n  - {path: scale, values: [0.1]}\n");
  try {
    load_sweep(bad);
    FAIL("no error");
  } catch (const InputError& e) {
    REQUIRE(!e.diagnostics().empty());
    CHECK(e.diagnostics()[0].key_path == "design");
    CHECK(e.diagnostics()[0].where.line == 2);
  }
  std::filesystem::remove(file);
  std::filesystem::remove(bad);
}

namespace {

/// The one problem of loading a sweep file.
Diagnostic only_problem(const std::filesystem::path& file) {
  try {
    load_sweep(file);
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics().front();
  }
  FAIL("no error");
  return {};
}

bool whole(double x) { return x == std::round(x); }

}  // namespace

TEST_CASE("sweep.whole_numbered_keys_are_known_from_the_schema") {
  CHECK(whole_numbered_key("policy.families_250.capacity.seats"));
  CHECK(whole_numbered_key("policy.x.capacity.starts_per_year"));
  CHECK(whole_numbered_key("policy.x.capacity.districts.angered"));
  CHECK(whole_numbered_key("policy.x.participation.months"));
  CHECK(whole_numbered_key("policy.x.phases[key=language].months"));
  CHECK(whole_numbered_key("months"));
  CHECK(whole_numbered_key("districts.districts[key=angered].population"));
  CHECK(whole_numbered_key("staircase.stages.job_seeker.initial_months_max"));
  CHECK_FALSE(whole_numbered_key("scale"));
  CHECK_FALSE(whole_numbered_key("staircase.transitions[from=job_seeker,to=first_job].base"));
  CHECK_FALSE(whole_numbered_key("policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier"));
  CHECK_FALSE(whole_numbered_key("benefits.income_support.norm.adults.single"));
  CHECK_FALSE(whole_numbered_key("policy.x.no_such_key"));
}

TEST_CASE("sweep.a_latin_hypercube_over_seats_or_months_gives_whole_values") {
  auto file = write_sweep("whole", "design: latin_hypercube\npoints: 20\nsampling_seed: 42\nparameters:\n"
                                   "  - {path: policy.families_250.capacity.seats, range: [200, 1200]}\n"
                                   "  - {path: policy.families_250.participation.months, range: [6, 18]}\n"
                                   "  - {path: \"policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier\", range: [1.5, 4.0]}\n");
  SweepSpec s = load_sweep(file);
  CHECK(s.parameters[0].integer);
  CHECK(s.parameters[1].integer);
  CHECK_FALSE(s.parameters[2].integer);
  auto points = sweep_points(s);
  REQUIRE(points.size() == 20);
  std::set<double> seats;
  int fractional_multipliers = 0;
  for (const auto& point : points) {
    CHECK(whole(point[0]));
    CHECK(point[0] >= 200);
    CHECK(point[0] <= 1200);
    CHECK(whole(point[1]));
    CHECK(point[1] >= 6);
    CHECK(point[1] <= 18);
    seats.insert(point[0]);
    fractional_multipliers += !whole(point[2]);
  }
  CHECK(seats.size() == 20);  // strata 50 seats wide: rounding keeps them apart
  CHECK(fractional_multipliers == 20);
  // Rounded, not resampled: the same points as the unrounded design, to the nearest seat.
  auto fractions = write_sweep("fractions", "design: latin_hypercube\npoints: 20\nsampling_seed: 42\nparameters:\n"
                                            "  - {path: policy.families_250.capacity.seats, range: [200, 1200], integer: false}\n");
  auto unrounded = sweep_points(load_sweep(fractions));
  int fractional = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    CHECK(points[i][0] == std::round(unrounded[i][0]));
    fractional += !whole(unrounded[i][0]);
  }
  CHECK(fractional > 0);  // integer: false keeps fractions
  std::filesystem::remove(file);
  std::filesystem::remove(fractions);
}

TEST_CASE("sweep.whole_valued_parameters_refuse_fractions_in_a_grid_or_list") {
  auto grid = write_sweep("grid_fraction", "parameters:\n  - {path: policy.families_250.capacity.seats, values: [400, 278.5]}\n");
  Diagnostic d = only_problem(grid);
  CHECK(d.key_path == "parameters[0].values");
  CHECK(d.where.line == 3);
  CHECK(d.message == "278.5 is not a whole number, and policy.families_250.capacity.seats takes whole values (integer: true)");
  auto list = write_sweep("list_fraction", "design: list\nparameters:\n  - {path: months}\nlist:\n  - {months: 24}\n  - {months: 30.5}\n");
  d = only_problem(list);
  CHECK(d.key_path == "list[1].months");
  CHECK(d.where.line == 7);
  auto allowed = write_sweep("grid_allowed", "parameters:\n  - {path: policy.families_250.capacity.seats, values: [400, 278.5], integer: false}\n");
  CHECK(sweep_points(load_sweep(allowed)).size() == 2);
  auto empty = write_sweep("no_whole", "design: latin_hypercube\npoints: 3\nparameters:\n  - {path: months, range: [24.2, 24.8]}\n");
  d = only_problem(empty);
  CHECK(d.key_path == "parameters[0].range");
  CHECK(d.message == "holds no whole number, and months takes whole values (integer: true)");
  for (const auto& f : {grid, list, allowed, empty}) std::filesystem::remove(f);
}

TEST_CASE("sweep.a_log_scale_spreads_the_points_evenly_in_the_logarithm") {
  auto file = write_sweep("log", "design: latin_hypercube\npoints: 20\nsampling_seed: 3\nparameters:\n"
                                 "  - {path: \"staircase.transitions[from=job_seeker,to=first_job].base\", range: [0.001, 0.1], scale: log}\n");
  SweepSpec s = load_sweep(file);
  CHECK(s.parameters[0].log_scale);
  auto points = sweep_points(s);
  REQUIRE(points.size() == 20);
  std::set<int> strata;
  int below_one_percent = 0;
  for (const auto& point : points) {
    CHECK(point[0] >= 0.001);
    CHECK(point[0] <= 0.1);
    strata.insert(static_cast<int>(std::log(point[0] / 0.001) / std::log(100.0) * 20));
    below_one_percent += point[0] < 0.01;
  }
  CHECK(strata.size() == 20);         // one point per twentieth of the logarithm's range
  CHECK(below_one_percent == 10);     // half the points in the first factor of ten (linear: about 2)

  auto zero = write_sweep("log_zero", "design: latin_hypercube\npoints: 4\nparameters:\n  - {path: scale, range: [0, 1], scale: log}\n");
  Diagnostic d = only_problem(zero);
  CHECK(d.key_path == "parameters[0].range");
  CHECK(d.message == "a log scale needs a range above 0");
  auto grid = write_sweep("log_grid", "parameters:\n  - {path: scale, values: [0.1, 0.2], scale: log}\n");
  d = only_problem(grid);
  CHECK(d.key_path == "parameters[0].scale");
  auto misspelt = write_sweep("log_name", "design: latin_hypercube\npoints: 4\nparameters:\n  - {path: scale, range: [0.1, 1], scale: logarithmic}\n");
  d = only_problem(misspelt);
  CHECK(d.message == "'logarithmic' is not a scale; use linear or log");
  for (const auto& f : {file, zero, grid, misspelt}) std::filesystem::remove(f);
}

}  // namespace trappsteg
