#include "output/graphviz.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <mutex>

namespace trappsteg {
namespace {

// Graphviz keeps global state (its error handler, the graph dictionaries): one drawing at a time.
std::mutex graphviz_mutex;
std::string graphviz_errors;

extern "C" int collect_error(char* message) {
  graphviz_errors += message;
  return 0;
}

}  // namespace

std::string render_graphviz(const std::string& dot, const std::string& format) {
  std::lock_guard lock(graphviz_mutex);
  graphviz_errors.clear();
  agseterrf(collect_error);
  agseterr(AGERR);  // warnings stay quiet; errors are collected
  GVC_t* context = gvContext();
  if (context == nullptr) throw Error("Graphviz could not start (gvContext failed)");
  std::string result, failure;
  Agraph_t* graph = agmemread(dot.c_str());
  if (graph == nullptr) {
    failure = "the graph could not be read";
  } else {
    if (gvLayout(context, graph, "dot") != 0) {
      failure = "the dot layout failed";
    } else {
      char* data = nullptr;
      unsigned int length = 0;
      if (gvRenderData(context, graph, format.c_str(), &data, &length) != 0) failure = fmt::format("rendering as {} failed", format);
      else result.assign(data, length);
      gvFreeRenderData(data);
      gvFreeLayout(context, graph);
    }
    agclose(graph);
  }
  gvFreeContext(context);
  if (!failure.empty()) {
    while (!graphviz_errors.empty() && (graphviz_errors.back() == '\n' || graphviz_errors.back() == ' ')) graphviz_errors.pop_back();
    throw Error(fmt::format("Graphviz: {}{}", failure, graphviz_errors.empty() ? "" : ": " + graphviz_errors));
  }
  return result;
}

}  // namespace trappsteg
