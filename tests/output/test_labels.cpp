// Display names in both languages: every name the outputs use has one, the files' own names
// win, and the headline table speaks Swedish with --lang sv and --csv-dialect excel-sv.

#include "engine/budget/budget.hpp"
#include "engine/metrics/headline.hpp"
#include "engine/metrics/names.hpp"
#include "engine/sim/compare.hpp"
#include "output/compare_writer.hpp"
#include "output/labels.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>

namespace trappsteg {

TEST_CASE("labels.every_metric_group_budget_item_and_headline_outcome_has_both_names") {
  std::vector<std::string> keys(kMetricNames.begin(), kMetricNames.end());
  keys.insert(keys.end(), kGroupNames.begin(), kGroupNames.end());
  keys.insert(keys.end(), kBudgetItemNames.begin(), kBudgetItemNames.end());
  for (const auto& name : headline_names()) keys.push_back(name);
  keys.push_back("city");
  for (const auto& key : keys) {
    CAPTURE(key);
    const std::string en = display_name(key, Language::kEnglish), sv = display_name(key, Language::kSwedish);
    CHECK(en != key);
    CHECK(sv != key);
    CHECK(sv != en);
  }
  CHECK(display_name("city", Language::kSwedish) == "Hela staden");
  CHECK(display_name("newcomers_employed_24_months_after_arrival", Language::kSwedish) == "Nyanlända i arbete 24 månader efter ankomst");
  // An unknown key is shown as it is, not hidden.
  CHECK(display_name("something_new", Language::kSwedish) == "something_new");
}

TEST_CASE("labels.names_from_the_files_come_first_and_name_the_gap_s_districts") {
  DisplayNames files;
  files.add("vastra_goteborg", "Västra Göteborg", "");
  files.add("angered", "Angered", "Angered");
  files.add("families_250", "Intensive help to 250 families", "Intensivt stöd till 250 familjer");
  CHECK(display_name("families_250", Language::kSwedish, &files) == "Intensivt stöd till 250 familjer");
  CHECK(display_name("families_250", Language::kEnglish, &files) == "Intensive help to 250 families");
  CHECK(*files.find("vastra_goteborg", Language::kSwedish) == "Västra Göteborg");  // no Swedish name: the name
  CHECK(display_name("employment_gap_20_64_vastra_goteborg_vs_angered", Language::kSwedish, &files) ==
        "Sysselsättningsskillnad 20–64, Västra Göteborg − Angered");
}

TEST_CASE("labels.the_headline_table_in_swedish") {
  // Two scenarios, one replicate each, one cell: made by hand, so the text is known exactly.
  Comparison c;
  c.names = {"baseline", "families_250"};
  c.runs.resize(2);
  c.runs[0].resize(1);
  c.runs[1].resize(1);
  c.start_year = 2016;
  HeadlineCell employment{"employment_rate_20_64", 1, {0.7531, 0.7531, 0.7531, 1}, {}};
  HeadlineCell with_difference = employment;
  with_difference.value.mean = 0.7546;
  with_difference.difference = {0.0015, 0.0015, 0.0015, 1};
  HeadlineCell months{"newcomers_median_months_to_first_job", 1, {14.5, 14.5, 14.5, 1}, {}};
  std::vector<std::vector<HeadlineCell>> table{{employment, months}, {with_difference, months}};
  DisplayNames names;
  names.add("baseline", "Baseline", "Jämförelsealternativ");
  names.add("families_250", "250 families", "250 familjer");

  std::ostringstream md;
  write_headline_markdown(md, c, table, Language::kSwedish, &names);
  const std::string text = md.str();
  CAPTURE(text);
  CHECK(text.find("# Scenarier jämförda med Jämförelsealternativ") != std::string::npos);
  CHECK(text.find("## Efter 1 år (2016)") != std::string::npos);
  CHECK(text.find("| Sysselsättningsgrad 20–64 | Nyanländas mediantid till ett första arbete (månader) |") != std::string::npos);
  CHECK(text.find("| 250 familjer | 75,5 % | 14,5 mån |") != std::string::npos);
  CHECK(text.find("| … mot Jämförelsealternativ | +0,15 p.e. |") != std::string::npos);
  CHECK(text.find("After") == std::string::npos);

  std::ostringstream csv;
  write_headline_csv(csv, c, table, &names);
  const std::string sheet = csv.str();
  CHECK(sheet.rfind("scenario,scenarionamn,år,utfall,utfallsnamn,replikat,medel,lägre,övre,skillnad,skillnad_lägre,skillnad_övre\n", 0) == 0);
  CHECK(sheet.find("families_250,250 familjer,1,employment_rate_20_64,Sysselsättningsgrad 20–64,1,") != std::string::npos);
  std::ostringstream keyed;
  write_headline_csv(keyed, c, table);
  CHECK(keyed.str().rfind("scenario,year,outcome,replicates,", 0) == 0);
}

}  // namespace trappsteg
