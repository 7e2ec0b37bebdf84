#pragma once
// Drawing a DOT graph with Graphviz's C library, in this process: no shell, no temporary
// file, no dependence on a `dot` program being on PATH. And the report's staircase flow graph.

#include "output/writers.hpp"

#include <string>
#include <utility>
#include <vector>

namespace trappsteg {

/// Lays out `dot` with the dot layout and renders it in `format` ("svg" or "png").
/// @throws Error with Graphviz's own message if the graph cannot be read, laid out or rendered.
std::string render_graphviz(const std::string& dot, const std::string& format);

/// A step of the staircase as the flow graph draws it.
struct FlowStage {
  std::string key, name;
  bool exit = false, employed = false, inactive = false;
};

/// The staircase with the people who took each step, as DOT for the report: one edge per pair of
/// steps (transitions between the same two steps are summed, as `flows` already holds them, and
/// an age move and a hazard between one pair are one edge), exits together in the last rank, each
/// with the people who went there from any step (in place of an edge from every step), names
/// wrapped to fit the page. `transitions` are the staircase's
/// (from, to) pairs, age moves included; `age_moves` those of them that happen at an age.
/// Numbers are grouped by thousands in `sv` (space) or English (comma).
std::string flow_graph_dot(const std::vector<FlowStage>& stages, const std::vector<std::pair<std::string, std::string>>& transitions,
                           const std::vector<std::pair<std::string, std::string>>& age_moves, const StageFlows& flows, bool sv);

}  // namespace trappsteg
