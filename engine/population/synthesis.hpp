#pragma once
// Builds the initial population from district marginals: exact age-band counts, household
// types, foreign-born share, education shares and the employment rate 20–64.

#include "engine/core/random.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/model.hpp"
#include "engine/staircase/graph.hpp"

namespace trappsteg {

/// Synthesises the population of every district at `scale` (share of the real population).
Population synthesise_population(const Model& model, const Staircase& staircase, double scale, RandomKey key);

/// A person's full-time monthly wage potential, SEK, from education, district income and a uniform draw.
double draw_wage_potential(const EconomySpec& economy, const DistrictsSpec& districts, std::size_t district,
                           int education, double uniform);

/// Chooses an index from shares (summing to 1) with a uniform draw.
std::size_t pick_share(const std::vector<std::pair<std::string, double>>& shares, double uniform);

}  // namespace trappsteg
