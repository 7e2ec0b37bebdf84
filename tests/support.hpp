#pragma once
// Shared helpers for tests: paths into the repository and loading a scenario in one call.

#include "engine/sim/batch.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace trappsteg::testing {

/// A path inside the repository.
inline std::filesystem::path repo_path(const std::string& relative) {
  return std::filesystem::path(TRAPPSTEG_SOURCE_DIR) / relative;
}

using trappsteg::LoadedScenario;

/// A shipped scenario with its model and staircase, loaded and validated.
inline LoadedScenario load(const std::string& relative_scenario) {
  return load_scenario_for_run(repo_path(relative_scenario));
}

}  // namespace trappsteg::testing
