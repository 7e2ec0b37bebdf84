// Sweep designs: grid order, explicit lists, and Latin hypercube stratification.

#include "engine/scenario/sweep_spec.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
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

}  // namespace trappsteg
