#pragma once
// Published figures a model is fitted to or checked against (models/<city>/targets.yaml):
// each a scalar outcome of a run, the published value with its year, source and sureness, a
// tolerance, and whether calibration fits it or only checks it.

#include "engine/core/error.hpp"
#include "engine/scenario/outcome_spec.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace trappsteg {

struct Model;

/// One published figure.
struct Target {
  std::string name;            ///< yaml: targets[i].name, distinct
  OutcomeSpec outcome;         ///< yaml: metric, district, group, period | month | years, statistic
  double value = 0;            ///< yaml: value, the published figure
  double tolerance = 0;        ///< yaml: tolerance, absolute (the model is "within" at |model − value| <= tolerance)
  int year = 0;                ///< yaml: year the figure describes
  std::string source;          ///< yaml: source
  std::string sureness;        ///< yaml: sureness: E (as printed), D (derived), A (rounded in the source), or I (illustrative)
  enum class Use : std::uint8_t { kFit, kCheck } use = Use::kCheck;  ///< yaml: use: fit | check
  SourceLocation where;
};

/// A targets file, validated.
struct TargetsSpec {
  std::filesystem::path file;
  std::vector<Target> targets;
};

/// Reads and checks a targets file against the model it describes (metrics, districts,
/// stages) for runs starting in January of `start_year`. @throws InputError.
TargetsSpec load_targets(const std::filesystem::path& file, const Model& model, int start_year);

}  // namespace trappsteg
