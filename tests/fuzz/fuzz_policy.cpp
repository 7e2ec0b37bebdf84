// Fuzz target: a policy file (scenarios/policies/*.yaml), checked against the shipped model.

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

const char* const kInputPath = "scenarios/policies/fuzz_input.yaml";

void prepare() {
  try {
    baseline = load_scenario(workspace() / "scenarios/baseline.yaml");
    model = load_model(*baseline);
  } catch (const Error& e) {
    // Without the model every input would fail the same way and the run would find nothing.
    std::fprintf(stderr, "the shipped baseline does not load: %s\n", e.what());
    std::abort();
  }
}

void load(const std::filesystem::path& input) {
  expect_input_errors([&] { load_policy(input, *model, baseline->start_year); });
}

}  // namespace trappsteg::fuzz
