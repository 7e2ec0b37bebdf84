#include "output/labels.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace trappsteg {
namespace {

struct Label {
  const char* en;
  const char* sv;
};

// Every headline outcome, monthly metric, budget item and group the outputs name.
const std::map<std::string, Label, std::less<>>& labels() {
  static const std::map<std::string, Label, std::less<>> table{
      {"city", {"Whole city", "Hela staden"}},
      {"all", {"Everyone", "Alla"}},
      {"foreign_born", {"Foreign-born", "Utrikes födda"}},
      {"born_in_sweden", {"Born in Sweden", "Inrikes födda"}},
      {"newcomers", {"Newcomers", "Nyanlända"}},
      {"youth_16_24", {"Young people 16–24", "Unga 16–24"}},
      {"parents", {"Parents", "Föräldrar"}},
      {"population", {"Population", "Befolkning"}},
      {"population_20_64", {"Population 20–64", "Befolkning 20–64"}},
      {"employed_20_64", {"Employed 20–64", "Sysselsatta 20–64"}},
      {"median_equivalised_income_sek", {"Median equivalised income (SEK/month)", "Medianinkomst, ekvivalerad (kr/mån)"}},
      {"households", {"Households", "Hushåll"}},
      {"one_person_households", {"One-person households", "Enpersonshushåll"}},
      {"mean_household_size", {"Mean household size", "Genomsnittlig hushållsstorlek"}},
      {"share_in_support_households", {"Share of people in households on income support", "Andel personer i hushåll med försörjningsstöd"}},
      {"share_in_long_term_support_households",
       {"Share of people in households on long-term support", "Andel personer i hushåll med långvarigt försörjningsstöd"}},
      {"households_supported_last_12_months",
       {"Households supported in the last 12 months", "Hushåll med försörjningsstöd under de senaste 12 månaderna"}},
      {"share_in_households_supported_last_12_months",
       {"Share of people in households supported in the last 12 months",
        "Andel personer i hushåll med försörjningsstöd under de senaste 12 månaderna"}},
      {"long_term_share_of_supported_households",
       {"Long-term share of households on support", "Andel långvarigt biståndsmottagande hushåll"}},
      {"income_support_per_household_month_sek",
       {"Income support per household and month (SEK)", "Försörjningsstöd per hushåll och månad (kr)"}},
      {"children_0_17", {"Children 0–17", "Barn 0–17"}},
      {"children_in_support_households", {"Children in households on income support", "Barn i hushåll med försörjningsstöd"}},
      {"share_children_in_support_households",
       {"Share of children in households on income support", "Andel barn i hushåll med försörjningsstöd"}},
      {"children_in_long_term_support_households",
       {"Children in households on long-term support", "Barn i hushåll med långvarigt försörjningsstöd"}},
      {"share_children_in_long_term_support_households",
       {"Share of children in households on long-term support", "Andel barn i hushåll med långvarigt försörjningsstöd"}},
      {"youth_neet", {"Young people 16–24 not in work or education (people)", "Unga 16–24 som varken arbetar eller studerar (personer)"}},
      {"newcomer_first_jobs", {"Newcomers' first jobs", "Nyanländas första arbeten"}},
      {"earnings_sek", {"Earnings (SEK)", "Arbetsinkomster (kr)"}},
      {"in_policy", {"Taking part in a policy", "Deltar i en insats"}},
      {"school_leavers", {"School leavers", "Elever som lämnar gymnasiet"}},
      {"school_completion_rate", {"Upper-secondary completion rate", "Andel som fullföljer gymnasieskolan"}},
      {"employment_rate_20_64", {"Employment rate 20–64", "Sysselsättningsgrad 20–64"}},
      {"employment_rate_gap_20_64", {"Employment gap, best − worst district", "Sysselsättningsskillnad, bästa − sämsta stadsdel"}},
      {"employment_rate_20_64_foreign_born", {"Employment rate 20–64, foreign-born", "Sysselsättningsgrad 20–64, utrikes födda"}},
      {"employment_rate_20_64_born_in_sweden", {"Employment rate 20–64, born in Sweden", "Sysselsättningsgrad 20–64, inrikes födda"}},
      {"employment_rate_20_64_newcomers", {"Employment rate 20–64, newcomers", "Sysselsättningsgrad 20–64, nyanlända"}},
      {"gini", {"Gini (equivalised income)", "Gini (ekvivalerad inkomst)"}},
      {"theil", {"Theil index", "Theil-index"}},
      {"theil_between_districts", {"Theil, between districts", "Theil, mellan stadsdelar"}},
      {"theil_within_districts", {"Theil, within districts", "Theil, inom stadsdelar"}},
      {"mean_equivalised_income_sek", {"Mean equivalised income (SEK/month)", "Medelinkomst, ekvivalerad (kr/mån)"}},
      {"children_in_workless_households", {"Children in households where no adult works", "Barn i hushåll där ingen vuxen arbetar"}},
      {"share_children_in_workless_households",
       {"Share of children in households where no adult works", "Andel barn i hushåll där ingen vuxen arbetar"}},
      {"households_on_support", {"Households on income support", "Hushåll med försörjningsstöd"}},
      {"households_long_term_support", {"Households on long-term income support", "Hushåll med långvarigt försörjningsstöd"}},
      {"neet_rate_16_24", {"Young people 16–24 not in work or education", "Unga 16–24 som varken arbetar eller studerar"}},
      {"newcomers_employed_after_2_years", {"Newcomers employed 2 years after arrival", "Nyanlända i arbete 2 år efter ankomst"}},
      {"newcomers_employed_after_4_years", {"Newcomers employed 4 years after arrival", "Nyanlända i arbete 4 år efter ankomst"}},
      {"newcomers_median_months_to_first_job",
       {"Newcomers' median months to a first job", "Nyanländas mediantid till ett första arbete (månader)"}},
      {"income_support_sek", {"Income support paid (SEK)", "Utbetalt försörjningsstöd (kr)"}},
      {"income_support_sek_in_year", {"Income support paid in the year (SEK)", "Utbetalt försörjningsstöd under året (kr)"}},
      {"income_support_sek_last_12_months", {"Income support, last 12 months (SEK)", "Försörjningsstöd, senaste 12 månaderna (kr)"}},
      {"school_completion_rate_last_12_months",
       {"Upper-secondary completion, last 12 months", "Fullföljd gymnasieskola, senaste 12 månaderna"}},
      {"cumulative_net_budget_sek", {"Cumulative net budget (SEK)", "Kumulativt nettoresultat (kr)"}},
      {"programme_cost_sek", {"Programme cost (gross)", "Programkostnad (brutto)"}},
      {"programme_cost_baseline_sek", {"Programme cost of the baseline", "Jämförelsealternativets programkostnad"}},
      {"extra_programme_cost_sek", {"Extra programme cost", "Extra programkostnad"}},
      {"income_support_baseline_sek", {"Income support paid in the baseline", "Utbetalt försörjningsstöd i jämförelsealternativet"}},
      {"support_saved_sek", {"Income support saved", "Minskat försörjningsstöd"}},
      {"municipal_tax_sek", {"Municipal tax on earnings", "Kommunalskatt på arbetsinkomster"}},
      {"municipal_tax_baseline_sek", {"Municipal tax in the baseline", "Kommunalskatt i jämförelsealternativet"}},
      {"tax_gained_sek", {"Municipal tax gained", "Ökade kommunalskatteintäkter"}},
      {"net_sek", {"Net for the city", "Netto för staden"}},
      {"cumulative_net_sek", {"Cumulative net", "Kumulativt netto"}},
      {"discount_factor", {"Discount factor", "Diskonteringsfaktor"}},
      {"job_years", {"Job-years (employed 20–64)", "Arbetsår (sysselsatta 20–64)"}},
      {"job_years_baseline", {"Job-years in the baseline", "Arbetsår i jämförelsealternativet"}},
      {"extra_job_years", {"Extra job-years", "Extra arbetsår"}},
      {"cost_per_extra_job_year_sek", {"Cost per extra job-year (SEK)", "Kostnad per extra arbetsår (kr)"}},
  };
  return table;
}

}  // namespace

Language parse_language(std::string_view code) {
  if (code == "en") return Language::kEnglish;
  if (code == "sv") return Language::kSwedish;
  throw Error(fmt::format("unknown language '{}': expected sv or en", code));
}

std::string with_decimal_mark(std::string text, Language language) {
  if (language == Language::kSwedish) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

const std::string* DisplayNames::find(std::string_view key, Language language) const {
  auto it = names.find(key);
  if (it == names.end()) return nullptr;
  return language == Language::kSwedish ? &it->second.second : &it->second.first;
}

std::string display_name(std::string_view key, Language language, const DisplayNames* files) {
  const bool sv = language == Language::kSwedish;
  if (files)
    if (const std::string* name = files->find(key, language)) return *name;
  if (auto it = labels().find(key); it != labels().end()) return sv ? it->second.sv : it->second.en;
  constexpr std::string_view kGap = "employment_gap_20_64_", kVs = "_vs_";
  if (key.starts_with(kGap) && key.find(kVs) != std::string_view::npos) {
    const std::string_view pair = key.substr(kGap.size());
    const std::string higher(pair.substr(0, pair.find(kVs))), lower(pair.substr(pair.find(kVs) + kVs.size()));
    auto place = [&](const std::string& k) { return display_name(k, language, files); };
    return fmt::format(fmt::runtime(sv ? "Sysselsättningsskillnad 20–64, {} − {}" : "Employment gap 20–64, {} − {}"), place(higher), place(lower));
  }
  // newcomers_employed_<k>_months_after_arrival
  constexpr std::string_view kEmployed = "newcomers_employed_", kAfter = "_months_after_arrival";
  if (key.starts_with(kEmployed) && key.ends_with(kAfter)) {
    const std::string_view months = key.substr(kEmployed.size(), key.size() - kEmployed.size() - kAfter.size());
    int k = 0;
    if (std::from_chars(months.data(), months.data() + months.size(), k).ptr == months.data() + months.size())
      return fmt::format(fmt::runtime(sv ? "Nyanlända i arbete {} månader efter ankomst" : "Newcomers employed {} months after arrival"), k);
  }
  return std::string(key);
}

}  // namespace trappsteg
