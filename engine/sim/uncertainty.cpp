#include "engine/sim/uncertainty.hpp"

#include "engine/core/random.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace trappsteg {

std::vector<std::vector<double>> draw_uncertain_values(const std::vector<UncertainInput>& inputs, std::uint64_t seed, int replicates) {
  std::vector<std::vector<double>> values(static_cast<std::size_t>(std::max(replicates, 0)));
  for (int r = 0; r < replicates; ++r) {
    const RandomStream random(RandomKey{seed, static_cast<std::uint32_t>(r)});
    for (std::size_t i = 0; i < inputs.size(); ++i)
      values[static_cast<std::size_t>(r)].push_back(
          inputs[i].distribution.quantile(random.uniform(static_cast<std::uint32_t>(i), kFixedDrawMonth, Draw::kUncertainty)));
  }
  return values;
}

std::vector<Override> uncertainty_overrides(const std::vector<UncertainInput>& inputs, const std::vector<double>& values,
                                            const Model& model) {
  std::vector<Override> overrides;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string target = override_target(inputs[i].path).first;
    if (target.rfind("policy.", 0) == 0) {
      const std::string key = target.substr(7);
      const bool runs = std::any_of(model.policies.begin(), model.policies.end(), [&](const PolicySpec& p) { return p.key == key; });
      if (!runs) continue;
    }
    overrides.push_back({inputs[i].path, fmt::format("{}", values[i])});
  }
  return overrides;
}

}  // namespace trappsteg
