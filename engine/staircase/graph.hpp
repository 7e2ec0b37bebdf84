#pragma once
// The staircase as a directed graph (Boost.Graph), built from the YAML spec and checked:
// every stage exists, and from every stage that is not an exit a job can be reached —
// "there must always be a next step".

#include "engine/core/ids.hpp"
#include "engine/scenario/model.hpp"

#include <boost/graph/adjacency_list.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace trappsteg {

/// Vertex data: the stage's index into StaircaseSpec::stages.
struct StageVertex {
  std::uint16_t stage = 0;
};

/// Edge data: a hazard transition (index into StaircaseSpec::transitions) or an age move.
struct TransitionEdge {
  int transition = -1;  ///< −1 for an age move (at_age)
};

/// The stage graph; vertex i is stage i.
using StageGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, StageVertex, TransitionEdge>;

/// The most transitions that can leave one stage, the staircase's and a policy's together (the
/// monthly kernel keeps a person's competing hazards on the stack).
inline constexpr std::size_t kMaxOutgoingTransitions = 24;

/// A transition prepared for the monthly kernel: stage ids resolved, modifiers as flags.
struct CompiledTransition {
  StageId to{};
  double base = 0;
  bool uses_age = false, uses_education = false, uses_swedish = false, uses_arrival = false;
  double demand_elasticity = 0, cycle_elasticity = 0;
  double duration_decay_per_month = 0, duration_floor = 0;
  TransitionCondition condition;
  int index = 0;  ///< into StaircaseSpec::transitions
};

/// Prepares a transition for the kernel; `index` is its place in the staircase's tables, or −1
/// for one that exists only under a policy.
CompiledTransition compile_transition(const TransitionSpec& spec, StageId to, int index);

/// A stage's move at an age, prepared for the monthly kernel; age_months < 0: none.
struct CompiledAgeMove {
  int age_months = -1;
  StageId to{};
};

/// The validated staircase used by a run.
class Staircase {
 public:
  /// Builds and checks the graph. @throws InputError naming every bad reference and dead end.
  explicit Staircase(StaircaseSpec spec);

  /// Records every problem with the spec (unknown stages, dead ends) without throwing.
  static void check(const StaircaseSpec& spec, DiagnosticSink& sink);

  std::size_t stage_count() const { return spec_.stages.size(); }
  const StageSpec& stage(StageId id) const { return spec_.stages[to_index(id)]; }
  /// The id of a stage key; the key must exist (checked at load).
  StageId id_of(std::string_view key) const;
  /// Outgoing hazard transitions of a stage, for the monthly kernel.
  std::span<const CompiledTransition> outgoing(StageId id) const {
    return {transitions_.data() + first_out_[to_index(id)], transitions_.data() + first_out_[to_index(id) + 1]};
  }
  /// The move a stage makes when a person reaches an age (children start school, pupils leave it).
  const CompiledAgeMove& age_move(StageId id) const { return age_moves_[to_index(id)]; }
  /// Age in years at which children start upper-secondary school, and at which they leave it.
  double school_start_years() const;
  double school_leaving_years() const;
  const StaircaseSpec& spec() const { return spec_; }
  const StageGraph& graph() const { return graph_; }

  StageId child{}, school{}, newcomer{}, job_seeker{}, retired{}, moved{}, dead{};

 private:
  StaircaseSpec spec_;
  StageGraph graph_;
  std::vector<CompiledTransition> transitions_;  // grouped by source stage
  std::vector<std::size_t> first_out_;
  std::vector<CompiledAgeMove> age_moves_;
};

}  // namespace trappsteg
