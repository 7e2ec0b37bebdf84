// Fuzz target: a scenario file (scenarios/*.yaml), with `extends:` resolved, then the model
// and policy files it names (the shipped ones, unless the input names others).

#include "engine/scenario/scenario.hpp"
#include "tests/fuzz/fuzz.hpp"

namespace trappsteg::fuzz {

const char* const kInputPath = "scenarios/fuzz_input.yaml";

void prepare() {}

void load(const std::filesystem::path& input) {
  expect_input_errors([&] { load_model(load_scenario(input)); });
}

}  // namespace trappsteg::fuzz
