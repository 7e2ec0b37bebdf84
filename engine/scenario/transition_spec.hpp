#pragma once
// Basic model types shared by the staircase and policy files: education levels and a
// transition with its hazard and modifiers.

#include "engine/core/error.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trappsteg {

/// Highest completed education.
enum class Education : std::uint8_t { kPrimary = 0, kUpperSecondary = 1, kTertiary = 2 };
inline constexpr int kEducationLevels = 3;
inline constexpr std::array<const char*, kEducationLevels> kEducationKeys{"primary", "upper_secondary", "tertiary"};

/// Who may make a transition at all.
struct TransitionCondition {
  int origin = -1;            ///< yaml: requires.origin: born_in_sweden|foreign_born (-1 any)
  int swedish_below = 4;      ///< yaml: requires.swedish_below, level 1..4
  int swedish_at_least = 0;   ///< yaml: requires.swedish_at_least, level 0..3
  double min_age = 0;         ///< yaml: requires.min_age, years
  double max_age = 200;       ///< yaml: requires.max_age, years
};

/// A directed edge of the staircase with its monthly hazard and what modifies it.
struct TransitionSpec {
  std::string from, to;             ///< yaml: transitions[i].from/.to, stage keys
  double base = 0;                  ///< yaml: base, monthly hazard, [0, 5]
  std::vector<std::string> uses;    ///< yaml: uses: subset of [age, education, swedish, arrival]
  double demand_elasticity = 0;     ///< yaml: demand_elasticity: hazard × demand^e
  double cycle_elasticity = 0;      ///< yaml: cycle_elasticity: hazard × cycle^e
  double duration_decay_per_year = 0;  ///< yaml: duration.decay_per_year, ≥ 0: × exp(−d·years in stage)
  double duration_floor = 0;           ///< yaml: duration.floor, [0, 1]
  TransitionCondition condition;
  std::string source;               ///< yaml: source, where the number comes from
  SourceLocation where, from_where, to_where;
};

}  // namespace trappsteg
