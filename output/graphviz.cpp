#include "output/graphviz.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

namespace trappsteg {
namespace {

// Graphviz keeps global state (its error handler, the graph dictionaries, the plugins' font
// caches): one drawing at a time, with one context for the whole process — Graphviz 2.42's
// text layout reads freed memory when a second context follows a freed one.
std::mutex graphviz_mutex;
std::string graphviz_errors;

extern "C" int collect_error(char* message) {
  graphviz_errors += message;
  return 0;
}

GVC_t* context() {
  static GVC_t* const shared = gvContext();
  return shared;
}

}  // namespace

std::string render_graphviz(const std::string& dot, const std::string& format) {
  std::lock_guard lock(graphviz_mutex);
  graphviz_errors.clear();
  agseterrf(collect_error);
  agseterr(AGERR);  // warnings stay quiet; errors are collected
  GVC_t* gvc = context();
  if (gvc == nullptr) throw Error("Graphviz could not start (gvContext failed)");
  std::string result, failure;
  Agraph_t* graph = agmemread(dot.c_str());
  if (graph == nullptr) {
    failure = "the graph could not be read";
  } else {
    if (gvLayout(gvc, graph, "dot") != 0) {
      failure = "the dot layout failed";
    } else {
      char* data = nullptr;
      unsigned int length = 0;
      if (gvRenderData(gvc, graph, format.c_str(), &data, &length) != 0) failure = fmt::format("rendering as {} failed", format);
      else result.assign(data, length);
      gvFreeRenderData(data);
      gvFreeLayout(gvc, graph);
    }
    agclose(graph);
  }
  if (!failure.empty()) {
    while (!graphviz_errors.empty() && (graphviz_errors.back() == '\n' || graphviz_errors.back() == ' ')) graphviz_errors.pop_back();
    throw Error(fmt::format("Graphviz: {}{}", failure, graphviz_errors.empty() ? "" : ": " + graphviz_errors));
  }
  return result;
}

namespace {

// Text for a DOT string: quotes and backslashes escaped (a model's name may hold either).
std::string dot_text(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

// A name, escaped for DOT, on lines of about `width` characters (broken at spaces), so that a
// rank of the left-to-right layout stays narrow.
std::string wrapped(const std::string& name, std::size_t width = 16) {
  std::string out, line;
  std::istringstream words(name);
  for (std::string word; words >> word;) {
    word = dot_text(word);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += (out.empty() ? "" : "\\n") + line;
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += (out.empty() ? "" : "\\n") + line;
  return out;
}

std::string people(double x, bool sv) {
  const std::string digits = fmt::format("{:.0f}", std::abs(std::round(x)));
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += sv ? "\u00a0" : ",";
    text += digits[i];
  }
  return text;
}

}  // namespace

std::string flow_graph_dot(const std::vector<FlowStage>& stages, const std::vector<std::pair<std::string, std::string>>& transitions,
                           const std::vector<std::pair<std::string, std::string>>& age_moves, const StageFlows& flows, bool sv) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < stages.size(); ++i) index.emplace(stages[i].key, i);
  // One edge per ordered pair: the staircase's transitions and the flows seen, each pair once.
  std::map<std::pair<std::string, std::string>, double> edges;
  for (const auto& pair : transitions)
    if (index.count(pair.first) && index.count(pair.second)) edges.try_emplace(pair, 0.0);
  for (const auto& [pair, n] : flows)
    if (index.count(pair.first) && index.count(pair.second) && pair.first != pair.second) edges[pair] += n;
  const std::set<std::pair<std::string, std::string>> at_age(age_moves.begin(), age_moves.end());
  double largest = 1;
  std::map<std::string, double> left;  // people who went to each exit
  for (const auto& [pair, n] : edges) {
    if (stages[index.at(pair.second)].exit) left[pair.second] += n;
    else largest = std::max(largest, n);
  }
  std::ostringstream dot;
  dot << "digraph staircase {\n"
         "graph [rankdir=TB, nodesep=0.25, ranksep=0.5, fontname=\"Helvetica\"];\n"
         "node [fontname=\"Helvetica\", fontsize=17, style=filled, margin=\"0.08,0.04\"];\n"
         "edge [fontname=\"Helvetica\", fontsize=15, color=\"#4a5568\", arrowsize=0.7];\n";
  std::vector<std::string> exits;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const FlowStage& s = stages[i];
    std::string label = wrapped(s.name);
    if (s.exit) {
      exits.push_back(fmt::format("s{}", i));
      auto it = left.find(s.key);
      if (it != left.end() && it->second > 0) label += "\\n" + people(it->second, sv);
    }
    const char* shape = s.exit ? "box" : s.employed ? "box" : "ellipse";
    const char* fill = s.exit ? "#e2e2e2" : s.employed ? "#b7e4c7" : s.inactive ? "#fde2e4" : "#dbe7ff";
    dot << fmt::format("s{} [label=\"{}\", shape={}, fillcolor=\"{}\"{}];\n", i, label, shape, fill,
                       s.employed ? ", style=\"filled,rounded\", penwidth=1.6" : "");
  }
  // Exits share the last rank, at the right, out of the way of the steps.
  if (!exits.empty()) dot << "{ rank=sink; " << fmt::format("{}", fmt::join(exits, "; ")) << "; }\n";
  for (const auto& [pair, n] : edges) {
    const std::size_t from = index.at(pair.first), to = index.at(pair.second);
    // Into an exit: no edge to see (from nearly every step, they would cover the graph; the exit's
    // box holds the total), only an invisible one that ranks the exit after the step.
    if (stages[to].exit) {
      if (n > 0) dot << fmt::format("s{} -> s{} [style=invis, weight=0];\n", from, to);
      continue;
    }
    const bool age = at_age.count(pair) > 0;
    if (n <= 0) {
      dot << fmt::format("s{} -> s{} [style=dotted, color=\"#9aa5b1\"{}];\n", from, to, age ? "" : ", constraint=false");
      continue;
    }
    dot << fmt::format("s{} -> s{} [label=\"{}\", penwidth={:.2f}{}];\n", from, to, people(n, sv), 0.6 + 5.0 * std::sqrt(n / largest),
                       age ? ", style=dashed" : "");
  }
  dot << "}\n";
  return dot.str();
}

}  // namespace trappsteg
