// Fitted values written back into a model file: the number replaced at its place (four
// significant digits), every comment kept and aligned, an earlier calibration's note replaced.

#include "output/calibration_writer.hpp"

#include <doctest/doctest.h>

namespace trappsteg {

TEST_CASE("calibration_writer.fitted_values_replace_the_numbers_and_keep_the_comments") {
  const std::string text =
      "# header kept\n"
      "take_up:\n"
      "  max: 0.9        # calibrated by old.yaml on 2026-01-01; the reasoning\n"
      "  half_at_sek: 600\n"
      "  share: 0.7551   # a source\n"
      "transitions:\n"
      "  - {from: a, to: b, base: 0.0045, uses: [age]}  # a note\n";
  const std::string written = with_fitted_values(
      text, {{"take_up.max", 0.41775}, {"take_up.half_at_sek", 645.96}, {"take_up.share", 0.8}, {"transitions[from=a,to=b].base", 0.0036775}},
      "calibrated by new.yaml on 2026-12-02");
  CHECK(written ==
        "# header kept\n"
        "take_up:\n"
        "  max: 0.4178     # calibrated by new.yaml on 2026-12-02; the reasoning\n"
        "  half_at_sek: 646  # calibrated by new.yaml on 2026-12-02\n"
        "  share: 0.8      # calibrated by new.yaml on 2026-12-02; a source\n"
        "transitions:\n"
        "  - {from: a, to: b, base: 0.003678, uses: [age]}  # calibrated by new.yaml on 2026-12-02; a note\n");
}

TEST_CASE("calibration_writer.a_value_without_a_place_is_an_error") {
  CHECK_THROWS_WITH(with_fitted_values("a: {b: 1}\n", {{"a.c", 2.0}}, "note"), doctest::Contains("a.c"));
}

}  // namespace trappsteg
