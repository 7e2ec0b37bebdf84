#include "engine/policy/matching.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>

namespace trappsteg {
namespace {

using NetworkTraits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = NetworkTraits::vertex_descriptor;
using Arc = NetworkTraits::edge_descriptor;

/// One arc of the residual network; every arc has a partner in the opposite direction.
struct FlowArc {
  std::int64_t capacity = 0;  ///< 0 on the reverse partner of a real arc
  std::int64_t residual = 0;  ///< written by the solver
  std::int64_t cost = 0;      ///< per person; the reverse partner carries the negated cost
  Arc reverse{};              ///< the partner arc
};

using FlowNetwork = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, FlowArc>;

/// Stand-in for "unreached" in the solver's distance and potential maps.
constexpr std::int64_t kUnreached = std::int64_t{1} << 61;

/// A vertex → int64 map that stores at most kUnreached.
///
/// Why: each round the solver adds Dijkstra's distances to the vertex potentials, and a vertex
/// the residual network no longer reaches gets INT64_MAX every round, so the second such round
/// would overflow (undefined behaviour). Capping at 2^61 keeps every sum in range. A vertex
/// once unreached stays so (augmenting only adds residual arcs between reached vertices), so
/// its capped potential is never read by a search; real distances stay far below the cap
/// because costs are at most kMaxPlacementCost and paths have fewer than 2^31 arcs.
struct SaturatingDistanceMap {
  using key_type = Vertex;
  using value_type = std::int64_t;
  using reference = std::int64_t;
  using category = boost::read_write_property_map_tag;

  std::int64_t* values = nullptr;  ///< one entry per vertex, owned by the caller
};

/// Reads a distance or potential.
std::int64_t get(const SaturatingDistanceMap& map, Vertex v) { return map.values[v]; }

/// Writes a distance or potential, capped at kUnreached.
void put(const SaturatingDistanceMap& map, Vertex v, std::int64_t value) {
  map.values[v] = std::min(value, kUnreached);
}

/// Adds an arc and its zero-capacity reverse partner; returns the forward arc.
Arc add_arc(FlowNetwork& network, Vertex from, Vertex to, std::int64_t capacity, std::int64_t cost) {
  const Arc forward = boost::add_edge(from, to, network).first;
  const Arc backward = boost::add_edge(to, from, network).first;
  network[forward] = FlowArc{capacity, 0, cost, backward};
  network[backward] = FlowArc{0, 0, -cost, forward};
  return forward;
}

/// Sums counts, rejecting a negative entry or a total beyond int64.
std::int64_t checked_total(const std::vector<std::int64_t>& counts, const char* what) {
  std::int64_t total = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] < 0) {
      throw std::invalid_argument(std::string("match_placements: ") + what + "[" + std::to_string(i) +
                                  "] is negative (" + std::to_string(counts[i]) + ")");
    }
    if (__builtin_add_overflow(total, counts[i], &total)) {
      throw std::invalid_argument(std::string("match_placements: total ") + what + " exceeds 64 bits");
    }
  }
  return total;
}

/// Throws std::invalid_argument for any problem match_placements rejects (see the header).
void validate(const MatchingProblem& problem) {
  const std::int64_t total_candidates = checked_total(problem.candidates, "candidates");
  const std::int64_t total_slots = checked_total(problem.slots, "slots");
  // matched <= min(totals) and every unit costs at most kMaxPlacementCost, so this bounds total_cost.
  std::int64_t cost_bound = 0;
  if (__builtin_mul_overflow(std::min(total_candidates, total_slots), kMaxPlacementCost, &cost_bound)) {
    throw std::invalid_argument("match_placements: so many placements that the total cost could exceed 64 bits");
  }
  if (problem.cost.size() != problem.candidates.size()) {
    throw std::invalid_argument("match_placements: cost has " + std::to_string(problem.cost.size()) +
                                " rows but there are " + std::to_string(problem.candidates.size()) + " classes");
  }
  for (std::size_t c = 0; c < problem.cost.size(); ++c) {
    const auto& row = problem.cost[c];
    if (row.size() != problem.slots.size()) {
      throw std::invalid_argument("match_placements: cost[" + std::to_string(c) + "] has " +
                                  std::to_string(row.size()) + " entries but there are " +
                                  std::to_string(problem.slots.size()) + " slot groups");
    }
    for (std::size_t s = 0; s < row.size(); ++s) {
      if (row[s] < kNotAllowed || row[s] > kMaxPlacementCost) {
        throw std::invalid_argument("match_placements: cost[" + std::to_string(c) + "][" + std::to_string(s) +
                                    "] = " + std::to_string(row[s]) + " is outside [-1, " +
                                    std::to_string(kMaxPlacementCost) + "]");
      }
    }
  }
}

}  // namespace

MatchingResult match_placements(const MatchingProblem& problem) {
  validate(problem);
  const std::size_t class_count = problem.candidates.size();
  const std::size_t slot_group_count = problem.slots.size();

  MatchingResult result;
  result.placed.assign(class_count, std::vector<std::int64_t>(slot_group_count, 0));
  if (class_count == 0 || slot_group_count == 0) return result;

  // Vertices: source, classes, slot groups, sink. The arc insertion order below is what makes
  // tie-breaking a function of the input alone (see the header); do not reorder it.
  const Vertex source = 0;
  const auto class_vertex = [](std::size_t c) -> Vertex { return 1 + c; };
  const auto slot_vertex = [&](std::size_t s) -> Vertex { return 1 + class_count + s; };
  const Vertex sink = 1 + class_count + slot_group_count;
  FlowNetwork network(sink + 1);

  for (std::size_t c = 0; c < class_count; ++c) {
    add_arc(network, source, class_vertex(c), problem.candidates[c], 0);
  }
  // Placement arcs, in (class, slot group) order; invalid descriptor where not allowed.
  std::vector<Arc> placement_arcs(class_count * slot_group_count);
  std::vector<bool> placement_allowed(class_count * slot_group_count, false);
  for (std::size_t c = 0; c < class_count; ++c) {
    for (std::size_t s = 0; s < slot_group_count; ++s) {
      const std::int64_t cost = problem.cost[c][s];
      if (cost == kNotAllowed) continue;
      // Bounded by both ends' counts, so the arc itself never limits the flow.
      const std::int64_t capacity = std::min(problem.candidates[c], problem.slots[s]);
      placement_arcs[c * slot_group_count + s] = add_arc(network, class_vertex(c), slot_vertex(s), capacity, cost);
      placement_allowed[c * slot_group_count + s] = true;
    }
  }
  for (std::size_t s = 0; s < slot_group_count; ++s) {
    add_arc(network, slot_vertex(s), sink, problem.slots[s], 0);
  }

  std::vector<std::int64_t> distance(boost::num_vertices(network), 0);
  std::vector<std::int64_t> potential(boost::num_vertices(network), 0);
  boost::successive_shortest_path_nonnegative_weights(
      network, source, sink,
      boost::capacity_map(boost::get(&FlowArc::capacity, network))
          .residual_capacity_map(boost::get(&FlowArc::residual, network))
          .weight_map(boost::get(&FlowArc::cost, network))
          .reverse_edge_map(boost::get(&FlowArc::reverse, network))
          .distance_map(SaturatingDistanceMap{distance.data()})
          .distance_map2(SaturatingDistanceMap{potential.data()}));

  for (std::size_t c = 0; c < class_count; ++c) {
    for (std::size_t s = 0; s < slot_group_count; ++s) {
      if (!placement_allowed[c * slot_group_count + s]) continue;
      const FlowArc& arc = network[placement_arcs[c * slot_group_count + s]];
      const std::int64_t people = arc.capacity - arc.residual;
      result.placed[c][s] = people;
      result.matched += people;
      // Cannot overflow: validate() bounded min(total candidates, total slots) × max cost.
      result.total_cost += people * arc.cost;
    }
  }
  return result;
}

}  // namespace trappsteg
