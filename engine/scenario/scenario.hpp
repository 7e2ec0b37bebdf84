#pragma once
// YAML → validated Scenario and Model. Every problem in every file is collected and
// thrown together as one InputError naming file, line, column and key path.

#include "engine/scenario/model.hpp"
#include "engine/scenario/overrides.hpp"

#include <filesystem>
#include <string_view>

namespace trappsteg {

/// Reads and checks a scenario file (not the model files it names), with `extends:` resolved
/// and `overrides` applied (those aimed at model and policy files are kept for load_model).
/// @throws InputError on any problem.
Scenario load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides = {});

/// Reads and checks the model files a scenario names, including the staircase graph.
/// @throws InputError on any problem.
Model load_model(const Scenario& scenario);

/// One problem, at the override as given ("--set path=value"), for each override aimed at a
/// policy that is none of `policy_keys`: it would change nothing. The message is
/// `runs_no_policy` followed by the policy key (and the nearest key, if one is close).
std::vector<Diagnostic> overrides_of_policies_not_run(const std::vector<Override>& overrides, const std::vector<std::string>& policy_keys,
                                                      std::string_view runs_no_policy);

/// Reads and checks a policy file against the model it will run with (stages, transitions,
/// districts). @throws InputError naming file, line, column and key for every problem.
PolicySpec load_policy(const std::filesystem::path& file, const Model& model, int start_year,
                       const std::vector<Override>& overrides = {});

/// The steps a policy file adds to the staircase (adds_to_staircase), checked against the
/// model's staircase before they are merged into it. @throws InputError.
StaircaseAdditions load_staircase_additions(const std::filesystem::path& file, const Model& model,
                                            const std::vector<Override>& overrides = {});

/// Model files, loaded one by one with the overrides aimed at them; `resolved` receives the
/// YAML as read. Each @throws InputError.
DistrictsSpec load_districts(const std::filesystem::path& file, const std::vector<Override>& overrides = {},
                             std::string* resolved = nullptr);
StaircaseSpec load_staircase(const std::filesystem::path& file, const std::vector<Override>& overrides = {},
                             std::string* resolved = nullptr);
EconomySpec load_economy(const std::filesystem::path& file, const std::vector<Override>& overrides = {},
                         std::string* resolved = nullptr);
DemographySpec load_demography(const std::filesystem::path& file, const std::vector<Override>& overrides = {},
                               std::string* resolved = nullptr);
BenefitsSpec load_benefits(const std::filesystem::path& file, const std::vector<Override>& overrides = {},
                           std::string* resolved = nullptr);

/// What kind of Trappsteg file this is, judged by its top-level keys.
enum class FileKind { kScenario, kDistricts, kStaircase, kEconomy, kDemography, kBenefits, kPolicy, kSweep, kTargets, kCalibration, kSensitivity, kUncertainty, kUnknown };

/// Checks any Trappsteg file as `run` or `sweep` would load it: a scenario (also one that only
/// extends another) with its model and policy files and its baseline scenario; a sweep with
/// its base scenario at every point; a policy file against the model of `policy_context`.
/// @returns the kind it was validated as. @throws InputError on any problem.
FileKind validate_file(const std::filesystem::path& file,
                       const std::filesystem::path& policy_context = "scenarios/baseline.yaml");

/// How many policies one scenario can run (participation is kept as a bitmask).
inline constexpr std::size_t kMaxPolicies = 31;
/// How many scenarios deep `extends:` may go.
inline constexpr std::size_t kMaxExtendsDepth = 8;

}  // namespace trappsteg
