#include "output/budget_spread_writer.hpp"

#include "output/csv_dialect.hpp"
#include "output/labels.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace trappsteg {
namespace {

std::string joined(const std::vector<std::string>& fields) {
  std::string line;
  for (const auto& f : fields) (line += csv_field(f)) += ',';
  return line;
}

}  // namespace

void write_budget_spread_csv(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetSpread>& spreads) {
  out << joined(labels.header) << "year,quantity,replicates,mean,p05,p25,p50,p75,p95\n";
  for (std::size_t s = 0; s < spreads.size(); ++s) {
    const std::string lead = joined(labels.values[s]);
    for (const SpreadYear& y : spreads[s].years)
      for (const auto& [quantity, v] : {std::pair<const char*, const Spread&>{"net_sek", y.net},
                                        {"cumulative_net_sek", y.cumulative_net},
                                        {"extra_job_years", y.extra_job_years}})
        fmt::print(out, "{}{},{},{},{},{},{},{},{},{}\n", lead, y.year, quantity, v.replicates, csv_number(v.mean), csv_number(v.p05),
                   csv_number(v.p25), csv_number(v.p50), csv_number(v.p75), csv_number(v.p95));
  }
}

void write_payback_csv(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetSpread>& spreads, std::size_t inputs_drawn) {
  out << joined(labels.header)
      << "within_years,probability,probability_low,probability_high,paid,replicates,inputs_drawn,cumulative_net_mean,"
         "cumulative_net_p05,cumulative_net_p95,extra_job_years_mean,cost_per_extra_job_year_sek,cost_per_extra_job_year_p05,"
         "cost_per_extra_job_year_p95,replicates_without_extra_jobs\n";
  for (std::size_t s = 0; s < spreads.size(); ++s) {
    const std::string lead = joined(labels.values[s]);
    for (const PaybackHorizon& h : spreads[s].horizons)
      fmt::print(out, "{}{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", lead, h.years, csv_number(h.probability),
                 csv_number(h.probability_low), csv_number(h.probability_high), h.paid, h.replicates, inputs_drawn,
                 csv_number(h.cumulative_net.mean), csv_number(h.cumulative_net.p05), csv_number(h.cumulative_net.p95),
                 csv_number(h.extra_job_years.mean), csv_number(h.cost_per_extra_job_year), csv_number(h.cost_per_extra_job_year_p05),
                 csv_number(h.cost_per_extra_job_year_p95), h.replicates_without_extra_jobs);
  }
}

void write_payback_markdown(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetSpread>& spreads, std::size_t inputs_drawn,
                            Language l) {
  const bool sv = l == Language::kSwedish;
  std::vector<int> horizons;
  for (const BudgetSpread& s : spreads)
    for (const PaybackHorizon& h : s.horizons)
      if (std::find(horizons.begin(), horizons.end(), h.years) == horizons.end()) horizons.push_back(h.years);
  if (horizons.empty()) return;
  std::sort(horizons.begin(), horizons.end());
  out << (sv ? "\n## Betalar det sig?\n\n" : "\n## Does it pay back?\n\n");
  if (sv)
    out << (inputs_drawn > 0
                ? fmt::format("Andel av replikaten vars kumulativa netto är minst 0, där varje replikat drar {} osäkra antaganden; "
                              "inom hakparentes andelens 95 % konfidensintervall för antalet replikat.\n\n",
                              inputs_drawn)
                : std::string("Andel av replikaten vars kumulativa netto är minst 0; inom hakparentes andelens 95 % konfidensintervall för "
                              "antalet replikat. Antagandena hålls fasta: detta är enbart simuleringsbrus (compare --uncertainty drar dem).\n\n"));
  else
    out << (inputs_drawn > 0
                ? fmt::format("Share of the replicates whose cumulative net is at least 0, each replicate with its own draw of {} uncertain "
                              "assumption(s); in brackets, the 95 % interval of that share for the number of replicates.\n\n",
                              inputs_drawn)
                : std::string("Share of the replicates whose cumulative net is at least 0; in brackets, the 95 % interval of that share for "
                              "the number of replicates. The assumptions are held fixed: this is simulation noise only (compare "
                              "--uncertainty draws them).\n\n"));
  out << "| " << labels.header.front();
  for (int h : horizons) out << fmt::format(fmt::runtime(sv ? " | inom {} år" : " | within {} years"), h);
  out << fmt::format(fmt::runtime(sv ? " | kostnad per extra arbetsår, {} år |\n|---" : " | cost per extra job-year, {} years |\n|---"),
                     horizons.back());
  for (std::size_t i = 0; i <= horizons.size(); ++i) out << "|---";
  out << "|\n";
  for (std::size_t s = 0; s < spreads.size(); ++s) {
    out << "| " << labels.values[s].front();
    const PaybackHorizon* longest = nullptr;
    for (int years : horizons) {
      const auto h = std::find_if(spreads[s].horizons.begin(), spreads[s].horizons.end(), [&](const PaybackHorizon& x) { return x.years == years; });
      if (h == spreads[s].horizons.end()) {
        out << " | –";
        continue;
      }
      out << fmt::format(" | {:.0f} % [{:.0f} – {:.0f} %]", 100 * h->probability, 100 * h->probability_low, 100 * h->probability_high);
      longest = &*h;
    }
    if (longest && std::isfinite(longest->cost_per_extra_job_year))
      out << fmt::format(fmt::runtime(sv ? " | {:.0f} kr [{:.0f} – {:.0f}]" : " | {:.0f} SEK [{:.0f} – {:.0f}]"), longest->cost_per_extra_job_year,
                         longest->cost_per_extra_job_year_p05, longest->cost_per_extra_job_year_p95);
    else
      out << (sv ? " | inga extra arbetsår" : " | no extra job-years");
    out << " |\n";
  }
  // Said in words where no replicate pays back: a budget paper quotes the sentence, not a 0 %.
  std::string none;
  for (std::size_t s = 0; s < spreads.size(); ++s)
    if (!spreads[s].horizons.empty() && spreads[s].horizons.back().paid == 0) {
      const PaybackHorizon& h = spreads[s].horizons.back();
      none += sv ? fmt::format("\n- {}: ingen återbetalning inom {} år (i inget av de {} replikaten når det kumulativa nettot 0).",
                               labels.values[s].front(), h.years, h.replicates)
                 : fmt::format("\n- {}: no payback within {} years (in none of the {} replicates does the cumulative net reach 0).",
                               labels.values[s].front(), h.years, h.replicates);
    }
  if (!none.empty()) out << none << "\n";
}

namespace {

const char* row_name(BudgetTableRow::Kind kind) {
  switch (kind) {
    case BudgetTableRow::Kind::kYear: return "year";
    case BudgetTableRow::Kind::kTotal: return "total";
    case BudgetTableRow::Kind::kDiscountedTotal: return "discounted_total";
  }
  return "";
}

/// The table's quantities in column order, with their names in budget_table.csv.
constexpr std::pair<const char*, Interval95 BudgetTableRow::*> kTableQuantities[] = {
    {"extra_programme_cost_sek", &BudgetTableRow::extra_programme_cost},
    {"support_saved_sek", &BudgetTableRow::support_saved},
    {"tax_gained_sek", &BudgetTableRow::tax_gained},
    {"net_sek", &BudgetTableRow::net},
    {"cumulative_net_sek", &BudgetTableRow::cumulative_net},
    {"extra_job_years", &BudgetTableRow::extra_job_years},
};

// In Swedish the interval's bounds are joined by a dash: a comma is the decimal mark there.
std::string interval_text(const std::string& mean, const std::string& low, const std::string& high, Language l) {
  return fmt::format(fmt::runtime(l == Language::kSwedish ? "{} [{} – {}]" : "{} [{}, {}]"), mean, low, high);
}

std::string msek(const Interval95& v, Language l) {
  if (!std::isfinite(v.mean)) return "–";
  auto one = [&](double x) { return with_decimal_mark(fmt::format("{:.1f}", x / 1e6), l); };
  if (v.n < 2 || v.low == v.high) return one(v.mean);
  return interval_text(one(v.mean), one(v.low), one(v.high), l);
}

std::string whole(const Interval95& v, Language l) {
  if (!std::isfinite(v.mean)) return "–";
  auto one = [](double x) { return fmt::format("{:.0f}", x); };
  if (v.n < 2 || v.low == v.high) return one(v.mean);
  return interval_text(one(v.mean), one(v.low), one(v.high), l);
}

/// SEK rounded to the thousand, as a budget paper prints a cost per job-year: "516 000 [332 000, 700 000]".
std::string thousands(const Interval95& v, Language l) {
  auto round = [](double x) {
    const long long k = std::llround(x / 1000);
    if (k == 0) return std::string("0");
    std::string digits = std::to_string(std::llabs(k)), grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ' ';
      grouped += digits[i];
    }
    return fmt::format("{}{} 000", k < 0 ? "−" : "", grouped);
  };
  if (!std::isfinite(v.mean)) return "–";
  if (v.n < 2 || v.low == v.high) return round(v.mean);
  return interval_text(round(v.mean), round(v.low), round(v.high), l);
}

}  // namespace

void write_budget_table_csv(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetTable>& tables) {
  out << joined(labels.header) << "row,year,years";
  for (const auto& [name, field] : kTableQuantities) out << fmt::format(",{0},{0}_low,{0}_high", name);
  out << ",cost_per_extra_job_year_sek,cost_per_extra_job_year_sek_low,cost_per_extra_job_year_sek_high,pays_back_share,"
         "median_payback_year,replicates\n";
  for (std::size_t s = 0; s < tables.size(); ++s) {
    const std::string lead = joined(labels.values[s]);
    for (const BudgetTableRow& row : tables[s].rows) {
      out << lead << row_name(row.kind) << ',' << row.year << ',' << row.years;
      for (const auto& [name, field] : kTableQuantities) {
        const Interval95& v = row.*field;
        out << ',' << csv_number(v.mean) << ',' << csv_number(v.low) << ',' << csv_number(v.high);
      }
      if (row.kind == BudgetTableRow::Kind::kYear) {
        out << ",,,,,";
      } else {
        const Interval95& c = row.cost_per_extra_job_year;
        out << ',' << csv_number(c.mean) << ',' << csv_number(c.low) << ',' << csv_number(c.high) << ','
            << csv_number(row.pays_back_share) << ','
            << (tables[s].median_payback_year ? std::to_string(*tables[s].median_payback_year) : std::string());
      }
      out << ',' << tables[s].replicates << '\n';
    }
  }
}

void write_budget_table_markdown(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetTable>& tables, Language l) {
  const bool sv = l == Language::kSwedish;
  for (std::size_t s = 0; s < tables.size(); ++s) {
    const BudgetTable& table = tables[s];
    if (table.rows.empty()) continue;
    out << fmt::format("\n## {}: {}\n\n", in_language(l, "Budget", "Budget"), labels.values[s].front());
    if (sv)
      out << fmt::format("Miljoner kronor (mnkr) mot jämförelsealternativet, medelvärde över {} replikat{}. Summor och diskonterade "
                         "summor över de första åren som anges; kostnaden per extra arbetsår i kronor.\n\n",
                         table.replicates, table.replicates >= 2 ? " med medelvärdets 95 % konfidensintervall" : " (inget intervall från ett replikat)");
    else
      out << fmt::format("MSEK against the baseline, mean over {} replicate(s){}. Totals and discounted totals over the first years "
                         "named; the cost per extra job-year in SEK.\n\n",
                         table.replicates, table.replicates >= 2 ? " with the 95 % interval of the mean" : " (no interval from one replicate)");
    out << (sv ? "| år | extra programkostnad | minskat försörjningsstöd | ökade skatteintäkter | netto | kumulativt netto | extra arbetsår | "
                 "kostnad per extra arbetsår |\n"
               : "| year | extra programme cost | support saved | tax gained | net | cumulative net | extra job-years | cost per extra job-year |\n")
        << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const BudgetTableRow& row : table.rows) {
      std::string when = row.kind == BudgetTableRow::Kind::kYear ? std::to_string(row.year)
                         : row.kind == BudgetTableRow::Kind::kTotal
                             ? fmt::format(fmt::runtime(sv ? "{} år" : "{} years"), row.years)
                             : fmt::format(fmt::runtime(sv ? "{} år, diskonterat" : "{} years, discounted"), row.years);
      out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", when, msek(row.extra_programme_cost, l), msek(row.support_saved, l),
                         msek(row.tax_gained, l), msek(row.net, l), msek(row.cumulative_net, l), whole(row.extra_job_years, l),
                         row.kind == BudgetTableRow::Kind::kYear ? std::string() : thousands(row.cost_per_extra_job_year, l));
    }
    const int last = table.rows.empty() ? 0 : table.rows.back().years;
    const double share = 100 * table.pays_back_share;
    if (table.median_payback_year)
      out << (sv ? fmt::format("\nÅterbetalningsår (median över replikaten): {}; {:.0f} % av replikaten betalar tillbaka inom körningen.\n",
                               *table.median_payback_year, share)
                 : fmt::format("\nPayback year (median over the replicates): {}; {:.0f} % of the replicates pay back within the run.\n",
                               *table.median_payback_year, share));
    else
      out << (sv ? fmt::format("\nIngen återbetalning inom {} år i de flesta replikaten ({:.0f} % betalar tillbaka inom körningen).\n", last, share)
                 : fmt::format("\nNo payback within {} years in most replicates ({:.0f} % pay back within the run).\n", last, share));
  }
}

}  // namespace trappsteg
