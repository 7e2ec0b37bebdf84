#include "engine/scenario/schema.hpp"

#include "engine/scenario/overrides.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace trappsteg {
namespace {

// Written from the loaders (scenario.cpp: load_scenario, read_districts, read_staircase,
// read_economy, read_demography, detail::read_transition; policy_loader.cpp: load_policy and
// its read_* helpers). A key is "required" when the loader reports it missing; "required (in
// X)" when it is required only once its parent mapping X is given. <stage>, <district> and
// <sector> stand for keys the file chooses itself.
constexpr SchemaEntry kSchema[] = {
    // ---- scenario: scenarios/*.yaml ----
    {"scenario", "name", "text", "", "1-64 of letters, digits, _ - . (starting with a letter or digit)",
     "the file name without .yaml (other characters as _)",
     "Name of the scenario: the default results folder results/<name>/ and the scenario column of the outputs."},
    {"scenario", "title", "text", "", "any text", "the name", "Display name of the scenario in reports and headline tables."},
    {"scenario", "title_sv", "text", "", "any text", "the title", "Swedish display name (--lang sv, --csv-dialect excel-sv)."},
    {"scenario", "description", "text", "", "any text", "empty", "One-line description of what the scenario adds."},
    {"scenario", "extends", "path", "", "an existing, valid scenario file; at most 8 levels deep", "none",
     "Scenario this one builds on: mappings merge key by key, lists and values given here replace the parent's."},
    {"scenario", "model", "mapping", "", "keys: districts, staircase, economy, demography, benefits", "required (unless extends gives it)",
     "The four model files the scenario runs on."},
    {"scenario", "model.districts", "path", "", "an existing districts file", "required (unless extends gives it)",
     "Districts file, relative to the scenario file (e.g. ../models/goteborg/districts.yaml)."},
    {"scenario", "model.staircase", "path", "", "an existing staircase file", "required (unless extends gives it)",
     "Staircase file (stages and transitions), relative to the scenario file."},
    {"scenario", "model.economy", "path", "", "an existing economy file", "required (unless extends gives it)",
     "Economy file (taxes, wages, income-support norm), relative to the scenario file."},
    {"scenario", "model.benefits", "path", "", "an existing benefits file", "required (unless extends gives it)",
     "Benefits file (the person benefits, child and housing allowance, income support), relative to the scenario file."},
    {"scenario", "model.demography", "path", "", "an existing demography file", "required (unless extends gives it)",
     "Demography file (deaths, births, moves, newcomers), relative to the scenario file."},
    {"scenario", "start_year", "integer", "calendar year", "[1900, 2200]", "2016",
     "Calendar year whose January is month 1 of the run; policy dates (YYYY-MM) may not lie before it."},
    {"scenario", "years", "integer", "years", "[1, 50]; not together with months", "10",
     "Horizon of the run in years."},
    {"scenario", "months", "integer", "months", "[1, 600]; not together with years", "120 (years x 12)",
     "Horizon of the run in months, instead of years."},
    {"scenario", "policy_interactions", "mapping", "", "keys: exclusive, lottery_excludes", "defaults below",
     "How the scenario's policies share people. A person may take part in up to 4 policies at once; effects of two "
     "policies on one transition multiply, after-effects too; pay from two policies adds up."},
    {"scenario", "policy_interactions.exclusive", "boolean", "", "true or false", "false",
     "One policy at a time: a participant is no candidate for another, and the policies earlier in 'policies:' pick first. "
     "Off, each policy fills its places from every eligible person, whatever else runs."},
    {"scenario", "policy_interactions.lottery_excludes", "boolean", "", "true or false", "false",
     "A lottery's winners and losers take no other policy for the rest of the run. Off, the comparison group keeps the "
     "ordinary services (as in the real trials); either way a person enters one lottery at most."},
    {"scenario", "warm_up_months", "integer", "months", "[0, 600]", "0",
     "Months simulated before month 1 and not written to any output, so that month 1 starts in the model's own "
     "balance: the staircase, Swedish, incomes and support histories run; ages, households, districts and the "
     "population stay as synthesised; nobody dies, moves, is born or arrives, and no policy runs. People who "
     "arrived in Sweden or left school within the warm-up enter the staircase at that month."},
    {"scenario", "scale", "number", "share", "[1e-06, 1]", "1",
     "Share of the real population simulated; counts and policy places are scaled with it, outputs scaled back up."},
    {"scenario", "seed", "integer", "", "[0, 9223372036854775807]", "2016",
     "Seed of the counter-based random numbers; the same seed gives the same draws for the same person and month."},
    {"scenario", "replicates", "integer", "runs", "[1, 100000]", "1",
     "Number of replicates: runs of the same scenario with independent random draws."},
    {"scenario", "demography", "mapping", "", "keys: ageing, births, mortality, retirement, age_moves, arrivals, moving_away, language, partnerships, moves_within_city, moving_in",
     "every process on", "Switches for the demographic processes; switch them off to compare with analytic results."},
    {"scenario", "demography.ageing", "boolean", "", "true or false", "true", "People grow one month older every month."},
    {"scenario", "demography.births", "boolean", "", "true or false", "true", "Children are born (demography fertility_per_year)."},
    {"scenario", "demography.mortality", "boolean", "", "true or false", "true", "People die (demography mortality_per_year)."},
    {"scenario", "demography.retirement", "boolean", "", "true or false", "true", "People retire (demography retirement_per_year)."},
    {"scenario", "demography.age_moves", "boolean", "", "true or false", "true",
     "Moves forced at an age (staircase stages.<stage>.at_age): school start and school leaving."},
    {"scenario", "demography.arrivals", "boolean", "", "true or false", "true",
     "Newcomers arrive in the districts (districts newcomers_per_year)."},
    {"scenario", "demography.moving_away", "boolean", "", "true or false", "true",
     "Households move away from the city, to the rest of Sweden or abroad (demography moving_away_per_year)."},
    {"scenario", "demography.partnerships", "boolean", "", "true or false", "true",
     "Couples form and separate (demography partnership)."},
    {"scenario", "demography.moves_within_city", "boolean", "", "true or false", "true",
     "Households move house within the city (demography moves_within_city, districts moves_to)."},
    {"scenario", "demography.moving_in", "boolean", "", "true or false", "true",
     "Households move in from the rest of Sweden (demography moving_in, districts in_movers_per_year)."},
    {"scenario", "demography.language", "boolean", "", "true or false", "true",
     "People learn Swedish (staircase stages.<stage>.language_hazard)."},
    {"scenario", "policies", "list of paths", "", "existing policy files with distinct keys; at most 31", "none",
     "Policy files in force, relative to the scenario file."},
    {"scenario", "policies+", "list of paths", "", "with extends only", "none",
     "Policy files appended to the policies of the extended scenario (any list key ending in + appends likewise)."},
    {"scenario", "baseline", "path", "", "an existing scenario file", "none (no comparison)",
     "Scenario to compare with under the same seed, replicates, scale and horizon: differences and the budget."},
    {"scenario", "targets", "path", "", "an existing targets file", "none (no comparison with published figures)",
     "Published figures the run is compared with (targets.csv, the report) and calibration fits, relative to the scenario file."},
    {"scenario", "budget", "mapping", "", "keys: discount_rate", "defaults below", "Settings of the budget against the baseline."},
    {"scenario", "budget.discount_rate", "number", "per year", "[0, 1]", "0.035",
     "Discount rate of the discounted budget totals: year y after the start weighs (1 + rate)^-y."},
    {"scenario", "districts_only", "list of texts", "", "at least one district key of the districts file", "all districts",
     "Simulate only these districts."},
    {"scenario", "gap_between", "list of texts", "", "two different district keys of the districts file", "none",
     "Two districts whose employment gap (20-64, in percentage points) the headline tables follow beside best-minus-worst, "
     "as employment_gap_20_64_<higher>_vs_<lower>, the district with the higher employment rate in the districts file first; "
     "--gap a,b on run and compare sets it too."},
    {"scenario", "microdata", "mapping", "", "keys: frequency, sample", "off (no person-level output)",
     "Person-level output: a panel row per kept person at the months kept (results.sqlite tables panel and events; "
     "run/compare --microdata sets it too). Identical for any thread count; the same people in every scenario of a compare."},
    {"scenario", "microdata.frequency", "text", "", "yearly, monthly or off", "yearly",
     "yearly: the start (month 0) and every 12th month; monthly: every month. Events (stage changes, policies, births, "
     "partnerships, moves, arrivals, departures, deaths) are kept for every month either way."},
    {"scenario", "microdata.sample", "number", "share", "(0, 1]", "1",
     "Share of the people kept, drawn once per person from the seed and replicate (the same people in every scenario)."},
    {"scenario", "outputs", "mapping", "", "keys: frequency, monthly_up_to_years", "auto",
     "Which months the monthly outputs keep: outcomes.csv, stages.csv, compare.csv and results.sqlite's monthly values. "
     "The engine simulates and measures every month either way; headlines, summaries, budgets and targets are the same."},
    {"scenario", "outputs.frequency", "text", "", "auto, monthly or yearly", "auto",
     "monthly: every month; yearly: month 1, the end of every year and the last month (each the value of that month: a "
     "flow between steps is that month's moves); auto: monthly for runs up to monthly_up_to_years, yearly for longer ones "
     "(a 20-year compare's outputs are 12 times smaller)."},
    {"scenario", "outputs.monthly_up_to_years", "integer", "years", "[0, 50]", "10",
     "The longest run whose outputs auto keeps monthly."},

    // ---- districts: models/<city>/districts.yaml ----
    {"districts", "year", "integer", "calendar year", "[1900, 2200]", "2016",
     "Year the marginals describe (documentation; the run starts in the scenario's start_year)."},
    {"districts", "age_bands", "list of numbers", "years", "each >= 0, increasing, the first 0", "required",
     "Lower edges of the age bands that age_shares refer to; the last band runs to 100."},
    {"districts", "districts", "list of mappings", "", "1 to 250 districts with distinct keys", "required",
     "The districts, one mapping each."},
    {"districts", "districts[].key", "text", "", "snake_case id, distinct", "required",
     "Id of the district in outputs, policies (eligible.districts, capacity.districts) and districts_only."},
    {"districts", "districts[].name", "text", "", "any text", "the key", "Name of the district shown in outputs."},
    {"districts", "districts[].population", "number", "people", "> 0", "required", "Population at the start."},
    {"districts", "districts[].age_shares", "list of numbers", "share", "each [0, 1], one per age band, sum 1", "required",
     "Share of the population in each age band (age_bands)."},
    {"districts", "districts[].foreign_born_share", "number", "share", "[0, 1]", "required", "Share of residents born abroad."},
    {"districts", "districts[].newcomers_per_year", "number", "people/year", ">= 0", "0",
     "Newcomers (refugees, family reunification) settling in the district each year."},
    {"districts", "districts[].household_shares", "mapping", "share",
     "keys: single_no_children, couple_no_children, single_with_children, couple_with_children; sum 1", "required",
     "Households by type."},
    {"districts", "districts[].household_shares.single_no_children", "number", "share", "[0, 1]", "required",
     "Share of households with one adult and no children."},
    {"districts", "districts[].household_shares.couple_no_children", "number", "share", "[0, 1]", "required",
     "Share of households with two adults and no children."},
    {"districts", "districts[].household_shares.single_with_children", "number", "share", "[0, 1]", "required",
     "Share of households with one adult and children."},
    {"districts", "districts[].household_shares.couple_with_children", "number", "share", "[0, 1]", "required",
     "Share of households with two adults and children."},
    {"districts", "districts[].education_25_64", "mapping", "share", "keys: primary, upper_secondary, tertiary; sum 1",
     "required", "Highest completed education among residents 25-64."},
    {"districts", "districts[].education_25_64.primary", "number", "share", "[0, 1]", "required",
     "Share with at most compulsory school."},
    {"districts", "districts[].education_25_64.upper_secondary", "number", "share", "[0, 1]", "required",
     "Share with upper-secondary school as the highest."},
    {"districts", "districts[].education_25_64.tertiary", "number", "share", "[0, 1]", "required",
     "Share with post-secondary education."},
    {"districts", "districts[].employment_rate_20_64", "number", "share", "[0, 1]", "required",
     "Share of residents 20-64 employed at the start (calibration target of labour_demand)."},
    {"districts", "districts[].mean_income_sek", "number", "SEK/year", "> 0", "required",
     "Mean income; relative to the city mean it shifts the district's wages (economy wage.district_income_elasticity)."},
    {"districts", "districts[].labour_demand", "number", "index (city = 1)", "> 0", "1",
     "Labour-demand index: hazards x labour_demand^demand_elasticity; refitted by trappsteg calibrate."},
    {"districts", "districts[].position_km", "list of 2 numbers", "km", "exactly two numbers [x, y]", "[0, 0]",
     "Schematic centre of the district, for travel distances when placements are matched."},
    {"districts", "districts[].moves_to", "mapping", "share", "district keys of this file: share; sum 1; for every district or none",
     "none (no moves within the city)",
     "Where households that move house from this district go, this district included: one row of the gross district-to-district matrix."},
    {"districts", "districts[].moves_to.<district>", "number", "share", "[0, 1]", "0 (not a destination)",
     "Share of the moves from this district that go to that district."},
    {"districts", "districts[].family_move_weight", "number", "weight", "> 0", "1",
     "Weight of this district as a destination for households with children (the row of moves_to is multiplied and renormalised)."},
    {"districts", "districts[].newcomer_moves_share", "number", "share", "[0, 1]; over all districts sum 1 or all 0", "0",
     "Share of newcomers' secondary moves (demography moves_within_city.newcomers) that go to this district."},
    {"districts", "districts[].in_movers_per_year", "number", "people/year", ">= 0", "0",
     "People moving in from the rest of Sweden each year (gross), as households drawn by demography moving_in."},

    // ---- staircase: models/<city>/staircase.yaml ----
    {"staircase", "stages", "mapping", "", "at least one employment stage; every non-exit stage must reach a job", "required",
     "The steps of the staircase, keyed by stage key."},
    {"staircase", "stages.<stage>", "mapping", "", "key: a distinct stage key", "none",
     "One step; its key names it in transitions, entry, exits, initial, outputs and policies."},
    {"staircase", "stages.<stage>.name", "text", "", "any text", "the stage key", "Name of the stage shown in outputs and the graph."},
    {"staircase", "stages.<stage>.name_sv", "text", "", "any text", "the name", "Swedish name of the stage (--lang sv)."},
    {"staircase", "stages.<stage>.activity", "text", "", "one of: none, employment, education, training", "none",
     "What the stage counts as: employment for employment rates, none for NEET."},
    {"staircase", "stages.<stage>.exit", "boolean", "", "true or false; true for the stages named under exits", "false",
     "People here have left the staircase (retired, moved away or died)."},
    {"staircase", "stages.<stage>.wage_factor", "number", "share of full-time wage", "[0, 1.5]", "0",
     "Share of the person's full-time wage earned while here."},
    {"staircase", "stages.<stage>.language_hazard", "number", "per month", "[0, 1]", "0",
     "Hazard of moving up one Swedish level (0 to 3) while here."},
    {"staircase", "stages.<stage>.initial_months_max", "integer", "months", "[0, 600]", "24",
     "People placed here at the start have been here between 0 and this many months."},
    {"staircase", "stages.<stage>.at_age", "mapping", "", "keys: age, to", "none",
     "Everyone here moves to another stage at an age (school start, school leaving)."},
    {"staircase", "stages.<stage>.at_age.age", "number", "years", "[0, 120]", "required (in at_age)", "Age of the move."},
    {"staircase", "stages.<stage>.at_age.to", "text", "", "a stage key", "required (in at_age)", "Stage moved to."},
    {"staircase", "transitions", "list of mappings", "", "steps between stages; at most 24 leave one stage", "required",
     "The steps people take, each with its monthly hazard and modifiers."},
    {"staircase", "transitions[].from", "text", "", "a stage key; not an exit stage other than exits.retired", "required",
     "Stage the step leaves."},
    {"staircase", "transitions[].to", "text", "", "a stage key other than from", "required", "Stage the step leads to."},
    {"staircase", "transitions[].base", "number", "per month", "[0, 5]", "required",
     "Base hazard before modifiers; a stage is left with probability 1 - exp(-sum of hazards) a month."},
    {"staircase", "transitions[].uses", "list of texts", "", "subset of: age, education, swedish, arrival", "none",
     "Modifier tables (modifiers.*) that multiply the base hazard."},
    {"staircase", "transitions[].demand_elasticity", "number", "elasticity", "[-10, 10]", "0",
     "Hazard x district labour_demand^e."},
    {"staircase", "transitions[].cycle_elasticity", "number", "elasticity", "[-10, 10]", "0",
     "Hazard x business-cycle index^e (economy business_cycle)."},
    {"staircase", "transitions[].duration", "mapping", "", "keys: decay_per_year, floor", "none (no duration dependence)",
     "Duration dependence: hazard x max(floor, exp(-decay_per_year x years in the stage))."},
    {"staircase", "transitions[].duration.decay_per_year", "number", "per year", ">= 0", "0",
     "How fast the hazard falls with time in the stage."},
    {"staircase", "transitions[].duration.floor", "number", "share", "[0, 1]", "0", "Lowest multiplier duration dependence reaches."},
    {"staircase", "transitions[].requires", "mapping", "", "keys: origin, swedish_below, swedish_at_least, min_age, max_age",
     "none (everyone)", "Who may take the step at all."},
    {"staircase", "transitions[].requires.origin", "text", "", "one of: any, born_in_sweden, foreign_born", "any",
     "Only people of this origin."},
    {"staircase", "transitions[].requires.swedish_below", "integer", "Swedish level", "[1, 4]", "4",
     "Only people whose Swedish level is below this."},
    {"staircase", "transitions[].requires.swedish_at_least", "integer", "Swedish level", "[0, 3]", "0",
     "Only people whose Swedish level is at least this."},
    {"staircase", "transitions[].requires.min_age", "number", "years", "[0, 120]", "0", "Only people at least this old."},
    {"staircase", "transitions[].requires.max_age", "number", "years", "[0, 200]", "200", "Only people younger than this."},
    {"staircase", "transitions[].source", "text", "", "any text", "empty", "Where the number comes from (not used by the model)."},
    {"staircase", "modifiers", "mapping", "", "keys: age, education, swedish, arrival", "every multiplier 1",
     "Multiplier tables that transitions opt into with uses."},
    {"staircase", "modifiers.age", "mapping", "", "keys: bands, multipliers", "none (x 1)", "Hazard multiplier by age."},
    {"staircase", "modifiers.age.bands", "list of numbers", "years", "increasing", "required (in modifiers.age)",
     "Lower edges of the age bands."},
    {"staircase", "modifiers.age.multipliers", "list of numbers", "multiplier", "each >= 0, one per band",
     "required (in modifiers.age)", "Multiplier in each age band."},
    {"staircase", "modifiers.education", "mapping", "", "keys: primary, upper_secondary, tertiary", "each 1",
     "Hazard multiplier by highest completed education."},
    {"staircase", "modifiers.education.primary", "number", "multiplier", ">= 0", "required (in modifiers.education)",
     "Multiplier for people with at most compulsory school."},
    {"staircase", "modifiers.education.upper_secondary", "number", "multiplier", ">= 0", "required (in modifiers.education)",
     "Multiplier for people with upper-secondary school."},
    {"staircase", "modifiers.education.tertiary", "number", "multiplier", ">= 0", "required (in modifiers.education)",
     "Multiplier for people with post-secondary education."},
    {"staircase", "modifiers.swedish", "list of numbers", "multiplier", "four numbers, each >= 0", "[1, 1, 1, 1]",
     "Multiplier by Swedish level: 0 none, 1 basic SFI, 2 SFI completed, 3 fluent."},
    {"staircase", "modifiers.arrival", "mapping", "", "keys: bands, multipliers", "none (x 1)",
     "Hazard multiplier by months since arrival in Sweden (foreign-born only)."},
    {"staircase", "modifiers.arrival.bands", "list of numbers", "months", "increasing", "required (in modifiers.arrival)",
     "Lower edges of the bands of months since arrival."},
    {"staircase", "modifiers.arrival.multipliers", "list of numbers", "multiplier", "each >= 0, one per band",
     "required (in modifiers.arrival)", "Multiplier in each band."},
    {"staircase", "entry", "mapping", "", "keys: child, school, newcomer_adult, job_seeker", "required",
     "Stages where people enter the staircase."},
    {"staircase", "entry.child", "text", "", "a stage key", "required",
     "Where children stand until school age (its at_age gives the school-start age)."},
    {"staircase", "entry.school", "text", "", "a stage key", "required",
     "Upper-secondary school (its at_age gives the school-leaving age)."},
    {"staircase", "entry.newcomer_adult", "text", "", "a stage key", "required", "Where adult newcomers start."},
    {"staircase", "entry.job_seeker", "text", "", "a stage key", "required",
     "Where young people past school age and under 20 stand at the start."},
    {"staircase", "exits", "mapping", "", "keys: retired, moved_away, deceased", "required",
     "Exit stages that demography moves people to."},
    {"staircase", "exits.retired", "text", "", "a stage key with exit: true", "required", "Where people go when they retire."},
    {"staircase", "exits.moved_away", "text", "", "a stage key with exit: true", "required",
     "Where people go when their household moves away."},
    {"staircase", "exits.deceased", "text", "", "a stage key with exit: true", "required", "Where people go when they die."},
    {"staircase", "initial", "mapping", "", "keys: employed, not_employed, employment_log_odds", "required",
     "Where people 20-64 stand at the start."},
    {"staircase", "initial.employed", "mapping", "share", "stage: share; employment stages only; sum 1", "required",
     "How the employed at the start spread over the employment stages."},
    {"staircase", "initial.employed.<stage>", "number", "share", "[0, 1]; an employment stage", "none",
     "Share of the employed on this stage."},
    {"staircase", "initial.not_employed", "mapping", "", "keys: born_in_sweden, foreign_born, newcomer", "required",
     "How the non-employed at the start spread over the stages, by origin."},
    {"staircase", "initial.not_employed.born_in_sweden", "mapping", "share", "stage: share; sum 1", "required",
     "Stages of the non-employed born in Sweden."},
    {"staircase", "initial.not_employed.born_in_sweden.<stage>", "number", "share", "[0, 1]; a stage key", "none",
     "Share of the non-employed born in Sweden on this stage."},
    {"staircase", "initial.not_employed.foreign_born", "mapping", "share", "stage: share; sum 1", "required",
     "Stages of the non-employed foreign-born who are not newcomers."},
    {"staircase", "initial.not_employed.foreign_born.<stage>", "number", "share", "[0, 1]; a stage key", "none",
     "Share of the non-employed foreign-born on this stage."},
    {"staircase", "initial.not_employed.newcomer", "mapping", "share", "stage: share; sum 1", "required",
     "Stages of the non-employed newcomers (arrived within demography newcomers.group_months)."},
    {"staircase", "initial.not_employed.newcomer.<stage>", "number", "share", "[0, 1]; a stage key", "none",
     "Share of the non-employed newcomers on this stage."},
    {"staircase", "initial.employment_log_odds", "mapping", "log-odds",
     "keys: primary, upper_secondary, tertiary, foreign_born, newcomer, by_age", "defaults below",
     "Who holds the district's jobs at the start: relative log-odds of being employed."},
    {"staircase", "initial.employment_log_odds.primary", "number", "log-odds", "[-10, 10]", "-0.8",
     "Log-odds for people with at most compulsory school."},
    {"staircase", "initial.employment_log_odds.upper_secondary", "number", "log-odds", "[-10, 10]", "0",
     "Log-odds for people with upper-secondary school."},
    {"staircase", "initial.employment_log_odds.tertiary", "number", "log-odds", "[-10, 10]", "0.7",
     "Log-odds for people with post-secondary education."},
    {"staircase", "initial.employment_log_odds.foreign_born", "number", "log-odds", "[-10, 10]", "-0.9",
     "Added for the foreign-born."},
    {"staircase", "initial.employment_log_odds.newcomer", "number", "log-odds", "[-10, 10]", "-2.5",
     "Added for newcomers (in addition to foreign_born)."},
    {"staircase", "initial.employment_log_odds.by_age", "mapping", "", "keys: bands, log_odds", "bands [20, 25, 60], log_odds [-0.6, 0, -0.6]",
     "Added by age, from each band's lower edge to the next (nothing below the first)."},
    {"staircase", "initial.employment_log_odds.by_age.bands", "list of numbers", "years", "increasing", "required (in by_age)",
     "Lower edges of the age bands."},
    {"staircase", "initial.employment_log_odds.by_age.log_odds", "list of numbers", "log-odds", "each in [-10, 10], one per band",
     "required (in by_age)", "Log-odds added in each band."},

    // ---- economy: models/<city>/economy.yaml ----
    {"economy", "income_tax_rate", "number", "share", "[0, 1]", "required",
     "Effective tax on earnings after tax credits: net earnings = gross x (1 - rate)."},
    {"economy", "municipal_tax_rate", "number", "share", "[0, 1]", "required",
     "Municipal tax on earnings: the city's tax revenue in the budget."},
    {"economy", "wage", "mapping", "", "keys: median_full_time_sek, log_sd, district_income_elasticity", "required",
     "Full-time wages people could earn."},
    {"economy", "wage.median_full_time_sek", "mapping", "SEK/month", "keys: primary, upper_secondary, tertiary", "required",
     "Median gross full-time wage by highest education."},
    {"economy", "wage.median_full_time_sek.primary", "number", "SEK/month", "> 0", "required",
     "Median wage with at most compulsory school."},
    {"economy", "wage.median_full_time_sek.upper_secondary", "number", "SEK/month", "> 0", "required",
     "Median wage with upper-secondary school."},
    {"economy", "wage.median_full_time_sek.tertiary", "number", "SEK/month", "> 0", "required",
     "Median wage with post-secondary education."},
    {"economy", "wage.log_sd", "number", "log SEK", "[0, 3]", "0.25",
     "Standard deviation of the log wage within an education level."},
    {"economy", "wage.district_income_elasticity", "number", "elasticity", "[0, 3]", "0.5",
     "Wages x (district mean_income_sek / city mean)^e."},
    {"economy", "equivalence_scale", "mapping", "weight", "keys: first_adult, other_14_plus, child_under_14",
     "modified OECD (1, 0.5, 0.3)", "Weights that turn household income into equivalised income."},
    {"economy", "equivalence_scale.first_adult", "number", "weight", "> 0", "1", "Weight of the first adult."},
    {"economy", "equivalence_scale.other_14_plus", "number", "weight", ">= 0", "0.5", "Weight of each other member aged 14 or more."},
    {"economy", "equivalence_scale.child_under_14", "number", "weight", ">= 0", "0.3", "Weight of each child under 14."},
    {"economy", "business_cycle", "mapping", "", "keys: bands, index", "none (index 1 every year)",
     "Business-cycle index by calendar year, holding at mid-year with straight lines between (a smooth monthly path); scales hazards through cycle_elasticity."},
    {"economy", "business_cycle.bands", "list of numbers", "calendar year", "increasing", "required (in business_cycle)",
     "First calendar year of each band; months before the first band's middle and after the last's keep its value."},
    {"economy", "business_cycle.index", "list of numbers", "index", "each > 0, one per band", "required (in business_cycle)",
     "Index in each band (1 = normal times)."},

    // ---- demography: models/<city>/demography.yaml ----
    {"demography", "mortality_per_year", "mapping", "", "keys: bands, rates", "required", "Yearly risk of dying, by age."},
    {"demography", "mortality_per_year.bands", "list of numbers", "years", "increasing", "required", "Lower edges of the age bands."},
    {"demography", "mortality_per_year.rates", "list of numbers", "per year", "each [0, 1], one per band", "required",
     "Yearly probability of dying in each band."},
    {"demography", "moving_away_per_year", "mapping", "", "keys: born_in_sweden, foreign_born", "required",
     "Gross yearly probability that a household moves out of the city (to the rest of Sweden or abroad), by its first adult's age and origin; people moving in are demography moving_in."},
    {"demography", "moving_away_per_year.born_in_sweden", "mapping", "", "keys: bands, rates", "required",
     "Rates for households whose head was born in Sweden."},
    {"demography", "moving_away_per_year.born_in_sweden.bands", "list of numbers", "years", "increasing", "required",
     "Lower edges of the age bands."},
    {"demography", "moving_away_per_year.born_in_sweden.rates", "list of numbers", "per year", "each [0, 1], one per band",
     "required", "Yearly net probability of moving away in each band."},
    {"demography", "moving_away_per_year.foreign_born", "mapping", "", "keys: bands, rates", "required",
     "Rates for households whose head was born abroad (includes re-emigration)."},
    {"demography", "moving_away_per_year.foreign_born.bands", "list of numbers", "years", "increasing", "required",
     "Lower edges of the age bands."},
    {"demography", "moving_away_per_year.foreign_born.rates", "list of numbers", "per year", "each [0, 1], one per band",
     "required", "Yearly net probability of moving away in each band."},
    {"demography", "retirement_per_year", "mapping", "", "keys: bands, rates", "required", "Yearly hazard of retiring, by age."},
    {"demography", "retirement_per_year.bands", "list of numbers", "years", "increasing", "required", "Lower edges of the age bands."},
    {"demography", "retirement_per_year.rates", "list of numbers", "per year", "each [0, 1], one per band", "required",
     "Yearly probability of retiring in each band."},
    {"demography", "fertility_per_year", "mapping", "", "keys: bands, rates", "required", "Births per woman and year, by age."},
    {"demography", "fertility_per_year.bands", "list of numbers", "years", "increasing", "required", "Lower edges of the age bands."},
    {"demography", "fertility_per_year.rates", "list of numbers", "births per woman and year", "each [0, 1], one per band",
     "required", "Yearly probability of giving birth in each band."},
    {"demography", "leaving_home", "mapping", "", "keys: from_age, per_year", "defaults below",
     "Young adults moving out of their parents' household."},
    {"demography", "leaving_home.from_age", "number", "years", "[0, 120]", "20", "Age from which young people may move out."},
    {"demography", "leaving_home.per_year", "number or mapping", "per year", "[0, 1], or keys: bands, rates", "0.4",
     "Yearly probability of moving out: one number for every age, or by age."},
    {"demography", "leaving_home.per_year.bands", "list of numbers", "years", "increasing", "required (in a per_year mapping)",
     "Lower edges of the age bands."},
    {"demography", "leaving_home.per_year.rates", "list of numbers", "per year", "each [0, 1], one per band",
     "required (in a per_year mapping)", "Yearly probability of moving out in each band."},
    {"demography", "leaving_home.at_home_at_start", "mapping", "", "keys: bands, shares", "none (every adult has left home)",
     "Share of adults (from from_age on) who still live with their parents in the synthesised population, by age."},
    {"demography", "leaving_home.at_home_at_start.bands", "list of numbers", "years", "increasing", "required (in at_home_at_start)",
     "Lower edges of the age bands."},
    {"demography", "leaving_home.at_home_at_start.shares", "list of numbers", "share", "each [0, 1], one per band",
     "required (in at_home_at_start)", "Share living with their parents in each band."},
    {"demography", "school", "mapping", "", "keys: completion, completion_foreign_born, working_adult_odds_ratio, reference_working_share",
     "defaults below", "Completing upper-secondary school."},
    {"demography", "school.completion", "number", "share", "[0, 1]", "0.8",
     "Share of pupils born in Sweden who complete school (at the reference working share)."},
    {"demography", "school.completion_foreign_born", "number", "share", "[0, 1]", "0.6",
     "Share of foreign-born pupils who complete school (at the reference working share)."},
    {"demography", "school.working_adult_odds_ratio", "number", "odds ratio", "[0.01, 100]", "1",
     "Odds of completing for a whole childhood with an adult at work at home against one without."},
    {"demography", "school.reference_working_share", "number", "share", "[0, 1]", "0.85",
     "Share of childhood with an adult at work at which the completion rates hold."},
    {"demography", "newcomers", "mapping", "",
     "keys: group_months, age_bands, age_shares, in_families, education, initial_years_in_sweden_max", "required",
     "Who the newcomers are."},
    {"demography", "newcomers.group_months", "integer", "months", "[1, 600]", "48",
     "Foreign-born who arrived fewer than this many months ago count as newcomers (outcomes, policies)."},
    {"demography", "newcomers.age_bands", "list of numbers", "years", "each >= 0", "required",
     "Lower edges of the age bands of newcomers arriving alone."},
    {"demography", "newcomers.age_shares", "list of numbers", "share", "each [0, 1], one per age band, sum 1", "required",
     "Share of newcomers arriving alone in each age band."},
    {"demography", "newcomers.in_families", "number", "share", "[0, 1]", "0.5",
     "Share of arriving households that are families: two adults with one to three children."},
    {"demography", "newcomers.education", "mapping", "share", "keys: primary, upper_secondary, tertiary; sum 1", "required",
     "Highest education of adult newcomers (20 or older)."},
    {"demography", "newcomers.education.primary", "number", "share", "[0, 1]", "required",
     "Share with at most compulsory school."},
    {"demography", "newcomers.education.upper_secondary", "number", "share", "[0, 1]", "required",
     "Share with upper-secondary school."},
    {"demography", "newcomers.education.tertiary", "number", "share", "[0, 1]", "required",
     "Share with post-secondary education (capped at upper-secondary under 25)."},
    {"demography", "synthesis", "mapping", "", "keys: female_share, oldest_age, open_age_band_years, parent_age_at_eldest_child, "
     "parent_older_than_children_by_at_least, years_in_sweden_skew, swedish_years_per_level, education_shares_from_age, "
     "tertiary_from_age, upper_secondary_from_age", "defaults below",
     "How the initial population fills in what the districts' figures leave open."},
    {"demography", "synthesis.female_share", "number", "share", "[0, 1]", "0.5", "Share of women among the people synthesised."},
    {"demography", "synthesis.oldest_age", "number", "years", "[1, 130]", "100", "Nobody synthesised is older."},
    {"demography", "synthesis.open_age_band_years", "number", "years", "[1, 60]", "15",
     "The districts' last (open) age band is spread evenly over this many years (at most to oldest_age)."},
    {"demography", "synthesis.parent_age_at_eldest_child", "list of 2 numbers", "years", "[min, max] within [12, 70]", "[24, 34]",
     "How much older a family's first parent is than its eldest child, evenly between min and max (the nearest adult left)."},
    {"demography", "synthesis.parent_older_than_children_by_at_least", "number", "years", "[0, 60], at most the min above", "18",
     "No parent is matched who is less than this much older than the eldest child."},
    {"demography", "synthesis.years_in_sweden_skew", "number", "exponent", "[0.1, 10]", "1.6",
     "Years in Sweden of the foreign-born at the start = newcomers.initial_years_in_sweden_max × u^skew (above 1: more recent arrivals)."},
    {"demography", "synthesis.swedish_years_per_level", "mapping", "", "keys: adults, children", "defaults below",
     "The Swedish level of the foreign-born at the start grows by one level per this many years in Sweden."},
    {"demography", "synthesis.swedish_years_per_level.adults", "number", "years", "[0.1, 20]", "1.5", "For adults."},
    {"demography", "synthesis.swedish_years_per_level.children", "number", "years", "[0.1, 20]", "0.8", "For children living with their parents."},
    {"demography", "synthesis.education_shares_from_age", "number", "years", "[0, 120]", "25",
     "The districts' education shares are given exactly among adults from this age up to retired_from_age; others are drawn from them."},
    {"demography", "synthesis.tertiary_from_age", "number", "years", "[0, 120]", "25", "Nobody younger holds tertiary education at the start."},
    {"demography", "synthesis.upper_secondary_from_age", "number", "years", "[0, 120]", "19",
     "The young (under the adult age) have finished upper-secondary school from this age, primary before."},
    {"demography", "newcomers.initial_years_in_sweden_max", "number", "years", "[1, 80]", "25",
     "Longest time in Sweden among the foreign-born at the start (the spread of their arrival dates)."},
    {"demography", "newcomers.families", "mapping", "", "keys: first_parent_age, partner_age_difference, children", "defaults below",
     "Families arriving (newcomers.in_families of the arrivals): two parents and their children."},
    {"demography", "newcomers.families.first_parent_age", "list of 2 numbers", "years", "[min, max], each [20, 80]", "[25, 45]",
     "Age of the first parent, uniform between the two."},
    {"demography", "newcomers.families.partner_age_difference", "number", "years", "[0, 30]", "3",
     "The other parent is up to this many years younger or older (and at least 20)."},
    {"demography", "newcomers.families.children", "list of 2 numbers", "children", "[min, max], whole numbers in [1, 10]", "[1, 3]",
     "Number of children, evenly between the two; each younger than the first parent less 20 years."},
    {"demography", "outcome_ages", "mapping", "", "keys: working_age, youth", "defaults below",
     "The ages the outcomes count (children are those below benefits ages.child_below); the metric names keep the published definitions' ages."},
    {"demography", "outcome_ages.working_age", "list of 2 numbers", "years", "[first, last], whole years", "[20, 64]",
     "Ages of employment_rate_20_64 and its counts, and of the newcomers' outcomes (adults arriving at these ages)."},
    {"demography", "outcome_ages.youth", "list of 2 numbers", "years", "[first, last], whole years", "[16, 24]",
     "Ages of the youth_16_24 group, youth_neet and neet_rate_16_24."},
    {"demography", "births", "mapping", "", "keys: female_share", "defaults below", "Children born in the city."},
    {"demography", "births.female_share", "number", "share", "[0, 1]", "0.488", "Share of girls among children born."},
    {"demography", "retired_from_age", "number", "years", "[30, 120]", "65",
     "People synthesised at the start, arriving or moving in at this age or older are retired (retirement_per_year moves the others)."},

    {"demography", "partnership", "mapping", "", "keys below", "none (no couples form or part)",
     "Couples forming and separating: a single adult looks for a partner, a couple parts, by hazards."},
    {"demography", "partnership.formation_per_year", "mapping", "", "keys: bands, rates", "required (in partnership)",
     "Yearly chance that a single adult (not living with parents) starts looking, by age; partners are found across the city."},
    {"demography", "partnership.formation_per_year.bands", "list of numbers", "years", "increasing", "required (in partnership)",
     "Lower edges of the age bands."},
    {"demography", "partnership.formation_per_year.rates", "list of numbers", "per year", "each [0, 1], one per band",
     "required (in partnership)", "Yearly chance in each band."},
    {"demography", "partnership.formation_scale", "number", "multiplier", "[0.001, 100]", "1",
     "Multiplies every formation rate (what calibration fits)."},
    {"demography", "partnership.dissolution_per_year", "mapping", "", "keys: bands, rates", "required (in partnership)",
     "Yearly chance that a couple parts, by years together."},
    {"demography", "partnership.dissolution_per_year.bands", "list of numbers", "years together", "increasing",
     "required (in partnership)", "Lower edges of the bands."},
    {"demography", "partnership.dissolution_per_year.rates", "list of numbers", "per year", "each [0, 1], one per band",
     "required (in partnership)", "Yearly chance in each band."},
    {"demography", "partnership.max_age_gap_years", "number", "years", "[0, 100]", "10", "Partners are at most this far apart in age."},
    {"demography", "partnership.give_up_months", "integer", "months", "[1, 600]", "24",
     "One who has found no partner in this long stops looking (and may start again later)."},
    {"demography", "partnership.same_sex_share", "number", "share", "[0, 1]", "0", "Share of those looking who look within their sex."},
    {"demography", "partnership.children_stay_with_mother", "number", "share", "[0, 1]", "0.75",
     "When a woman and a man with children part, the chance the children stay with the mother."},
    {"demography", "partnership.initial_union_years_max", "number", "years", "[0, 100]", "40",
     "Couples at the start have lived together up to this long (and at least as long as their eldest child)."},

    {"demography", "moves_within_city", "mapping", "", "keys: per_year, newcomers", "none (no moves within the city)",
     "Households moving house within the city; the destination is drawn from the districts' moves_to rows."},
    {"demography", "moves_within_city.per_year", "mapping", "per year", "keys: single_no_children, couple_no_children, single_with_children, couple_with_children",
     "required (in moves_within_city)", "Yearly chance that a household of each type moves house."},
    {"demography", "moves_within_city.per_year.single_no_children", "number", "per year", "[0, 1]", "required", "One adult, no children."},
    {"demography", "moves_within_city.per_year.couple_no_children", "number", "per year", "[0, 1]", "required", "Two or more adults, no children."},
    {"demography", "moves_within_city.per_year.single_with_children", "number", "per year", "[0, 1]", "required", "One adult with children."},
    {"demography", "moves_within_city.per_year.couple_with_children", "number", "per year", "[0, 1]", "required", "Two or more adults with children."},
    {"demography", "moves_within_city.newcomers", "mapping", "", "keys: months, per_year", "none",
     "Newcomers' secondary moves: households whose first adult arrived within `months` move at `per_year`, to the districts' newcomer_moves_share."},
    {"demography", "moves_within_city.newcomers.months", "integer", "months", "[0, 600]", "36", "Months since arrival during which the secondary-move rate holds."},
    {"demography", "moves_within_city.newcomers.per_year", "number", "per year", "[0, 1]", "0", "Yearly chance of a secondary move."},
    {"demography", "moving_in", "mapping", "", "keys below", "none (nobody moves in from the rest of Sweden)",
     "Households moving in from the rest of Sweden, created as people; each district receives its in_movers_per_year."},
    {"demography", "moving_in.age_bands", "list of numbers", "years", "each [18, 120], increasing", "required (in moving_in)",
     "Lower edges of the age bands of the household's first adult."},
    {"demography", "moving_in.age_shares", "list of numbers", "share", "each [0, 1], one per band, sum 1", "required (in moving_in)",
     "Share of households whose first adult is in each band."},
    {"demography", "moving_in.couples", "number", "share", "[0, 1]", "0", "Share of households that are a couple."},
    {"demography", "moving_in.with_children", "number", "share", "[0, 1]", "0", "Share of households that bring children."},
    {"demography", "moving_in.max_children", "integer", "children", "[1, 10]", "2", "Households with children bring 1 to this many, evenly."},
    {"demography", "moving_in.foreign_born", "number", "share", "[0, 1]", "0", "Share of households whose adults were born abroad."},
    {"demography", "moving_in.years_in_sweden", "list of 2 numbers", "years", "[min, max], each [0, 80]", "[5, 25]",
     "Years in Sweden of adults born abroad, uniform between the two."},
    {"demography", "moving_in.education", "mapping", "share", "keys: primary, upper_secondary, tertiary; sum 1", "required (in moving_in)",
     "Highest education of adults moving in (capped at upper-secondary under 25)."},
    {"demography", "moving_in.education.primary", "number", "share", "[0, 1]", "required", "Share with at most compulsory school."},
    {"demography", "moving_in.education.upper_secondary", "number", "share", "[0, 1]", "required", "Share with upper-secondary school."},
    {"demography", "moving_in.education.tertiary", "number", "share", "[0, 1]", "required", "Share with post-secondary education."},
    {"demography", "moving_in.stages", "mapping", "", "keys: under_25, from_25", "required (in moving_in)",
     "Where adults moving in stand on arrival, from school-leaving age to retirement age (younger ones go to school, older ones are retired)."},
    {"demography", "moving_in.stages.under_25", "mapping", "share", "stage keys of the staircase (not exits): share; sum 1",
     "required (in moving_in)", "Stages of adults under 25 on arrival."},
    {"demography", "moving_in.stages.under_25.<stage>", "number", "share", "[0, 1]", "required", "Share on that stage."},
    {"demography", "moving_in.stages.from_25", "mapping", "share", "stage keys of the staircase (not exits): share; sum 1",
     "required (in moving_in)", "Stages of adults 25 and older on arrival."},
    {"demography", "moving_in.stages.from_25.<stage>", "number", "share", "[0, 1]", "required", "Share on that stage."},

    // ---- benefits: models/<city>/benefits.yaml ----
    {"benefits", "ages", "mapping", "", "keys: child_below, school_youth_below, adult_from", "defaults below",
     "Age boundaries every rule, the households' counts and the synthesis use."},
    {"benefits", "ages.adult_from", "number", "years", "[1, 30]", "20",
     "Someone living with their parents counts as an adult of the household from this age (younger: a child of the household, still in school); the synthesis places everyone younger with a family."},
    {"benefits", "ages.child_below", "number", "years", "[1, 30]", "18", "A child of the household below this age (norm, outcomes)."},
    {"benefits", "ages.school_youth_below", "number", "years", "[1, 30]", "21",
     "Pupils in upper-secondary school living with their parents count with them below this age."},
    {"benefits", "person_benefits", "list of mappings", "", "rules with distinct keys", "none",
     "Benefits a person receives by their own situation; within a group only the largest is paid."},
    {"benefits", "person_benefits[].key", "text", "", "distinct", "required", "Id of the rule."},
    {"benefits", "person_benefits[].name", "text", "", "any text", "the key", "Name of the benefit."},
    {"benefits", "person_benefits[].source", "text", "", "any text", "required", "Where the rule and its amounts come from."},
    {"benefits", "person_benefits[].paid_by", "text", "", "one of: state, region, city", "state",
     "Who pays (only the city's payments count in its budget)."},
    {"benefits", "person_benefits[].group", "text", "", "any text", "none (adds to the others)",
     "Rules in one group replace each other: the largest amount is paid."},
    {"benefits", "person_benefits[].stages", "list of texts", "", "stage keys", "any stage", "Steps of the staircase on which it is paid."},
    {"benefits", "person_benefits[].age", "list of 2 numbers", "years", "[min, max) with min < max", "any age", "Ages at which it is paid."},
    {"benefits", "person_benefits[].origin", "text", "", "one of: any, born_in_sweden, foreign_born", "any", "Only people of this origin."},
    {"benefits", "person_benefits[].months_since_arrival", "list of 2 numbers", "months", "[min, max], min <= max", "any",
     "Only foreign-born who arrived this many months ago."},
    {"benefits", "person_benefits[].months_since_job_at_most", "number", "months", "[0, 1200]", "no condition",
     "Only people whose last job ended at most this many months ago."},
    {"benefits", "person_benefits[].not_employed", "boolean", "", "true or false", "false", "Only people without a job."},
    {"benefits", "person_benefits[].sex", "text", "", "one of: any, female, male", "any", "Only people of this sex."},
    {"benefits", "person_benefits[].youngest_child_below_months", "number", "months", "[0, 240]", "no condition",
     "Only adults living with a child younger than this."},
    {"benefits", "person_benefits[].share", "number", "share", "[0, 1]", "1",
     "Of those who qualify, the share who have it (the same people every month)."},
    {"benefits", "person_benefits[].amount_sek", "number", "SEK/month", "[0, 1e9]",
     "0", "A fixed amount (added to the replacement)."},
    {"benefits", "person_benefits[].replacement_rate", "number", "share", "[0, 1.5]", "0",
     "A share of the full-time wage the person could earn."},
    {"benefits", "person_benefits[].wage_cap_sek", "number", "SEK/month", "[0, 1e9]", "no cap", "The wage the replacement rate applies up to."},
    {"benefits", "person_benefits[].floor_sek", "number", "SEK/month", "[0, 1e9]", "0", "At least this much."},
    {"benefits", "person_benefits[].full_after_years_in_sweden", "number", "years", "[0, 100]", "0 (no scaling)",
     "The amount and floor are scaled by the years lived in Sweden as an adult, in full after this many."},
    {"benefits", "person_benefits[].taxed", "boolean", "", "true or false", "true", "Taxed at economy income_tax_rate."},
    {"benefits", "person_benefits[].own_means", "boolean", "", "true or false", "false",
     "The person lives on it and is left out of the income-support assessment (students, pensioners)."},
    {"benefits", "child_allowance", "mapping", "", "keys: per_child_sek, below_age, large_family_supplement_sek, each_further_child_sek",
     "none", "Child allowance, paid per household."},
    {"benefits", "child_allowance.per_child_sek", "number", "SEK/month", "[0, 1e9]", "0", "Per child."},
    {"benefits", "child_allowance.below_age", "number", "years", "[0, 30]", "16", "Children below this age."},
    {"benefits", "child_allowance.large_family_supplement_sek", "list of numbers", "SEK/month", "each [0, 1e9]", "none",
     "Supplement by the number of children (1, 2, ...)."},
    {"benefits", "child_allowance.each_further_child_sek", "number", "SEK/month", "[0, 1e9]", "0", "Supplement for each child beyond the list."},
    {"benefits", "housing_allowance", "mapping", "", "keys: families, young, take_up", "none (no housing allowance)",
     "Housing allowance for families with children and for young people without."},
    {"benefits", "housing_allowance.families", "mapping", "", "keys below", "required (in housing_allowance)", "For households with children."},
    {"benefits", "housing_allowance.families.special_by_children_sek", "list of numbers", "SEK/month", "each [0, 1e9]",
     "required (in housing_allowance)", "Special allowance by the number of children (the last for that many or more)."},
    {"benefits", "housing_allowance.families.rent_floor_sek", "number", "SEK/month", "[0, 1e9]", "required (in housing_allowance)",
     "Housing cost below which nothing is paid."},
    {"benefits", "housing_allowance.families.rent_ceiling_by_children_sek", "list of numbers", "SEK/month", "each [0, 1e9]",
     "required (in housing_allowance)", "Housing cost above which nothing more is paid, by the number of children."},
    {"benefits", "housing_allowance.families.rent_share", "number", "share", "[0, 1]", "required (in housing_allowance)",
     "Share of the housing cost between floor and ceiling paid."},
    {"benefits", "housing_allowance.families.income_threshold_single_year_sek", "number", "SEK/year", "[0, 1e9]",
     "required (in housing_allowance)", "A single parent's income above which the allowance is reduced."},
    {"benefits", "housing_allowance.families.income_threshold_couple_each_year_sek", "number", "SEK/year", "[0, 1e9]",
     "required (in housing_allowance)", "The same for each of a couple."},
    {"benefits", "housing_allowance.families.reduction_rate", "number", "share", "[0, 1]", "required (in housing_allowance)",
     "Reduction per SEK of income above the threshold."},
    {"benefits", "housing_allowance.young", "mapping", "", "keys below", "required (in housing_allowance)", "For young people without children."},
    {"benefits", "housing_allowance.young.age", "list of 2 numbers", "years", "[min, max), min < max", "required (in housing_allowance)",
     "Ages of the youngest adult."},
    {"benefits", "housing_allowance.young.bands", "list of mappings", "", "each {from, to, share} of the housing cost",
     "required (in housing_allowance)", "Shares of the housing cost paid between from and to."},
    {"benefits", "housing_allowance.young.bands[].from", "number", "SEK/month", "[0, 1e9]", "required", "Lower end of the band."},
    {"benefits", "housing_allowance.young.bands[].to", "number", "SEK/month", "[0, 1e9], above from", "required", "Upper end of the band."},
    {"benefits", "housing_allowance.young.bands[].share", "number", "share", "[0, 1]", "required", "Share of the cost in the band paid."},
    {"benefits", "housing_allowance.young.income_threshold_year_sek", "number", "SEK/year", "[0, 1e9]",
     "required (in housing_allowance)", "Income above which it is reduced."},
    {"benefits", "housing_allowance.young.reduction_rate", "number", "share", "[0, 1]", "required (in housing_allowance)",
     "Reduction per SEK of income above the threshold."},
    {"benefits", "housing_allowance.take_up", "number", "share", "[0, 1]", "1",
     "Share of entitled households that claim it (the same households every month)."},
    {"benefits", "income_support", "mapping", "", "keys: norm, housing, job_incentive, take_up", "required",
     "The city's income support: the norm and a reasonable rent, less every other income of the household."},
    {"benefits", "income_support.norm", "mapping", "", "keys: adults, children, household_common", "required", "The national norm."},
    {"benefits", "income_support.norm.adults", "mapping", "", "keys: single, couple", "required", "Personal costs of adults."},
    {"benefits", "income_support.norm.adults.single", "number", "SEK/month", "[0, 1e9]", "required", "A single adult."},
    {"benefits", "income_support.norm.adults.couple", "number", "SEK/month", "[0, 1e9]", "required", "Two adults living together."},
    {"benefits", "income_support.norm.children", "mapping", "", "keys: age_bands, amounts", "required", "Personal costs of children."},
    {"benefits", "income_support.norm.children.age_bands", "list of numbers", "years", "increasing, the first 0", "required",
     "Lower edges of the age bands."},
    {"benefits", "income_support.norm.children.amounts", "list of numbers", "SEK/month", "each [0, 1e9], one per band", "required",
     "Personal costs per child in each band."},
    {"benefits", "income_support.norm.household_common", "mapping", "", "keys: by_size, each_further", "required",
     "Common household costs."},
    {"benefits", "income_support.norm.household_common.by_size", "list of numbers", "SEK/month", "each [0, 1e9]", "required",
     "By household size (1, 2, ... people)."},
    {"benefits", "income_support.norm.household_common.each_further", "number", "SEK/month", "[0, 1e9]", "0",
     "For each person beyond the list."},
    {"benefits", "income_support.housing", "mapping", "", "keys below", "required", "Reasonable housing costs."},
    {"benefits", "income_support.housing.adults_only_sek", "list of numbers", "SEK/month", "each [0, 1e9]", "required",
     "Households without children: one, two adults."},
    {"benefits", "income_support.housing.with_children_sek", "list of numbers", "SEK/month", "each [0, 1e9]", "required",
     "Households with children, by the number of children."},
    {"benefits", "income_support.housing.each_further_child_sek", "number", "SEK/month", "[0, 1e9]", "0",
     "For each child beyond the list."},
    {"benefits", "income_support.housing.adult_child_at_home_sek", "number", "SEK/month", "[0, 1e9]", "0",
     "An adult child's own share of the parents' home."},
    {"benefits", "income_support.housing.district_index", "mapping", "index", "district: index in [0.1, 10]", "1 for every district",
     "Rents by district relative to the city."},
    {"benefits", "income_support.housing.district_index.<district>", "number", "index", "[0.1, 10]; a district key", "1",
     "The district's rent level."},
    {"benefits", "income_support.job_incentive", "mapping", "", "keys: after_months, disregarded_share", "none",
     "Part of the earnings of long-term recipients is not counted."},
    {"benefits", "income_support.job_incentive.after_months", "integer", "months", "[1, 12]", "required (in job_incentive)",
     "Months on support in a row after which it applies."},
    {"benefits", "income_support.job_incentive.disregarded_share", "number", "share", "[0, 1]", "required (in job_incentive)",
     "Share of net earnings not counted."},
    {"benefits", "income_support.take_up", "mapping", "", "keys: max, half_at_sek", "every entitled household claims",
     "Not everyone claims what they are entitled to."},
    {"benefits", "income_support.take_up.max", "number", "share", "[0, 1]", "required (in take_up)",
     "Share of entitled households that claim a large amount."},
    {"benefits", "income_support.take_up.half_at_sek", "number", "SEK/month", "[0, 1e9]", "0 (take-up does not depend on the amount)",
     "An entitlement this large is claimed by half as many: the share claiming S is max x (1 - 2^(-S / half_at_sek))."},

    // ---- policy: scenarios/policies/*.yaml ----
    {"policy", "key", "text", "", "distinct among a scenario's policies; 1-64 of letters, digits, _ - .", "required",
     "Id of the policy in policies.csv, lottery.csv, budget.csv and summary.json."},
    {"policy", "name", "text", "", "any text", "the key", "Name of the policy shown in outputs."},
    {"policy", "name_sv", "text", "", "any text", "the name", "Swedish name of the policy (--lang sv)."},
    {"policy", "description", "text", "", "any text", "empty", "One-line description of the measure."},
    {"policy", "source", "text", "", "any text", "empty", "Where the numbers come from (not used by the model)."},
    {"policy", "eligible", "mapping", "",
     "keys: origin, sex, age, months_since_arrival, districts, stages, months_in_stage, education, swedish, "
     "household_with_children, support_months_last_12",
     "everyone", "Who may take part; every filter left out admits everyone."},
    {"policy", "eligible.origin", "text", "", "one of: any, born_in_sweden, foreign_born, newcomer", "any",
     "Origin; newcomer = foreign-born who arrived within demography newcomers.group_months."},
    {"policy", "eligible.sex", "text", "", "one of: any, women, men", "any", "Sex."},
    {"policy", "eligible.age", "list of 2 numbers", "years", "[min, max] with 0 <= min <= max <= 120", "any age",
     "Age in years, both ends included (19.5 is above 19)."},
    {"policy", "eligible.months_since_arrival", "list of 2 numbers", "months", "[min, max] with 0 <= min <= max",
     "anyone", "Only foreign-born whose months since arrival lie in [min, max]."},
    {"policy", "eligible.districts", "list of texts", "", "at least one district key", "all districts",
     "Districts whose residents may take part."},
    {"policy", "eligible.stages", "list of texts", "", "at least one stage key, none an exit stage", "every non-exit stage", "Stages from which people may take part."},
    {"policy", "eligible.months_in_stage", "list of 2 numbers", "months", "[min, max] with 0 <= min <= max", "any",
     "Months on the current stage."},
    {"policy", "eligible.education", "list of texts", "", "subset of: primary, upper_secondary, tertiary", "every level",
     "Highest completed education."},
    {"policy", "eligible.swedish", "list of 2 numbers", "Swedish level", "[min, max] with 0 <= min <= max <= 3", "any level",
     "Swedish level (0 none to 3 fluent)."},
    {"policy", "eligible.household_with_children", "boolean", "", "true or false", "either",
     "Only people in households with (true) or without (false) children under 18."},
    {"policy", "eligible.support_months_last_12", "list of 2 numbers", "months", "[min, max] with 0 <= min <= max <= 12", "any",
     "Months of the last twelve in which the household received income support."},
    {"policy", "capacity", "mapping", "", "exactly one of seats, starts_per_year", "required",
     "How many places, where and when; places are real people, scaled with the run."},
    {"policy", "capacity.seats", "number", "people", "[0, 1e9]; exactly one of seats, starts_per_year",
     "required unless starts_per_year is given", "Places taken at once."},
    {"policy", "capacity.starts_per_year", "number", "people/year", "[0, 1e9]; exactly one of seats, starts_per_year",
     "required unless seats is given", "New participants per calendar year."},
    {"policy", "capacity.scope", "text", "", "one of: city, district", "city",
     "city: the amount is for the whole city; district: the amount is for each district."},
    {"policy", "capacity.districts", "mapping", "people", "district: amount", "none",
     "Amounts per district instead of seats or starts_per_year (makes the scope district; districts left out get none)."},
    {"policy", "capacity.districts.<district>", "number", "people (or people/year)", "[0, 1e9]; a district key", "none",
     "Places (or starts per year) in this district."},
    {"policy", "capacity.start", "YYYY-MM", "month", "not before January of the scenario's start_year",
     "the first month of the run", "First month with places."},
    {"policy", "capacity.end", "YYYY-MM", "month", "not before start", "none (to the end of the run)", "Last month with places."},
    {"policy", "capacity.ramp_up_months", "integer", "months", "[0, 600]", "0",
     "Places grow linearly to full over this many months from start."},
    {"policy", "capacity.months_of_year", "list of integers", "calendar month", "at least one; each a distinct whole month in [1, 12]", "all year",
     "Calendar months in which the policy runs (seasonal measures)."},
    {"policy", "allocation", "mapping", "",
     "keys: rule, order, offer_probability, applies, applies_women, applies_men, take_up, take_up_women, take_up_men",
     "defaults below", "Who gets the places when they are scarce."},
    {"policy", "allocation.rule", "text", "", "one of: priority, lottery", "priority",
     "priority: by order, ties broken by a seeded draw; lottery: a seeded draw, winners and losers followed in lottery.csv."},
    {"policy", "allocation.order", "list of texts", "",
     "items 'field' or 'field asc' or 'field desc'; fields: support_months_last_12, months_in_stage, months_since_arrival, "
     "age, household_with_children; at most 5; not with rule lottery",
     "none (seeded random order)", "Priority order, most important first; descending (most in need first) unless asc."},
    {"policy", "allocation.offer_probability", "number", "probability", "[0, 1]; only with rule lottery", "none (offers while places remain)",
     "As trials run them: each applicant drawn is offered a place with this probability while places remain; the others drawn "
     "are the comparison group (e.g. 0.5: half of each intake)."},
    {"policy", "allocation.applies", "number", "share", "[0, 1]", "1",
     "Share of the eligible who would ever apply (a fixed trait of each person); the others are never candidates."},
    {"policy", "allocation.applies_women", "number", "share", "[0, 1]", "allocation.applies", "The same for women."},
    {"policy", "allocation.applies_men", "number", "share", "[0, 1]", "allocation.applies", "The same for men."},
    {"policy", "allocation.take_up", "number", "share", "[0, 1]", "1",
     "Share of those offered a place who start; one who does not is not offered again and the place goes to the next "
     "(in a lottery the decliner stays a winner: intention to treat)."},
    {"policy", "allocation.take_up_women", "number", "share", "[0, 1]", "allocation.take_up", "The same for women."},
    {"policy", "allocation.take_up_men", "number", "share", "[0, 1]", "allocation.take_up", "The same for men."},
    {"policy", "participation", "mapping", "", "keys: months, once_per_person, ends_on_employment", "defaults below",
     "How long and how often people take part."},
    {"policy", "participation.months", "integer", "months", "[1, 600]", "6 (not with phases)", "Length of one participation."},
    {"policy", "participation.once_per_person", "boolean", "", "true or false", "true", "A person may take part only once."},
    {"policy", "participation.ends_on_employment", "boolean", "", "true or false", "true",
     "Participation ends when the person reaches an employment stage."},
    {"policy", "effects", "mapping", "",
     "keys: transitions, new_transitions, income_sek, gross_wage_sek, income_counts_for_support, language_multiplier, "
     "school_completion_odds_ratio, moves_to",
     "no effect", "What taking part changes."},
    {"policy", "effects.transitions", "list of mappings", "", "each names a transition of the staircase", "none",
     "Multipliers on existing transitions while taking part."},
    {"policy", "effects.transitions[].from", "text", "", "a stage key; from -> to must be a staircase transition", "required",
     "Stage the transition leaves."},
    {"policy", "effects.transitions[].to", "text", "", "a stage key; from -> to must be a staircase transition", "required",
     "Stage the transition leads to."},
    {"policy", "effects.transitions[].multiplier", "number", "multiplier", "[0, 100]", "required",
     "Hazard multiplier during participation."},
    {"policy", "effects.transitions[].multiplier_women", "number", "multiplier", "[0, 100]", "the multiplier",
     "For women instead of the multiplier (evaluations often find effects that differ by sex); the after-effect fades from it."},
    {"policy", "effects.transitions[].multiplier_men", "number", "multiplier", "[0, 100]", "the multiplier", "For men instead of the multiplier."},
    {"policy", "effects.transitions[].after_effect_decay_per_year", "number", "per year", "[0, 100]", "none (no after-effect)",
     "After participation the multiplier m fades as 1 + (m - 1) x exp(-decay x years since)."},
    {"policy", "effects.new_transitions", "list of mappings", "", "the keys of a staircase transition", "none",
     "Transitions that exist only for participants."},
    {"policy", "effects.new_transitions[].from", "text", "", "a stage key", "required", "Stage the step leaves."},
    {"policy", "effects.new_transitions[].to", "text", "", "a stage key", "required", "Stage the step leads to."},
    {"policy", "effects.new_transitions[].base", "number", "per month", "[0, 5]", "required", "Base hazard before modifiers."},
    {"policy", "effects.new_transitions[].uses", "list of texts", "", "subset of: age, education, swedish, arrival", "none",
     "Staircase modifier tables that multiply the base hazard."},
    {"policy", "effects.new_transitions[].demand_elasticity", "number", "elasticity", "[-10, 10]", "0",
     "Hazard x district labour_demand^e."},
    {"policy", "effects.new_transitions[].cycle_elasticity", "number", "elasticity", "[-10, 10]", "0",
     "Hazard x business-cycle index^e."},
    {"policy", "effects.new_transitions[].duration", "mapping", "", "keys: decay_per_year, floor", "none (no duration dependence)",
     "Duration dependence: hazard x max(floor, exp(-decay_per_year x years in the stage))."},
    {"policy", "effects.new_transitions[].duration.decay_per_year", "number", "per year", ">= 0", "0",
     "How fast the hazard falls with time in the stage."},
    {"policy", "effects.new_transitions[].duration.floor", "number", "share", "[0, 1]", "0",
     "Lowest multiplier duration dependence reaches."},
    {"policy", "effects.new_transitions[].requires", "mapping", "",
     "keys: origin, swedish_below, swedish_at_least, min_age, max_age", "none (every participant)", "Who may take the step at all."},
    {"policy", "effects.new_transitions[].requires.origin", "text", "", "one of: any, born_in_sweden, foreign_born", "any",
     "Only people of this origin."},
    {"policy", "effects.new_transitions[].requires.swedish_below", "integer", "Swedish level", "[1, 4]", "4",
     "Only people whose Swedish level is below this."},
    {"policy", "effects.new_transitions[].requires.swedish_at_least", "integer", "Swedish level", "[0, 3]", "0",
     "Only people whose Swedish level is at least this."},
    {"policy", "effects.new_transitions[].requires.min_age", "number", "years", "[0, 120]", "0", "Only people at least this old."},
    {"policy", "effects.new_transitions[].requires.max_age", "number", "years", "[0, 200]", "200", "Only people younger than this."},
    {"policy", "effects.new_transitions[].source", "text", "", "any text", "empty", "Where the number comes from (not used by the model)."},
    {"policy", "effects.income_sek", "number", "SEK/month", ">= 0", "0",
     "Extra net income per month of participation (e.g. a summer wage after tax)."},
    {"policy", "effects.gross_wage_sek", "number", "SEK/month", ">= 0", "0",
     "Earnings before tax per month of participation (the base of the municipal tax in the budget)."},
    {"policy", "effects.income_counts_for_support", "boolean", "", "true or false", "true",
     "false: the income-support means test ignores the policy's income."},
    {"policy", "effects.language_multiplier", "number", "multiplier", "[0, 100]", "1",
     "Multiplier on the stage's Swedish-learning hazard while taking part."},
    {"policy", "effects.school_completion_odds_ratio", "number", "odds ratio", "[0.01, 100]", "1",
     "Odds of completing upper-secondary school x this, for participants still in school."},
    {"policy", "effects.moves_to", "text", "", "a stage key, not an exit", "none",
     "Every participant enters this stage the month they start: sets an outcome directly ('what if these parents got a job?'), "
     "the upper bound of what any measure for them could achieve. They then follow the staircase from there."},
    {"policy", "costs", "mapping", "SEK",
     "keys: per_participant_month_sek, per_start_sek, per_place_per_year_sek, fixed_per_year_sek", "every cost 0",
     "What the policy costs the city."},
    {"policy", "phases", "list of mappings", "", "1 to 24 phases; instead of participation.months and effects", "one phase",
     "A programme as a sequence of phases, each with its own length, effects and cost; participants go from one to the "
     "next, and after the last the after_effects start."},
    {"policy", "phases[].key", "text", "", "distinct among the policy's phases; 1-64 of letters, digits, _ - .", "required",
     "Id of the phase in policy_phases.csv and summary.json."},
    {"policy", "phases[].name", "text", "", "any text", "the key", "Name of the phase."},
    {"policy", "phases[].months", "integer", "months", "[1, 600]", "required", "Length of the phase."},
    {"policy", "phases[].drop_out_per_month", "number", "probability per month", "[0, 1]", "0",
     "Monthly chance that a participant leaves the programme during the phase; a drop-out has no after-effect."},
    {"policy", "phases[].supervised", "boolean", "", "true or false; needs placements", "false",
     "The phase needs a supervisor slot: one who reaches it without a slot waits in the phase before (counted as "
     "waiting_for_supervisor) until the monthly matching finds one within reach."},
    {"policy", "phases[].max_wait_months", "integer", "months", "[0, 600]; a supervised phase only", "none (waits as long as it takes)",
     "Who has waited this long for a slot for this phase leaves the programme (gave_up_waiting), without an after-effect."},
    {"policy", "phases[].effects", "mapping", "", "the keys of effects, without after_effect_decay_per_year", "no effect",
     "What taking part in this phase changes, while it lasts; moves_to and school_completion_odds_ratio act on entering it."},
    {"policy", "phases[].costs", "mapping", "", "keys: per_participant_month_sek", "the policy's costs", "The phase's own cost."},
    {"policy", "phases[].costs.per_participant_month_sek", "number", "SEK per participant-month", ">= 0",
     "costs.per_participant_month_sek", "Cost of a participant-month in this phase."},
    {"policy", "phases[].source", "text", "", "any text", "empty", "Where the numbers come from (not used by the model)."},
    {"policy", "adds_to_staircase", "mapping", "", "keys: stages, transitions", "none",
     "Steps the policy adds to the staircase while the scenario runs it (e.g. an extra preparation level): checked like "
     "the staircase's own (every step leads to a job); people reach them through the policy (new_transitions, moves_to)."},
    {"policy", "adds_to_staircase.stages", "mapping", "", "stage: {...}; at least one; keys not already stages", "required",
     "The new steps, each with the keys of a staircase stage (name, activity, wage_factor, language_hazard, at_age); not exits."},
    {"policy", "adds_to_staircase.stages.<stage>", "mapping", "", "the keys of a staircase stage, without exit", "none", "One new step."},
    {"policy", "adds_to_staircase.stages.<stage>.benefits_as", "text", "", "a stage of the staircase, not an exit",
     "none (no stage-bound benefit)", "The stage whose benefit rules (benefits.yaml, person_benefits[].stages) apply on this step."},
    {"policy", "adds_to_staircase.transitions", "list of mappings", "", "the keys of a staircase transition; from an added step",
     "required", "The ways out of the new steps, for everyone on them, as the staircase's own transitions."},
    {"policy", "after_effects", "mapping", "", "keys: transitions; only with phases", "none",
     "What lasts after a programme with phases, for those who complete it or leave it for a job (not for drop-outs)."},
    {"policy", "after_effects.transitions", "list of mappings", "", "each names a transition of the staircase", "none",
     "Hazard multipliers that fade after the programme."},
    {"policy", "after_effects.transitions[].from", "text", "", "a stage key; from -> to must be a staircase transition", "required",
     "Stage the transition leaves."},
    {"policy", "after_effects.transitions[].to", "text", "", "a stage key; from -> to must be a staircase transition", "required",
     "Stage the transition leads to."},
    {"policy", "after_effects.transitions[].multiplier", "number", "multiplier", "[0, 100]", "required",
     "Hazard multiplier at the programme's end; it fades as 1 + (m − 1)·exp(−decay·years since)."},
    {"policy", "after_effects.transitions[].multiplier_women", "number", "multiplier", "[0, 100]", "the multiplier", "For women instead."},
    {"policy", "after_effects.transitions[].multiplier_men", "number", "multiplier", "[0, 100]", "the multiplier", "For men instead."},
    {"policy", "after_effects.transitions[].decay_per_year", "number", "per year", "[0, 100]", "required",
     "How fast the after-effect fades."},
    {"policy", "costs.per_participant_month_sek", "number", "SEK per participant-month", ">= 0", "0",
     "Cost of each month someone takes part."},
    {"policy", "costs.per_start_sek", "number", "SEK per start", ">= 0", "0", "Cost of each new participant."},
    {"policy", "costs.per_place_per_year_sek", "number", "SEK per place and year", ">= 0", "0",
     "Cost of each place of the capacity, used or not."},
    {"policy", "costs.fixed_per_year_sek", "number", "SEK/year", ">= 0", "0", "Fixed cost while the policy runs."},
    {"policy", "placements", "mapping", "",
     "keys: sectors, employers, travel_cost_per_km, sector_mismatch_cost, max_travel_km", "none (no placements)",
     "Employers' supervisor slots; only candidates matched to a free slot (min-cost flow) take part."},
    {"policy", "placements.sectors", "mapping", "", "sector: {suits}", "required (in placements)", "The employers' sectors."},
    {"policy", "placements.sectors.<sector>", "mapping", "", "key: a distinct sector key; keys: suits", "none", "One sector."},
    {"policy", "placements.sectors.<sector>.suits", "list of texts", "", "subset of: primary, upper_secondary, tertiary",
     "every level", "Education levels the sector suits; others cost sector_mismatch_cost."},
    {"policy", "placements.employers", "list of mappings", "", "employers with supervisor slots", "required (in placements)",
     "Employers offering placements."},
    {"policy", "placements.employers[].key", "text", "", "any text", "required", "Id of the employer."},
    {"policy", "placements.employers[].name", "text", "", "any text", "the key", "Name of the employer."},
    {"policy", "placements.employers[].sector", "text", "", "a key of placements.sectors", "required", "The employer's sector."},
    {"policy", "placements.employers[].slots", "mapping", "people", "district: number; at least one district", "required",
     "Supervisor slots at once, per district."},
    {"policy", "placements.employers[].slots.<district>", "number", "people", "[0, 1e9]; a district key", "none",
     "Supervisor slots in this district."},
    {"policy", "placements.travel_cost_per_km", "number", "cost per km", ">= 0", "1",
     "Matching cost per km of travel between district centres (position_km)."},
    {"policy", "placements.sector_mismatch_cost", "number", "cost (km equivalent)", ">= 0", "20",
     "Matching cost added when the sector does not suit the candidate's education."},
    {"policy", "placements.trade", "text", "", "a key of placements.sectors", "none (any sector)",
     "The sector the programme trains for: placements go to its employers."},
    {"policy", "placements.trade_mismatch_cost", "number", "cost (km equivalent)", ">= 0; needs trade", "none (not allowed)",
     "Cost of a placement with an employer outside the trade; absent, such placements are not made."},
    {"policy", "placements.max_travel_km", "number", "km", ">= 0", "1e9 (no limit)",
     "Longest travel between district centres a placement may need."},

    // ---- targets: models/<city>/targets.yaml ----
    {"targets", "targets", "list of mappings", "", "published figures, distinct names", "required",
     "Each a scalar outcome of a run with the published value it is compared with."},
    {"targets", "targets[].name", "text", "", "distinct", "required", "Id of the target in targets.csv and calibration."},
    {"targets", "targets[].metric", "text", "", "a metric of outcomes.csv, stage:<stage key> or budget:<budget item>", "required",
     "What is measured."},
    {"targets", "targets[].district", "text", "", "a district key or city", "city", "Where it is measured."},
    {"targets", "targets[].group", "text", "", "one of: all, born_in_sweden, foreign_born, newcomers, youth_16_24, parents", "all",
     "Among whom it is measured."},
    {"targets", "targets[].period", "integer or list of 2 texts", "", "a calendar year, or [YYYY-MM, YYYY-MM]; one of period, month, years",
     "required (one of period, month, years)", "The months the statistic runs over."},
    {"targets", "targets[].month", "YYYY-MM", "", "not before the start; one of period, month, years",
     "required (one of period, month, years)", "A single month."},
    {"targets", "targets[].years", "list of 2 integers", "years", "[from, to] since the start, 1 = the first year; one of period, month, years",
     "required (one of period, month, years)", "Years counted from the start of the run."},
    {"targets", "targets[].statistic", "text", "", "one of: mean, sum, end, min, max", "mean",
     "How the months reduce to one number (end: the last month's value)."},
    {"targets", "targets[].value", "number", "the metric's", "any number", "required", "The published figure."},
    {"targets", "targets[].tolerance", "number", "the metric's", ">= 0", "required",
     "The model is within tolerance when |model mean - value| <= tolerance."},
    {"targets", "targets[].year", "integer", "calendar year", "[1900, 2200]", "none", "The year the published figure describes."},
    {"targets", "targets[].source", "text", "", "any text", "required", "Where the figure comes from."},
    {"targets", "targets[].sureness", "text", "", "one of: E (as printed), D (derived), A (rounded in the source), I (illustrative)",
     "required", "How sure the figure is."},
    {"targets", "targets[].use", "text", "", "one of: fit, check", "check",
     "fit: calibration fits the model to it; check: it is only compared, to judge the fit on figures it did not see."},

    // ---- calibration: scenarios/calibrations/*.yaml ----
    {"calibration", "description", "text", "", "any text", "empty", "What the calibration fits; the title of its report."},
    {"calibration", "scenario", "path", "", "an existing, valid scenario file", "required",
     "The scenario whose model is fitted, relative to the calibration file."},
    {"calibration", "targets", "path", "", "an existing targets file", "the scenario's targets",
     "The published figures fitted and checked."},
    {"calibration", "fit", "list of texts", "", "names of targets in the targets file", "every target with use: fit",
     "The targets fitted; the others are only checked."},
    {"calibration", "parameters", "list of mappings", "", "distinct key paths", "required", "The parameters fitted."},
    {"calibration", "parameters[].path", "text", "", "a numeric key path of the scenario or its files (as for --set)", "required",
     "What is fitted, e.g. benefits.income_support.take_up.max."},
    {"calibration", "parameters[].bounds", "list of 2 numbers", "", "[low, high] with low < high; within the key's own range", "required",
     "The search stays within them."},
    {"calibration", "parameters[].start", "number", "", "within the bounds", "the middle of the bounds", "Where the search starts."},
    {"calibration", "parameters[].transform", "text", "", "one of: none, log (bounds above 0), logit", "none",
     "The scale the search moves on: log for rates and amounts, logit for shares."},
    {"calibration", "evaluation", "mapping", "", "keys: scale, years, months, replicates, seed", "defaults below",
     "How each point is simulated: the same seeds at every point (common random numbers)."},
    {"calibration", "evaluation.scale", "number", "share", "[1e-06, 1]", "0.1", "Share of the real population simulated."},
    {"calibration", "evaluation.years", "integer", "years", "[1, 50]; not together with months", "1", "Horizon of each run."},
    {"calibration", "evaluation.months", "integer", "months", "[1, 600]; not together with years", "12 (years x 12)",
     "Horizon of each run, in months."},
    {"calibration", "evaluation.replicates", "integer", "runs", "[1, 1000]", "2",
     "Replicates per point; the moments are their means, with Monte-Carlo standard errors."},
    {"calibration", "evaluation.seed", "integer", "", "[0, 9223372036854775807]", "2016", "Seed of every point."},
    {"calibration", "objective", "mapping", "", "keys: standardise, weights", "defaults below", "What is minimised."},
    {"calibration", "objective.standardise", "text", "", "one of: tolerance, published", "tolerance",
     "Distances as (model - published) / tolerance, or / |published|."},
    {"calibration", "objective.weights", "mapping", "weight", "target: weight >= 0", "1 for every target",
     "The objective is the weighted sum of squared standardised distances."},
    {"calibration", "objective.weights.<target>", "number", "weight", "[0, 1e6]; a target name", "1", "A target's weight."},
    {"calibration", "optimiser", "mapping", "", "keys: algorithm, max_evaluations, relative_tolerance", "defaults below",
     "The NLopt search."},
    {"calibration", "optimiser.algorithm", "text", "", "one of: bobyqa, sbplx (local), crs2, isres, direct (global)", "bobyqa",
     "NLopt's algorithm (BOBYQA falls back to Sbplx for one parameter)."},
    {"calibration", "optimiser.max_evaluations", "integer", "evaluations", "[1, 100000]", "100", "At most this many points."},
    {"calibration", "optimiser.relative_tolerance", "number", "share", "[0, 1]", "0.001",
     "Stop when the parameters change by less than this, relatively."},

    // ---- sweep: scenarios/sweeps/*.yaml ----
    {"sweep", "base", "path", "", "an existing, valid scenario file", "required",
     "Scenario every point starts from, relative to the sweep file."},
    {"sweep", "description", "text", "", "any text", "empty", "What the sweep asks; the title of its report."},
    {"sweep", "design", "text", "", "one of: grid, list, latin_hypercube", "grid",
     "How points are chosen: every combination of values, an explicit list, or a seeded Latin hypercube within ranges."},
    {"sweep", "parameters", "list of mappings", "", "key paths as for --set", "required", "The values varied."},
    {"sweep", "parameters[].path", "text", "", "a numeric key path of the scenario or its files (as for --set)", "required",
     "What is varied, e.g. staircase.transitions[from=job_seeker,to=first_job].base."},
    {"sweep", "parameters[].values", "list of numbers", "", "at least one value", "required (in grid design)",
     "The values of a grid; every combination with the other parameters' values is a point."},
    {"sweep", "parameters[].range", "list of 2 numbers", "", "[low, high] with low < high; above 0 with scale: log", "required (in latin_hypercube design)",
     "Range sampled by the Latin hypercube."},
    {"sweep", "parameters[].integer", "boolean", "", "true or false",
     "true for a whole-numbered key (an integer such as months, or a number of people such as capacity.seats or starts_per_year)",
     "Whole values only: a Latin hypercube's values are rounded to the nearest whole number in the range; a grid's or list's values must be whole. "
     "false keeps fractions."},
    {"sweep", "parameters[].scale", "text", "", "one of: linear, log (latin_hypercube only; log needs low > 0)", "linear",
     "How the Latin hypercube spreads its points over the range: evenly, or evenly in the logarithm (each factor of ten as many points), "
     "for a rate or an amount that spans orders of magnitude."},
    {"sweep", "list", "list of mappings", "", "path: value for every parameter", "required (in list design)",
     "The points of a list design, one mapping per point."},
    {"sweep", "list[].<path>", "number", "", "a parameter's path", "required (in list design)", "The parameter's value at this point."},
    {"sweep", "points", "integer", "points", "[1, 100000]", "required (in latin_hypercube design)",
     "Number of points of a Latin hypercube."},
    {"sweep", "sampling_seed", "integer", "", "[0, 9223372036854775807]", "1", "Seed of the Latin hypercube's sample."},
    {"sweep", "replicates", "integer", "runs", "[1, 100000]", "the base scenario's", "Replicates at every point."},
    {"sweep", "years", "integer", "years", "[1, 50]", "the base scenario's", "Horizon of every run."},
    {"sweep", "scale", "number", "share", "[1e-06, 1]", "the base scenario's", "Share of the real population simulated."},
    {"sweep", "seed", "integer", "", "[0, 9223372036854775807]", "the base scenario's",
     "Seed of every run (common random numbers across points)."},

    // ---- sensitivity: scenarios/sensitivity/*.yaml ----
    {"sensitivity", "description", "text", "", "any text", "empty", "What the analysis asks."},
    {"sensitivity", "scenario", "path", "", "an existing, valid scenario file", "required",
     "The scenario whose outputs are explained, relative to the file; budget outputs are against its baseline."},
    {"sensitivity", "method", "text", "", "one of: morris, sobol", "required",
     "morris: elementary-effects screening of many inputs (mu*, mu, sigma); sobol: first-order and total indices with bootstrap intervals."},
    {"sensitivity", "inputs", "list of mappings", "", "distinct key paths", "required", "The uncertain inputs."},
    {"sensitivity", "inputs[].path", "text", "", "a numeric key path of the scenario, its model or policy files (as for --set)", "required",
     "The input, e.g. policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier."},
    {"sensitivity", "inputs[].distribution", "text", "", "one of: uniform, triangular, normal, lognormal, beta", "required",
     "How uncertain the input is."},
    {"sensitivity", "inputs[].bounds", "list of 2 numbers", "", "[low, high], low <= high", "required for uniform and triangular",
     "Range (uniform, triangular), support (beta; default [0, 1]) or truncation (normal, lognormal)."},
    {"sensitivity", "inputs[].mode", "number", "", "within the bounds", "required for triangular", "The most likely value."},
    {"sensitivity", "inputs[].mean", "number", "", "normal: any; lognormal: > 0; beta: inside the bounds", "required for normal, lognormal, beta",
     "Mean of the value."},
    {"sensitivity", "inputs[].sd", "number", "", "> 0 (beta: below sqrt(mean (1 - mean)) on its bounds)", "required for normal, lognormal, beta",
     "Standard deviation of the value."},
    {"sensitivity", "inputs[].source", "text", "", "any text", "required",
     "Where the distribution comes from (an evaluation, a calibration's standard error) or, if illustrative, the reasoning."},
    {"sensitivity", "outputs", "list of mappings", "", "distinct names", "required", "The scalar outputs explained."},
    {"sensitivity", "outputs[].name", "text", "", "1-64 of letters, digits, _; distinct", "required", "Id of the output in indices.csv."},
    {"sensitivity", "outputs[].metric", "text", "", "a metric, stage:<key> or budget:<item>", "required",
     "What is measured, as in targets; budget items are the scenario against its baseline."},
    {"sensitivity", "outputs[].district", "text", "", "a district key or city", "city", "Area of the output."},
    {"sensitivity", "outputs[].group", "text", "", "a population group", "all", "Group of the output."},
    {"sensitivity", "outputs[].period", "integer or list of 2 texts", "", "a calendar year, or [YYYY-MM, YYYY-MM]; one of period, month, years",
     "required (one of period, month, years)", "The months (or budget years) the statistic runs over."},
    {"sensitivity", "outputs[].month", "YYYY-MM", "", "not before the start; one of period, month, years",
     "required (one of period, month, years)", "A single month."},
    {"sensitivity", "outputs[].years", "list of 2 integers", "years", "[from, to] since the start, 1 = the first year; one of period, month, years",
     "required (one of period, month, years)", "Years counted from the start of the run."},
    {"sensitivity", "outputs[].statistic", "text", "", "one of: mean, sum, end, min, max", "mean", "How the months (or budget years) are reduced."},
    {"sensitivity", "evaluation", "mapping", "", "keys: scale, years, months, replicates, seed", "defaults below",
     "How every point is simulated: the same seeds everywhere (common random numbers)."},
    {"sensitivity", "evaluation.scale", "number", "share", "[1e-06, 1]", "0.05", "Share of the real population simulated (--scale overrides)."},
    {"sensitivity", "evaluation.years", "integer", "years", "[1, 50]; not together with months", "10", "Horizon of every point (--years overrides)."},
    {"sensitivity", "evaluation.months", "integer", "months", "[1, 600]", "120 (years x 12)", "Horizon in months, instead of years."},
    {"sensitivity", "evaluation.replicates", "integer", "runs", "[1, 1000]", "2",
     "Replicates per point (--replicates overrides); with 2 or more the Monte-Carlo share of each output's variance is reported."},
    {"sensitivity", "evaluation.seed", "integer", "", "[0, 9223372036854775807]", "2016", "Seed of every point (--seed overrides)."},
    {"sensitivity", "morris", "mapping", "", "keys: trajectories, levels, seed", "defaults below", "The Morris design."},
    {"sensitivity", "morris.trajectories", "integer", "", "[2, 10000]", "10", "Trajectories r: r x (inputs + 1) points."},
    {"sensitivity", "morris.levels", "integer", "", "even, [2, 100]", "4", "Grid levels p; each level stands for the middle of one of p equal-probability bins."},
    {"sensitivity", "morris.seed", "integer", "", "[0, 9223372036854775807]", "1", "Seed of the trajectories' starts, orders and directions."},
    {"sensitivity", "sobol", "mapping", "", "keys: base_points, bootstrap, seed", "defaults below", "The Saltelli design."},
    {"sensitivity", "sobol.base_points", "integer", "", "[4, 1048576]; a power of 2 is best", "64", "Base points N: N x (inputs + 2) points."},
    {"sensitivity", "sobol.bootstrap", "integer", "", "[0, 100000]", "200", "Bootstrap resamples for the 95 % intervals (0: none)."},
    {"sensitivity", "sobol.seed", "integer", "", "[0, 9223372036854775807]", "1", "Seed of the bootstrap."},

    // ---- uncertainty: scenarios/uncertainty/*.yaml (compare --uncertainty); a sensitivity file's inputs: serve too ----
    {"uncertainty", "description", "text", "", "any text", "empty", "What the file covers."},
    {"uncertainty", "inputs", "list of mappings", "", "distinct key paths", "required", "The uncertain inputs."},
    {"uncertainty", "inputs[].path", "text", "", "a numeric key path of the scenario, its model or policy files (as for --set)", "required",
     "The input, e.g. policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier."},
    {"uncertainty", "inputs[].distribution", "text", "", "one of: uniform, triangular, normal, lognormal, beta", "required",
     "How uncertain the input is."},
    {"uncertainty", "inputs[].bounds", "list of 2 numbers", "", "[low, high], low <= high", "required for uniform and triangular",
     "Range (uniform, triangular), support (beta; default [0, 1]) or truncation (normal, lognormal)."},
    {"uncertainty", "inputs[].mode", "number", "", "within the bounds", "required for triangular", "The most likely value."},
    {"uncertainty", "inputs[].mean", "number", "", "normal: any; lognormal: > 0; beta: inside the bounds", "required for normal, lognormal, beta",
     "Mean of the value."},
    {"uncertainty", "inputs[].sd", "number", "", "> 0 (beta: below sqrt(mean (1 - mean)) on its bounds)", "required for normal, lognormal, beta",
     "Standard deviation of the value."},
    {"uncertainty", "inputs[].source", "text", "", "any text", "required",
     "Where the distribution comes from (an evaluation, a calibration's standard error) or, if illustrative, the reasoning."},
};

constexpr std::array<std::string_view, 12> kFileKinds{"scenario", "districts", "staircase", "economy",     "demography",  "benefits",
                                                      "policy",   "targets",   "calibration", "sweep",     "sensitivity", "uncertainty"};

/// The title and file pattern of each kind, in the order of kFileKinds.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kKindTitles{{
    {"Scenario files", "scenarios/*.yaml"},
    {"Districts", "models/<city>/districts.yaml"},
    {"Staircase", "models/<city>/staircase.yaml"},
    {"Economy", "models/<city>/economy.yaml"},
    {"Demography", "models/<city>/demography.yaml"},
    {"Benefits", "models/<city>/benefits.yaml"},
    {"Policy files", "scenarios/policies/*.yaml"},
    {"Targets", "models/<city>/targets.yaml"},
    {"Calibration files", "scenarios/calibrations/*.yaml"},
    {"Sweep files", "scenarios/sweeps/*.yaml"},
    {"Sensitivity files", "scenarios/sensitivity/*.yaml"},
    {"Uncertainty files", "scenarios/uncertainty/*.yaml"},
}};

/// Width on a terminal: UTF-8 code points (every character used here is one column wide).
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  }));
}

/// `text` broken at spaces into lines of at most `width` columns (a longer word is split).
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_width = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    while (display_width(word) > width) {  // a word longer than the column: split it
      if (!line.empty()) lines.push_back(std::exchange(line, {}));
      std::size_t bytes = 0, columns = 0;
      while (bytes < word.size() && columns < width) {
        ++bytes;
        while (bytes < word.size() && (static_cast<unsigned char>(word[bytes]) & 0xC0u) == 0x80u) ++bytes;
        ++columns;
      }
      lines.emplace_back(word.substr(0, bytes));
      word.remove_prefix(bytes);
      line_width = 0;
    }
    if (word.empty()) continue;
    const std::size_t word_width = display_width(word);
    if (!line.empty() && line_width + 1 + word_width > width) {
      lines.push_back(std::exchange(line, {}));
      line_width = 0;
    }
    if (!line.empty()) {
      line += ' ';
      ++line_width;
    }
    line += word;
    line_width += word_width;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::vector<const SchemaEntry*> entries_of(std::string_view kind) {
  std::vector<const SchemaEntry*> entries;
  for (const SchemaEntry& entry : schema())
    if (entry.file_kind == kind) entries.push_back(&entry);
  return entries;
}

std::string text_section(std::size_t kind_index) {
  using Row = std::array<std::string_view, 6>;
  constexpr Row kHeaders{"KEY", "TYPE", "UNIT", "RANGE", "DEFAULT", "MEANING"};
  // Key paths are never wrapped; longer texts wrap within their column so a row stays readable.
  constexpr std::array<std::size_t, 6> kMaxWidth{1000, 18, 14, 32, 22, 50};
  std::vector<Row> rows{kHeaders};
  for (const SchemaEntry* e : entries_of(kFileKinds[kind_index]))
    rows.push_back({e->key_path, e->type, e->unit, e->range, e->default_value, e->meaning});
  std::array<std::size_t, 6> width{};
  for (const Row& row : rows)
    for (std::size_t c = 0; c < width.size(); ++c) width[c] = std::max(width[c], std::min(kMaxWidth[c], display_width(row[c])));

  std::string out = fmt::format("{}: {} ({})\n\n", kFileKinds[kind_index], kKindTitles[kind_index].first,
                                kKindTitles[kind_index].second);
  for (const Row& row : rows) {
    std::array<std::vector<std::string>, 6> cells;
    std::size_t height = 1;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      cells[c] = c == 0 ? std::vector<std::string>{std::string(row[c])} : wrap(row[c], width[c]);
      height = std::max(height, cells[c].size());
    }
    for (std::size_t line = 0; line < height; ++line) {
      std::string text;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        std::string_view cell = line < cells[c].size() ? std::string_view(cells[c][line]) : std::string_view();
        text += cell;
        if (c + 1 < cells.size()) text.append(width[c] - std::min(width[c], display_width(cell)) + 2, ' ');
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out += text;
      out += '\n';
    }
  }
  return out;
}

/// Plain text as a Markdown table cell: '|' would end the cell and '<' could open an HTML tag.
std::string markdown_cell(std::string_view text) {
  std::string cell;
  for (char c : text) {
    if (c == '<') cell += "&lt;";
    else if (c == '|') cell += "\\|";
    else cell += c;
  }
  return cell;
}

}  // namespace

std::span<const std::string_view> schema_file_kinds() { return kFileKinds; }

std::span<const SchemaEntry> schema() {
  // Keys that take another file's keys: a phase's effects are a policy's effects without the
  // after-effect; a step a policy adds is a staircase stage (not an exit) with its transitions.
  // Their rows are derived from the originals, after the row that introduces them, so the
  // two cannot drift.
  struct Derived {
    std::string_view from_kind, from_prefix, excluded_suffix, anchor, to_prefix;
  };
  static constexpr Derived kDerived[] = {
      {"policy", "effects.", "after_effect_decay_per_year", "phases[].effects", "phases[]."},
      {"staircase", "stages.<stage>.", ".exit", "adds_to_staircase.stages.<stage>", "adds_to_staircase."},
      {"staircase", "transitions[].", "", "adds_to_staircase.transitions", "adds_to_staircase."},
  };
  const auto derives = [](const Derived& d, const SchemaEntry& e) {
    return e.file_kind == d.from_kind && e.key_path.starts_with(d.from_prefix) &&
           (d.excluded_suffix.empty() || !e.key_path.ends_with(d.excluded_suffix));
  };
  static const std::deque<std::string> derived_paths = [&] {
    std::deque<std::string> paths;
    for (const Derived& d : kDerived)
      for (const SchemaEntry& e : kSchema)
        if (derives(d, e)) paths.push_back(std::string(d.to_prefix) + std::string(e.key_path));
    return paths;
  }();
  static const std::vector<SchemaEntry> entries = [&] {
    std::vector<SchemaEntry> all;
    for (const SchemaEntry& e : kSchema) {
      all.push_back(e);
      std::size_t next = 0;
      for (const Derived& d : kDerived) {
        for (const SchemaEntry& source : kSchema) {
          if (!derives(d, source)) continue;
          if (e.file_kind == "policy" && e.key_path == d.anchor) {
            SchemaEntry row = source;
            row.file_kind = "policy";
            row.key_path = derived_paths[next];
            all.push_back(row);
          }
          ++next;
        }
      }
    }
    return all;
  }();
  return entries;
}

namespace {

/// A key path's steps with selectors emptied: "transitions[from=a,to=b].base" → {"transitions[]", "base"}.
std::vector<std::string> generic_steps(std::string_view path) {
  std::vector<std::string> steps(1);
  int depth = 0;
  for (char c : path) {
    if (c == '[' && depth++ == 0) steps.back() += '[';
    else if (c == ']' && depth > 0 && --depth == 0) steps.back() += ']';
    else if (depth > 0) continue;
    else if (c == '.') steps.emplace_back();
    else steps.back() += c;
  }
  return steps;
}

}  // namespace

const SchemaEntry* schema_entry_for(std::string_view file_kind, std::string_view key_path) {
  const std::vector<std::string> steps = generic_steps(key_path);
  for (const SchemaEntry& entry : kSchema) {
    if (entry.file_kind != file_kind) continue;
    const std::vector<std::string> pattern = generic_steps(entry.key_path);
    if (pattern.size() != steps.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < steps.size() && same; ++i) {
      // "<stage>" stands for any key; "<stage>[]" for any key holding a list.
      const std::string& p = pattern[i];
      if (!p.empty() && p.front() == '<') {
        const std::string rest = p.substr(p.find('>') + 1);
        const std::size_t key_length = std::min(steps[i].find('['), steps[i].size());
        same = key_length > 0 && steps[i].substr(key_length) == rest;
      } else {
        same = p == steps[i];
      }
    }
    if (same) return &entry;
  }
  return nullptr;
}

bool whole_numbered_key(std::string_view override_path) {
  const auto [target, path] = override_target(std::string(override_path));
  const SchemaEntry* entry = schema_entry_for(target.rfind("policy.", 0) == 0 ? "policy" : target, path);
  return entry && (entry->type == "integer" || entry->unit.starts_with("people"));
}

std::string schema_text(std::string_view file_kind) {
  std::string out;
  for (std::size_t k = 0; k < kFileKinds.size(); ++k) {
    if (!file_kind.empty() && file_kind != kFileKinds[k]) continue;
    if (!out.empty()) out += '\n';
    out += text_section(k);
  }
  return out;
}

std::string schema_markdown() {
  std::string out =
      "# Trappsteg file schema\n\n"
      "Every key the loaders accept, per kind of file: its type, unit, allowed range, default and meaning.\n"
      "Generated from `engine/scenario/schema.cpp` (`schema_markdown()`); `trappsteg schema` prints the same table.\n\n"
      "- `a.b` is key `b` inside mapping `a`; `a[].b` is key `b` in each entry of the list `a`.\n"
      "- `<stage>`, `<district>` and `<sector>` stand for keys the file chooses: a stage key of the staircase,\n"
      "  a district key of the districts file, a sector key of `placements.sectors`.\n"
      "- *required* means the file is rejected without the key; *required (in X)* means the key is needed\n"
      "  once the mapping X is given; *required unless ...* names the alternative.\n"
      "- Unknown keys are rejected, with the nearest valid key suggested.\n";
  for (std::size_t k = 0; k < kFileKinds.size(); ++k) {
    out += fmt::format("\n## {} (`{}`, file kind `{}`)\n\n", kKindTitles[k].first, kKindTitles[k].second, kFileKinds[k]);
    out += "| key | type | unit | range | default | meaning |\n|---|---|---|---|---|---|\n";
    for (const SchemaEntry* e : entries_of(kFileKinds[k]))
      out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", e->key_path, markdown_cell(e->type),
                         markdown_cell(e->unit), markdown_cell(e->range), markdown_cell(e->default_value),
                         markdown_cell(e->meaning));
  }
  return out;
}

}  // namespace trappsteg
