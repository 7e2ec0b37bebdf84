#pragma once
// Drawing a DOT graph with Graphviz's C library, in this process: no shell, no temporary
// file, no dependence on a `dot` program being on PATH.

#include <string>

namespace trappsteg {

/// Lays out `dot` with the dot layout and renders it in `format` ("svg" or "png").
/// @throws Error with Graphviz's own message if the graph cannot be read, laid out or rendered.
std::string render_graphviz(const std::string& dot, const std::string& format);

}  // namespace trappsteg
