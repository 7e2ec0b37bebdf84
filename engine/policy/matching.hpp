#pragma once
// Monthly matching of placement candidates to employers' supervisor slots: a min-cost
// max-flow over classes of interchangeable people, so the network stays small (tens of
// classes and slot groups) however many people wait. Boost.Graph stays in matching.cpp.

#include <cstdint>
#include <vector>

namespace trappsteg {

/// Cost entry meaning "this class cannot be placed in this slot group".
inline constexpr std::int64_t kNotAllowed = -1;

/// Largest accepted placement cost; keeps every path cost and the total exact in 64 bits.
inline constexpr std::int64_t kMaxPlacementCost = 1'000'000'000;

/// Candidates of one class are interchangeable: same district and sector profile.
struct MatchingProblem {
  std::vector<std::int64_t> candidates;  ///< people waiting, per class (>= 0)
  std::vector<std::int64_t> slots;       ///< free supervisor slots, per slot group (>= 0)
  /// cost[c][s] >= 0: cost of placing one person of class c in slot group s (travel between
  /// districts plus sector mismatch); kNotAllowed where the placement is impossible.
  std::vector<std::vector<std::int64_t>> cost;
};

/// How many people of each class go to each slot group.
struct MatchingResult {
  std::vector<std::vector<std::int64_t>> placed;  ///< [class][slot group]
  std::int64_t matched = 0;                       ///< total people placed (the maximum possible)
  std::int64_t total_cost = 0;                    ///< minimum cost among maximum matchings
};

/// Places as many candidates as possible and, among those placements, the cheapest: a min-cost
/// max-flow on source → classes → slot groups → sink, solved with
/// boost::successive_shortest_path_nonnegative_weights (augmenting by path bottleneck, so the
/// work does not grow with the head counts).
///
/// Deterministic: the result is a pure function of the problem's values. The network is always
/// built in the same order (source → class arcs by class index; then, class by class, the
/// class → slot group arcs by slot group index; then slot group → sink arcs by slot group
/// index) and the solver's Dijkstra searches have no randomness or address-dependent order, so
/// among equally cheap maximum placements the one returned is the one this order yields. That
/// choice is reproducible but not otherwise characterised (it is not, say, lexicographic), and
/// it is not neutral: reordering classes or slot groups may change which of several equally
/// cheap splits is returned. Express any priority (waiting time, district fairness) in `cost`.
///
/// @throws std::invalid_argument for negative counts, a cost matrix of the wrong shape
///   (cost.size() != candidates.size() or a row size != slots.size()), a cost < -1 or
///   > kMaxPlacementCost, or totals so large that the total cost could overflow 64 bits
///   (total candidates or total slots beyond int64, or min(total candidates, total slots) ×
///   kMaxPlacementCost beyond int64).
MatchingResult match_placements(const MatchingProblem& problem);

}  // namespace trappsteg
