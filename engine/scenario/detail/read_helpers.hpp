#pragma once
// Readers shared by the scenario and policy loaders.

#include "engine/scenario/model.hpp"
#include "engine/scenario/yaml_reader.hpp"

namespace trappsteg::detail {

/// One transition mapping {from, to, base, uses, ...}, as in staircase.yaml.
TransitionSpec read_transition(MapReader& reader);

}  // namespace trappsteg::detail
