#pragma once
// Shared helpers for tests: paths into the repository and loading a scenario in one call.

#include "engine/scenario/scenario.hpp"
#include "engine/staircase/graph.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace trappsteg::testing {

/// A path inside the repository.
inline std::filesystem::path repo_path(const std::string& relative) {
  return std::filesystem::path(TRAPPSTEG_SOURCE_DIR) / relative;
}

/// A scenario with its model and staircase, loaded and validated.
struct LoadedScenario {
  Scenario scenario;
  Model model;
  std::unique_ptr<Staircase> staircase;
};

inline LoadedScenario load(const std::string& relative_scenario) {
  LoadedScenario loaded;
  loaded.scenario = load_scenario(repo_path(relative_scenario));
  loaded.model = load_model(loaded.scenario);
  loaded.staircase = std::make_unique<Staircase>(loaded.model.staircase);
  return loaded;
}

}  // namespace trappsteg::testing
