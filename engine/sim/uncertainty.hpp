#pragma once
// Parameter uncertainty in an ensemble (compare --uncertainty): each replicate draws every
// uncertain input from its distribution, with a counter-based draw keyed by (seed, replicate,
// input), so replicate r of every scenario runs with the same values (the differences stay
// paired) and the draws do not depend on the thread count.

#include "engine/scenario/model.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/scenario/sensitivity_spec.hpp"

#include <cstdint>
#include <vector>

namespace trappsteg {

/// values[r][i]: replicate r's value of input i.
std::vector<std::vector<double>> draw_uncertain_values(const std::vector<UncertainInput>& inputs, std::uint64_t seed, int replicates);

/// The overrides of one replicate for a scenario with `model`: a path into a policy the
/// scenario does not run (e.g. the baseline's) is left out, everything else applies.
std::vector<Override> uncertainty_overrides(const std::vector<UncertainInput>& inputs, const std::vector<double>& values,
                                            const Model& model);

}  // namespace trappsteg
