#include "engine/staircase/graph.hpp"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace trappsteg {
namespace {

using StageIndex = std::unordered_map<std::string, std::size_t>;

StageIndex index_stages(const StaircaseSpec& spec) {
  StageIndex index;
  for (std::size_t i = 0; i < spec.stages.size(); ++i) index.emplace(spec.stages[i].key, i);
  return index;
}

std::vector<std::string> stage_keys(const StaircaseSpec& spec) {
  std::vector<std::string> keys;
  for (const auto& s : spec.stages) keys.push_back(s.key);
  return keys;
}

/// Resolves a stage key, recording an error with a spelling suggestion if unknown.
bool resolve_stage(const StaircaseSpec& spec, const StageIndex& index, const std::string& key,
                   const SourceLocation& where, const std::string& key_path, DiagnosticSink& sink) {
  if (index.count(key)) return true;
  std::string suggestion = nearest_spelling(key, stage_keys(spec));
  sink.add({where, key_path,
            fmt::format("refers to stage '{}', which does not exist{}", key,
                        suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion))});
  return false;
}

StageGraph build_graph(const StaircaseSpec& spec, const StageIndex& index) {
  StageGraph graph(spec.stages.size());
  for (std::size_t i = 0; i < spec.stages.size(); ++i) {
    graph[i].stage = static_cast<std::uint16_t>(i);
    if (spec.stages[i].at_age) add_edge(i, index.at(spec.stages[i].at_age->to), TransitionEdge{-1}, graph);
  }
  for (std::size_t t = 0; t < spec.transitions.size(); ++t)
    add_edge(index.at(spec.transitions[t].from), index.at(spec.transitions[t].to), TransitionEdge{static_cast<int>(t)}, graph);
  return graph;
}

}  // namespace

void Staircase::check(const StaircaseSpec& spec, DiagnosticSink& sink) {
  StageIndex index = index_stages(spec);
  const SourceLocation file_start{spec.file, 0, 0};
  bool references_ok = true;
  for (const auto& s : spec.stages)
    if (s.at_age) references_ok &= resolve_stage(spec, index, s.at_age->to, s.where, "stages." + s.key + ".at_age.to", sink);
  for (std::size_t t = 0; t < spec.transitions.size(); ++t) {
    const auto& tr = spec.transitions[t];
    std::string path = fmt::format("transitions[{}]", t);
    if (tr.from.empty() || tr.to.empty()) {  // already reported as missing
      references_ok = false;
      continue;
    }
    references_ok &= resolve_stage(spec, index, tr.from, tr.from_where, path + ".from", sink);
    references_ok &= resolve_stage(spec, index, tr.to, tr.to_where, path + ".to", sink);
    if (tr.from == tr.to) sink.add({tr.where, path, fmt::format("a transition from '{}' to itself is not a step", tr.from)});
  }
  for (const auto& ref : spec.references) {
    if (!resolve_stage(spec, index, ref.stage, ref.where, ref.key_path, sink)) {
      references_ok = false;
      continue;
    }
    const StageSpec& stage = spec.stages[index.at(ref.stage)];
    if (ref.must_be_employed && !stage.employed())
      sink.add({ref.where, ref.key_path, fmt::format("stage '{}' is not an employment stage", ref.stage)});
    if (ref.must_be_exit && !stage.exit)
      sink.add({stage.where, "stages." + ref.stage, "this stage is named under 'exits' and must have 'exit: true'"});
  }
  if (spec.references.empty()) {  // a spec built in code rather than read from YAML
    const std::pair<const std::string*, const char*> named[] = {
        {&spec.child_stage, "entry.child"},   {&spec.school_stage, "entry.school"}, {&spec.newcomer_stage, "entry.newcomer_adult"},
        {&spec.job_seeker_stage, "entry.job_seeker"}, {&spec.retired_stage, "exits.retired"},
        {&spec.moved_stage, "exits.moved_away"}, {&spec.dead_stage, "exits.deceased"}};
    for (const auto& [key, path] : named) references_ok &= resolve_stage(spec, index, *key, file_start, path, sink);
  }
  if (spec.child_stage.empty() || spec.school_stage.empty() || spec.newcomer_stage.empty() ||
      spec.job_seeker_stage.empty() || spec.retired_stage.empty() || spec.moved_stage.empty() || spec.dead_stage.empty())
    references_ok = false;  // a missing entry or exit was reported by the reader
  if (!references_ok) return;
  for (const auto& stage : spec.stages) {
    std::size_t out = 0;
    for (const auto& t : spec.transitions) out += t.from == stage.key;
    if (out > kMaxOutgoingTransitions)
      sink.add({stage.where, "stages." + stage.key,
                fmt::format("{} transitions leave this stage; at most {} can (with those a policy adds)", out, kMaxOutgoingTransitions)});
  }

  // Every stage that is not an exit must lead to a job: search backwards from the jobs.
  StageGraph graph = build_graph(spec, index);
  std::vector<boost::default_color_type> colour(spec.stages.size(), boost::white_color);
  auto reversed = boost::make_reverse_graph(graph);
  auto colour_map = boost::make_iterator_property_map(colour.begin(), get(boost::vertex_index, reversed));
  bool any_job = false;
  for (std::size_t i = 0; i < spec.stages.size(); ++i) {
    if (!spec.stages[i].employed() || colour[i] != boost::white_color) continue;
    any_job = true;
    boost::breadth_first_search(reversed, i, boost::visitor(boost::default_bfs_visitor()).color_map(colour_map));
  }
  if (!any_job) {
    sink.add({file_start, "stages", "no stage has 'activity: employment': the staircase must lead to a job"});
    return;
  }
  std::vector<std::string> dead_ends;
  for (std::size_t i = 0; i < spec.stages.size(); ++i)
    if (!spec.stages[i].exit && colour[i] == boost::white_color) dead_ends.push_back(spec.stages[i].key);
  for (const auto& key : dead_ends)
    sink.add({spec.stages[index.at(key)].where, "stages." + key,
              fmt::format("stage '{}' cannot reach a job: there must always be a next step (dead ends: {})", key,
                          fmt::join(dead_ends, ", "))});
  for (std::size_t t = 0; t < spec.transitions.size(); ++t)
    if (spec.stages[index.at(spec.transitions[t].from)].exit && spec.transitions[t].from != spec.retired_stage)
      sink.add({spec.transitions[t].where, fmt::format("transitions[{}].from", t),
                fmt::format("'{}' is an exit stage; nobody leaves it", spec.transitions[t].from)});
}

Staircase::Staircase(StaircaseSpec spec) : spec_(std::move(spec)) {
  DiagnosticSink sink;
  check(spec_, sink);
  sink.throw_if_any();
  StageIndex index = index_stages(spec_);
  graph_ = build_graph(spec_, index);
  auto id = [&](const std::string& key) { return StageId{static_cast<std::uint16_t>(index.at(key))}; };
  child = id(spec_.child_stage);
  school = id(spec_.school_stage);
  newcomer = id(spec_.newcomer_stage);
  job_seeker = id(spec_.job_seeker_stage);
  retired = id(spec_.retired_stage);
  moved = id(spec_.moved_stage);
  dead = id(spec_.dead_stage);

  first_out_.assign(spec_.stages.size() + 1, 0);
  for (std::size_t s = 0; s < spec_.stages.size(); ++s) {
    first_out_[s] = transitions_.size();
    for (std::size_t t = 0; t < spec_.transitions.size(); ++t) {
      const auto& tr = spec_.transitions[t];
      if (index.at(tr.from) != s) continue;
      transitions_.push_back(compile_transition(tr, id(tr.to), static_cast<int>(t)));
    }
  }
  first_out_[spec_.stages.size()] = transitions_.size();
  for (const auto& stage : spec_.stages)
    age_moves_.push_back(stage.at_age ? CompiledAgeMove{static_cast<int>(std::ceil(stage.at_age->age_years * 12.0)), id(stage.at_age->to)}
                                      : CompiledAgeMove{});
}

double Staircase::school_start_years() const {
  const auto& move = spec_.stages[to_index(child)].at_age;
  return move ? move->age_years : 16.0;
}

double Staircase::school_leaving_years() const {
  const auto& move = spec_.stages[to_index(school)].at_age;
  return move ? move->age_years : 19.0;
}

CompiledTransition compile_transition(const TransitionSpec& spec, StageId to, int index) {
  CompiledTransition c;
  c.to = to;
  c.base = spec.base;
  auto uses = [&](const char* name) { return std::find(spec.uses.begin(), spec.uses.end(), name) != spec.uses.end(); };
  c.uses_age = uses("age");
  c.uses_education = uses("education");
  c.uses_swedish = uses("swedish");
  c.uses_arrival = uses("arrival");
  c.demand_elasticity = spec.demand_elasticity;
  c.cycle_elasticity = spec.cycle_elasticity;
  c.duration_decay_per_month = spec.duration_decay_per_year / 12.0;
  c.duration_floor = spec.duration_floor;
  c.condition = spec.condition;
  c.index = index;
  return c;
}

StageId Staircase::id_of(std::string_view key) const {
  for (std::size_t i = 0; i < spec_.stages.size(); ++i)
    if (spec_.stages[i].key == key) return StageId{static_cast<std::uint16_t>(i)};
  throw Error(fmt::format("unknown stage '{}'", key));
}

}  // namespace trappsteg
