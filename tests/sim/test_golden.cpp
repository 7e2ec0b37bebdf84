// One golden checksum of a small run of the shipped baseline, so that any change to results —
// in the engine or in the model files — is seen. When a change is intended, replace kGolden
// with the value this test prints, and say in the commit why results moved.

#include "engine/sim/run.hpp"
#include "output/writers.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <sstream>

namespace trappsteg {
namespace {

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

constexpr std::uint64_t kGolden = 0x9f41631180ef4250ull;

}  // namespace

TEST_CASE("golden.small_baseline_run_is_unchanged") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  loaded.scenario.scale = 0.01;
  loaded.scenario.months = 24;
  RunResult run = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
  std::ostringstream csv;
  write_outcomes_csv(csv, "golden", run);
  write_newcomers_csv(csv, "golden", run);
  std::uint64_t hash = fnv1a(csv.str());
  std::ostringstream hex;
  hex << "0x" << std::hex << hash << "ull";
  INFO("checksum of this run: " << hex.str());
  CHECK(hash == kGolden);
}

}  // namespace trappsteg
