#pragma once
// What every loader fuzz target shares. Each target defines kInputPath, prepare() and load();
// fuzz_main.cpp holds the libFuzzer entry points that write the input to kInputPath inside a
// private copy of the shipped files (so relative paths in a fuzzed file resolve as in the
// repository) and call load().

#include "engine/core/error.hpp"

#include <filesystem>

namespace trappsteg::fuzz {

/// The private temporary folder holding copies of models/goteborg/*.yaml and scenarios/**.yaml,
/// made once by LLVMFuzzerInitialize and removed at exit.
const std::filesystem::path& workspace();

/// Where this target's input is written, relative to the workspace.
extern const char* const kInputPath;

/// Called once after the workspace is made, before any input (e.g. to load the shipped model).
void prepare();

/// Loads the input with this target's loaders. A trappsteg::Error is an expected outcome;
/// any other exception escapes and is reported as a bug.
void load(const std::filesystem::path& input);

/// Runs `attempt`, treating a trappsteg::Error (invalid input, reported) as a good outcome.
template <class Attempt>
void expect_input_errors(Attempt&& attempt) {
  try {
    attempt();
  } catch (const Error&) {
  }
}

}  // namespace trappsteg::fuzz
