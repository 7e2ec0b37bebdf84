// Fuzz target: a model file (models/goteborg/*.yaml). Every input goes through all the model
// loaders — districts, staircase, economy, demography, benefits and targets (against the shipped
// model) — so a mutation that turns one kind of file into another is still read.

#include "engine/scenario/scenario.hpp"
#include "tests/fuzz/fuzz.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>

namespace trappsteg::fuzz {
namespace {

std::optional<Scenario> baseline;
std::optional<Model> model;

}  // namespace

const char* const kInputPath = "models/goteborg/fuzz_input.yaml";

void prepare() {
  try {
    baseline = load_scenario(workspace() / "scenarios/baseline.yaml");
    model = load_model(*baseline);
  } catch (const Error& e) {
    std::fprintf(stderr, "the shipped baseline does not load: %s\n", e.what());
    std::abort();
  }
}

void load(const std::filesystem::path& input) {
  expect_input_errors([&] { load_districts(input); });
  expect_input_errors([&] { load_staircase(input); });
  expect_input_errors([&] { load_economy(input); });
  expect_input_errors([&] { load_demography(input); });
  expect_input_errors([&] { load_benefits(input); });
  expect_input_errors([&] { load_targets(input, *model, baseline->start_year); });
}

}  // namespace trappsteg::fuzz
