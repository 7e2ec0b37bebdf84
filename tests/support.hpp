#pragma once
// Shared helpers for tests: paths into the repository and loading a scenario in one call.

#include "engine/sim/batch.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <unistd.h>

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

/// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  explicit TempDir(const std::string& purpose) {
    std::random_device entropy;
    path = std::filesystem::temp_directory_path() /
           ("trappsteg-test-" + purpose + "-" + std::to_string(::getpid()) + "-" + std::to_string(entropy()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// Writes `text` to `name` in the folder; returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return path / name;
  }
  std::filesystem::path path;
};

/// A folder holding scenario.yaml: the shipped baseline without its warm-up, for tests about
/// ensembles (calibration, sensitivity) that must run quickly.
class BaselineFolder : public TempDir {
 public:
  explicit BaselineFolder(const std::string& purpose) : TempDir(purpose) {
    write("scenario.yaml", "extends: " + repo_path("scenarios/baseline.yaml").string() + "\nwarm_up_months: 0\n");
  }
};

}  // namespace trappsteg::testing
