#pragma once
// What the report draws of a folder's microdata: an arrival cohort's steps year by year, and a
// sample of its people's lanes, read from results.sqlite's panel and events.

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace trappsteg {

struct CohortPaths {
  /// {s, k, step, v, n}: scenario, years since arrival (1, 2, …), step key (or "left" for those no
  /// longer in the city), share of the cohort, and its people at the simulated scale (over the
  /// scenario's replicates). Every step someone is on, and "left" once someone has left.
  nlohmann::json shares = nlohmann::json::array();
  /// {s, k, from, to, v, n}: those of the cohort on step `from` at the end of year k and on `to` at
  /// the end of year k + 1 ("left" as in shares), as a share of the cohort and its people.
  /// The flows out of year k add up to its shares, the flows into year k + 1 to its shares.
  nlohmann::json flows = nlohmann::json::array();
  /// {s, p, k, step}: one of the cohort's people (p: the id), years since arrival, step key; those a
  /// policy of another scenario than the first took in come first, then the lowest ids.
  nlohmann::json lanes = nlohmann::json::array();
  std::vector<std::string> steps;  ///< the steps in the staircase's order, "left" last
  std::size_t cohort = 0;          ///< the cohort's people in the first scenario, over its replicates
  std::size_t lane_people = 0;
};

/// The second generation: children (under 18) who lived, at a month kept, with someone taking
/// part in one of a scenario's own measures (a policy the first scenario does not run), followed
/// to the last month kept — in that scenario and, by the same ids, in the first.
struct SecondGeneration {
  std::string scenario, base;  ///< the scenario and the first one
  int month = 0;               ///< the last month kept
  // Per scenario (0: the scenario, 1: the first), over replicates paired by replicate number:
  std::array<std::size_t, 2> in_city{}, aged_20_30{}, employed_20_30{}, aged_20_plus{}, completed_school{};
  std::size_t children = 0;    ///< the children, over replicates
};

/// One entry per scenario after the first that has children in its measures' households; empty
/// without microdata or with a single scenario. @throws Error if the database cannot be read.
std::vector<SecondGeneration> read_second_generation(const std::filesystem::path& database);

/// The adults who arrived from abroad in the run's first year and were still in the city at its
/// end, followed at every 12th month to the end of the run, in every scenario (the same people:
/// ids match across a compare's scenarios). nullopt when the database keeps no microdata or no
/// one arrived in the first year. @throws Error if the database cannot be read.
std::optional<CohortPaths> read_cohort_paths(const std::filesystem::path& database, std::size_t lanes = 30);

}  // namespace trappsteg
