#pragma once
// Readers shared by the scenario and policy loaders.

#include "engine/scenario/benefits_spec.hpp"
#include "engine/scenario/model.hpp"
#include "engine/scenario/outcome_spec.hpp"
#include "engine/scenario/yaml_reader.hpp"

namespace trappsteg::detail {

/// One stage of a `stages:` mapping (`key` is the mapping's key node), as in staircase.yaml;
/// a step a policy adds (`added`) may also say whose benefit rules apply to it.
StageSpec read_stage(MapReader& stages, const YAML::Node& key, bool added = false);

/// The staircase's own checks (a way to a job from every step, no more transitions out of a
/// step than the kernel holds) on a staircase with steps policies add, reported in the policy
/// files under adds_to_staircase; false if any failed.
bool check_added_steps(const StaircaseSpec& merged, DiagnosticSink& sink);

/// One transition mapping {from, to, base, uses, ...}, as in staircase.yaml.
TransitionSpec read_transition(MapReader& reader);

/// The keys of a scalar outcome (metric, district, group, period | month | years, statistic)
/// in `reader`, checked against the model; the run starts in January of `start_year`.
OutcomeSpec read_outcome(MapReader& reader, const Model& model, int start_year);

/// benefits.yaml read and checked on its own.
BenefitsSpec read_benefits(MapReader& root);
/// The benefit rules against the staircase (stage keys) and the districts (rent index keys).
void check_benefits(const BenefitsSpec& spec, const StaircaseSpec& staircase, const DistrictsSpec& districts, DiagnosticSink& sink);

/// "YYYY-MM" as a month of the run (1 = January of `start_year`); 0 after recording a problem.
int read_calendar_month(MapReader& reader, const YAML::Node& node, const std::string& key_path, int start_year);

}  // namespace trappsteg::detail
