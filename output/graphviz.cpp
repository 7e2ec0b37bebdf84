#include "output/graphviz.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <mutex>

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

}  // namespace trappsteg
