#include "engine/scenario/targets.hpp"

#include "engine/scenario/detail/read_helpers.hpp"
#include "engine/scenario/model.hpp"
#include "engine/scenario/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace trappsteg {

TargetsSpec load_targets(const std::filesystem::path& file, const Model& model, int start_year) {
  DiagnosticSink sink;
  auto root_node = load_yaml_file(file, sink);
  sink.throw_if_any();
  MapReader root(*root_node, file, "", sink);
  TargetsSpec spec;
  spec.file = file;
  for (MapReader& reader : root.maps("targets")) {
    Target t;
    t.where = reader.location_of("");
    t.name = reader.required_string("name");
    t.outcome = detail::read_outcome(reader, model, start_year);
    t.value = reader.required_number("value");
    t.tolerance = reader.required_number("tolerance", {0, 1e300, "a tolerance cannot be negative"});
    t.year = static_cast<int>(reader.integer("year", t.year, 1900, 2200));
    t.source = reader.required_string("source");
    t.sureness = reader.required_string("sureness");
    if (!t.sureness.empty() && t.sureness != "E" && t.sureness != "D" && t.sureness != "A" && t.sureness != "I")
      reader.error("sureness", fmt::format("'{}': use E (the value as printed), D (derived from printed values), "
                                           "A (the source rounds) or I (illustrative)", t.sureness));
    const std::string use = reader.string("use", "check");
    if (use == "fit") t.use = Target::Use::kFit;
    else if (use != "check") reader.error("use", fmt::format("'{}': use fit (calibration fits it) or check (only compared)", use));
    reader.finish();
    for (const auto& other : spec.targets)
      if (other.name == t.name && !t.name.empty()) reader.error("name", fmt::format("target '{}' is defined twice", t.name));
    spec.targets.push_back(std::move(t));
  }
  root.finish();
  sink.throw_if_any();
  return spec;
}

}  // namespace trappsteg
