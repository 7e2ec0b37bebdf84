#pragma once
// Builds the initial population from district marginals: exact age-band counts, household
// types, foreign-born share, education shares and the employment rate 20–64.

#include "engine/core/random.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/model.hpp"
#include "engine/staircase/graph.hpp"

#include <span>

namespace trappsteg {

/// Synthesises the population of every district at `scale` (share of the real population).
Population synthesise_population(const Model& model, const Staircase& staircase, double scale, RandomKey key);

/// Full-time monthly wages people could earn: lognormal around the median of their
/// education, shifted by their district's income level.
class WageModel {
 public:
  WageModel(const EconomySpec& economy, const DistrictsSpec& districts);
  /// A person's wage potential, SEK/month, from a uniform draw.
  double draw(std::size_t district, int education, double uniform) const;

 private:
  std::vector<double> district_factor_;
  std::array<double, kEducationLevels> median_{};
  double log_sd_ = 0;
};

/// Chooses an index from shares (summing to 1) with a uniform draw.
std::size_t pick_index(std::span<const double> shares, double uniform);

}  // namespace trappsteg
