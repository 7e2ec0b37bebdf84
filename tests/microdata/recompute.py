"""Recomputes a run's published monthly outcomes from its person panel, independently of
engine/metrics, and compares them with the engine's values in the `monthly` view.

Usage: /usr/bin/python3 tests/microdata/recompute.py RESULTS.sqlite [--run RUN_ID ...]

Needs sqlite3 and pandas (Debian's python3-pandas); the panel must keep everyone
(`--microdata-sample 1`, the default). Every run of the database is checked (a run with a
baseline, or a compare, holds several), at every month that is both in the panel and in the
monthly view (all months with `--microdata monthly`, every 12th with yearly).

What is recomputed, for every district and the city ("city" is the sum of the districts, or
for the inequality measures the whole population):
  - from the people: population, population_20_64, employed_20_64, employment_rate_20_64,
    employment_rate_gap_20_64 (city), mean_equivalised_income_sek, share_in_support_households,
    children_0_17, children_in_workless_households, share_children_in_workless_households,
    children_in_support_households, share_children_in_support_households, youth_16_24,
    youth_neet, neet_rate_16_24, earnings_sek, in_policy, newcomers_employed_after_2_years,
    newcomers_employed_after_4_years, stage:<step>, and, from a monthly panel,
    newcomer_first_jobs and school_leavers / school_completion_rate — for each population group
    (all, born_in_sweden, foreign_born, newcomers, youth_16_24, parents);
  - from the households: households, households_on_support, income_support_sek,
    income_support_per_household_month_sek, one_person_households, mean_household_size;
  - the income distribution (persons with their household's equivalised income, weight 1):
    median_equivalised_income_sek, gini, theil, and for the city theil_between_districts and
    theil_within_districts.
Also checked: the panel against itself and the model (a household's rows agree on its district
and incomes and number its members; 'employed' is the step's activity; the participations table
holds the panel's policy and phase, for exactly the people the panel shows in a policy).
Not recomputed: measures that need more than 12 months of support history (long-term support,
"supported during the last 12 months"), which reaches back before the panel's first month, and
the stage flows (they include people in the month they leave, who are no longer in the panel).

Definitions (the standard ones, as the engine documents them): a person counts while present
(the panel holds exactly those); ages in whole years (age_months // 12); working ages and youth
from demography.yaml outcome_ages, children below benefits.yaml ages.child_below, newcomers
arrived less than demography.yaml newcomers.group_months ago; 'employed' is a step whose
activity is employment; people are counted by their own assessment unit's support
(panel.in_support), households by whether the household was paid (household_support_sek > 0);
counts are scaled up by 1/scale. Gini: the mean absolute difference over twice the mean,
sum_i (2i - n - 1) y_(i) / (n sum y) over incomes sorted ascending; Theil T: the mean of
(y/mu) ln(y/mu); between districts sum_g s_g ln(mu_g/mu), within sum_g s_g T_g, s_g the
district's share of all income; the median is the lower median.

Exit status: 0 all within tolerance, 1 a difference (or a definition check) failed, 2 the
database cannot be checked (no panel, a sampled panel, no common months).
"""

import argparse
import math
import os
import re
import sqlite3
import sys

try:
    import numpy as np
    import pandas as pd
except ImportError:
    print("FAIL: pandas is missing: install python3-pandas (scripts/setup.sh) and run with /usr/bin/python3", file=sys.stderr)
    sys.exit(2)

# Tolerances. Counts and rates are ratios of whole numbers (times 1/scale): the same up to the
# last bits of a double. Gini and Theil differ only by summation order and the logarithm's last
# bit. The median is one of the incomes, so it is exact.
RELATIVE_TOLERANCE = 1e-9
INEQUALITY_ABSOLUTE_TOLERANCE = 1e-9
INEQUALITY = {"gini", "theil", "theil_between_districts", "theil_within_districts"}

GROUPS = ["all", "born_in_sweden", "foreign_born", "newcomers", "youth_16_24", "parents"]


# ---- the model's definitions, from the files the run used ------------------------------------

def load_yaml_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def block_value(text, *keys):
    """The value of a nested block-mapping key (key: value or key: [a, b]), by indentation.

    A small reader for the few numbers needed here, so that the script does not need PyYAML."""
    lines = [line.split(" #")[0].rstrip() for line in text.splitlines()]
    start, end, parent = 0, len(lines), -1
    for depth, key in enumerate(keys):
        for n in range(start, end):
            found = re.match(r"^(\s*)" + re.escape(key) + r":(.*)$", lines[n])
            if not found:
                continue
            indent = len(found.group(1))
            # A key of this block: indented deeper than the parent, as deep as the block's first key.
            if indent <= parent or any(lines[k].strip() and len(lines[k]) - len(lines[k].lstrip()) < indent
                                       for k in range(start, n)):
                continue
            if depth == len(keys) - 1:
                value = found.group(2).strip()
                if value.startswith("["):
                    return [float(v) for v in value.strip("[]").split(",")]
                return float(value)
            start, parent = n + 1, indent
            end = next((k for k in range(start, len(lines))
                        if lines[k].strip() and len(lines[k]) - len(lines[k].lstrip()) <= indent), len(lines))
            break
        else:
            raise KeyError(".".join(keys))
    raise KeyError(".".join(keys))


def model_paths(resolved_yaml):
    """model: {districts, staircase, economy, demography, benefits} and the policy files."""
    paths, policies = {}, []
    section = None
    for line in resolved_yaml.splitlines():
        if not line.startswith(" "):
            section = line.split(":")[0]
        if section == "model":
            found = re.match(r"^\s+(\w+):\s*(.+)$", line)
            if found:
                paths[found.group(1)] = found.group(2).strip().strip('"')
        elif section == "policies":
            found = re.match(r"^\s+-\s*(.+)$", line)
            if found:
                policies.append(found.group(1).strip().strip('"'))
    return paths, policies


def step_activities(files):
    """Step key -> activity, from the stage definitions (`key: {..., activity: x, ...}`) of the
    staircase and of the policies (which may add steps). A step without one has activity none."""
    activity = {}
    for path in files:
        for found in re.finditer(r"^\s+(\w+):\s*\{([^\n]*)\}", load_yaml_text(path), re.M):
            kind = re.search(r"\bactivity:\s*(\w+)", found.group(2))
            if kind or "exit:" in found.group(2) or "name:" in found.group(2):
                activity.setdefault(found.group(1), kind.group(1) if kind else "none")
    return activity


class Definitions:
    def __init__(self, resolved_yaml):
        paths, policies = model_paths(resolved_yaml)
        demography = load_yaml_text(paths["demography"])
        benefits = load_yaml_text(paths["benefits"])
        self.work_from, self.work_to = block_value(demography, "outcome_ages", "working_age")
        self.youth_from, self.youth_to = block_value(demography, "outcome_ages", "youth")
        self.newcomer_months = block_value(demography, "newcomers", "group_months")
        self.child_below = block_value(benefits, "ages", "child_below")
        self.adult_from = block_value(benefits, "ages", "adult_from")
        self.activity = step_activities([paths["staircase"]] + policies)
        sample = re.search(r"^microdata:\s*\n(?:\s+.*\n)*?\s+sample:\s*\"?([0-9.e-]+)", resolved_yaml + "\n", re.M)
        self.sample = float(sample.group(1)) if sample else 1.0


# ---- the measures --------------------------------------------------------------------------

def inequality(y):
    """(gini, theil T, lower median, total income, n) of incomes y, one observation each."""
    y = np.sort(np.asarray(y, dtype=np.float64))
    n = len(y)
    if n == 0:
        return math.nan, math.nan, math.nan, 0.0, 0
    total = math.fsum(y)
    median = y[(n + 1) // 2 - 1]
    if total <= 0:
        return 0.0, 0.0, median, total, n
    rank = np.arange(1, n + 1, dtype=np.float64)
    gini = math.fsum((2 * rank - n - 1) * y) / (n * total)
    mean = total / n
    positive = y[y > 0]
    theil = math.fsum((positive / mean) * np.log(positive / mean)) / n
    return gini, theil, median, total, n


def float32_round(x):
    """The engine's int64(x + 0.5f) in single precision, for the per-person rounded income."""
    return np.floor((x.astype(np.float32) + np.float32(0.5)).astype(np.float64))


def recompute_run(con, run, definitions, district_keys, step_keys, has_participations):
    run_id, scale = run["run_id"], run["scale"]
    scale_up = 1.0 / scale
    panel = pd.read_sql_query(
        "SELECT month, person, household, area_id, age_months, foreign_born, months_since_arrival, education, step_id, "
        "employed, lives_with_parents, earnings_sek, household_equivalised_sek, household_support_sek, household_members, "
        "in_support, policy_id, phase FROM panel WHERE run_id = ?", con, params=(run_id,))
    engine_months = {m for (m,) in con.execute("SELECT DISTINCT month FROM monthly_values WHERE run_id = ?", (run_id,))}
    panel_months = sorted(set(panel["month"]))
    monthly_panel = panel_months == list(range(panel_months[0], panel_months[-1] + 1)) if panel_months else False
    months = sorted(set(panel_months) & engine_months)
    problems = []

    # Checks of the panel against itself and the model.
    by_household = panel.groupby(["month", "household"])
    if not (by_household.size() == by_household["household_members"].first()).all():
        problems.append("household_members differs from the household's rows in the panel")
    for column in ("area_id", "household_equivalised_sek", "household_support_sek"):
        if (by_household[column].nunique() > 1).any():
            problems.append(f"a household's members differ in {column}")
    unknown_steps = {step_keys[s] for s in set(panel["step_id"])} - set(definitions.activity)
    if unknown_steps:
        problems.append(f"people on steps that neither the staircase nor the policies define: {sorted(unknown_steps)}")
    activity = panel["step_id"].map(lambda s: definitions.activity.get(step_keys[s], "none"))
    if not ((activity == "employment").astype(int) == panel["employed"]).all():
        problems.append("panel.employed differs from the step's activity in staircase.yaml")

    if has_participations:  # every policy taken part in; the panel names the first
        taking_part = pd.read_sql_query("SELECT month, person, policy_id, phase FROM participations WHERE run_id = ?",
                                        con, params=(run_id,))
        named = panel.loc[panel["policy_id"].notna(), ["month", "person", "policy_id", "phase"]]
        joined = named.merge(taking_part, on=["month", "person", "policy_id", "phase"], how="left", indicator=True)
        if (joined["_merge"] != "both").any():
            problems.append("a panel row's policy and phase are not among the person's participations")
        people_taking_part = taking_part[["month", "person"]].drop_duplicates()
        if len(people_taking_part) != len(named) or not people_taking_part.merge(named, on=["month", "person"]).shape[0] == len(named):
            problems.append("the people in participations are not the panel's people with a policy")

    previous_step = None
    if monthly_panel:  # each person's step the month before, for the school leavers
        panel = panel.sort_values(["person", "month"])
        earlier = panel.groupby("person")[["month", "step_id"]].shift(1)
        previous_step = earlier["step_id"].where(earlier["month"] == panel["month"] - 1)
    panel = panel[panel["month"].isin(months)].copy()
    if previous_step is not None:
        previous_step = previous_step.loc[panel.index]

    p = panel
    age = p["age_months"] // 12  # whole years
    p["district"] = p["area_id"].map(district_keys)
    p["working_age"] = (age >= definitions.work_from) & (age <= definitions.work_to)
    p["employed_20_64"] = p["working_age"] & (p["employed"] == 1)
    p["child"] = age < definitions.child_below
    p["youth"] = (age >= definitions.youth_from) & (age <= definitions.youth_to)
    none = activity.loc[p.index] == "none"
    p["neet"] = p["youth"] & none
    p["in_policy"] = p["policy_id"].notna()
    p["supported"] = p["in_support"] == 1
    p["child_supported"] = p["child"] & p["supported"]
    p["income_rounded"] = float32_round(p["household_equivalised_sek"])
    # A household's adults at work: employed and not a child living at home (or 20 and older).
    p["working_adult"] = (p["employed"] == 1) & ((p["lives_with_parents"] == 0) | (p["age_months"] >= definitions.adult_from * 12))
    p["child_at_home"] = p["age_months"] / 12.0 < definitions.child_below
    household = p.groupby(["month", "household"])
    p["household_workless"] = household["working_adult"].transform("sum") == 0
    p["household_children"] = household["child_at_home"].transform("sum")
    p["child_workless"] = p["child"] & p["household_workless"]
    since = p["months_since_arrival"]
    foreign = p["foreign_born"] == 1
    arrival_age = age - (since // 12)
    for years, low in ((2, 18), (4, 48)):
        cohort = foreign & (since >= low) & (since < low + 12) & (arrival_age >= definitions.work_from) & (age <= definitions.work_to)
        p[f"cohort_{years}"] = cohort
        p[f"cohort_{years}_employed"] = cohort & (p["employed"] == 1)
    if monthly_panel:
        # A first job: employed now, arrived in Sweden during the run (arrival month >= 0), and
        # seen without a job in every earlier month here — so either seen here before, or in the
        # month of arrival itself. Someone who moves in from the rest of Sweden with a job found it
        # before coming: not a first job here (the engine dates it to the month before they came).
        arrived_in_run = foreign & (p["month"] - 1 - since >= 0)
        ordered = p.sort_values(["person", "month"])
        by_person = ordered.groupby("person")
        was_employed = by_person["employed"].cummax().groupby(ordered["person"]).shift(1)
        seen_before = was_employed.notna().loc[p.index]
        p["first_job"] = (arrived_in_run & (p["employed"] == 1) & (was_employed.fillna(0).loc[p.index] == 0)
                          & (seen_before | (since == 0)))
        school = step_keys_inverse(step_keys)["school"]
        p["school_leaver"] = (previous_step == school) & (p["step_id"] != school)
        p["school_completed"] = p["school_leaver"] & (p["education"] >= 1)

    membership = {
        "all": pd.Series(True, index=p.index),
        "born_in_sweden": ~foreign,
        "foreign_born": foreign,
        "newcomers": foreign & (since < definitions.newcomer_months),
        "youth_16_24": p["youth"],
        "parents": (p["lives_with_parents"] == 0) & (p["household_children"] > 0),
    }
    counted = ["working_age", "employed_20_64", "child", "child_workless", "child_supported", "youth", "neet", "in_policy",
               "supported", "cohort_2", "cohort_2_employed", "cohort_4", "cohort_4_employed"]
    summed = ["earnings_sek", "income_rounded"]
    if monthly_panel:
        counted += ["first_job", "school_leaver", "school_completed"]
    rows = []

    def ratio(a, b):
        return a / b if b > 0 else math.nan

    def add(month, district, group, metric, value):
        rows.append((run_id, month, district, group, metric, value))

    for group in GROUPS:
        members = p[membership[group]]
        tally = members.groupby(["month", "district"])[counted + summed].sum()
        tally["population"] = members.groupby(["month", "district"]).size()
        for month in months:
            per_district = {}
            for district in district_keys.values():
                if district == "city":
                    continue
                key = (month, district)
                per_district[district] = tally.loc[key] if key in tally.index else pd.Series(0, index=tally.columns)
            city = sum(per_district.values())
            best, worst = -1.0, 2.0
            for district, f in list(per_district.items()) + [("city", city)]:
                f = {k: int(v) for k, v in f.items()}
                add(month, district, group, "population", f["population"] * scale_up)
                add(month, district, group, "population_20_64", f["working_age"] * scale_up)
                add(month, district, group, "employed_20_64", f["employed_20_64"] * scale_up)
                rate = ratio(f["employed_20_64"], f["working_age"])
                add(month, district, group, "employment_rate_20_64", rate)
                if district != "city" and f["working_age"] > 0:
                    best, worst = max(best, rate), min(worst, rate)
                add(month, district, group, "mean_equivalised_income_sek", ratio(f["income_rounded"], f["population"]))
                add(month, district, group, "share_in_support_households", ratio(f["supported"], f["population"]))
                add(month, district, group, "children_0_17", f["child"] * scale_up)
                add(month, district, group, "children_in_workless_households", f["child_workless"] * scale_up)
                add(month, district, group, "share_children_in_workless_households", ratio(f["child_workless"], f["child"]))
                add(month, district, group, "children_in_support_households", f["child_supported"] * scale_up)
                add(month, district, group, "share_children_in_support_households", ratio(f["child_supported"], f["child"]))
                add(month, district, group, "youth_16_24", f["youth"] * scale_up)
                add(month, district, group, "youth_neet", f["neet"] * scale_up)
                add(month, district, group, "neet_rate_16_24", ratio(f["neet"], f["youth"]))
                add(month, district, group, "earnings_sek", f["earnings_sek"] * scale_up)
                add(month, district, group, "in_policy", f["in_policy"] * scale_up)
                add(month, district, group, "newcomers_employed_after_2_years", ratio(f["cohort_2_employed"], f["cohort_2"]))
                add(month, district, group, "newcomers_employed_after_4_years", ratio(f["cohort_4_employed"], f["cohort_4"]))
                if monthly_panel:
                    add(month, district, group, "newcomer_first_jobs", f["first_job"] * scale_up)
                    add(month, district, group, "school_leavers", f["school_leaver"] * scale_up)
                    add(month, district, group, "school_completion_rate", ratio(f["school_completed"], f["school_leaver"]))
            if best >= 0:
                add(month, "city", group, "employment_rate_gap_20_64", best - worst)

    # People on each step (group all): the steps of this run's staircase and policies (a database
    # of several scenarios lists every scenario's steps).
    steps = p.groupby(["month", "district", "step_id"]).size()
    own_steps = {step_id: key for step_id, key in step_keys.items() if key in definitions.activity}
    for month in months:
        city = {}
        for district in district_keys.values():
            if district == "city":
                continue
            for step_id, key in own_steps.items():
                count = int(steps.get((month, district, step_id), 0))
                city[key] = city.get(key, 0.0) + count * scale_up
                add(month, district, "all", f"stage:{key}", count * scale_up)
        for key, value in city.items():
            add(month, "city", "all", f"stage:{key}", value)

    # Households: one row each (every present member carries the same household columns).
    households = p.drop_duplicates(["month", "household"])
    for month in months:
        of_month = households[households["month"] == month]
        city = np.zeros(5, dtype=np.int64)
        districts = [d for d in district_keys.values() if d != "city"]
        for district in districts + ["city"]:  # the city last: the sum of the districts
            if district == "city":
                v = city
            else:
                h = of_month[of_month["district"] == district]
                v = np.array([len(h), int((h["household_support_sek"] > 0).sum()), int(h["household_support_sek"].sum()),
                              int((h["household_members"] == 1).sum()), int(h["household_members"].sum())], dtype=np.int64)
                city += v
            add(month, district, "all", "households", v[0] * scale_up)
            add(month, district, "all", "households_on_support", v[1] * scale_up)
            add(month, district, "all", "income_support_sek", v[2] * scale_up)
            add(month, district, "all", "income_support_per_household_month_sek", ratio(v[2], v[1]))
            add(month, district, "all", "one_person_households", v[3] * scale_up)
            add(month, district, "all", "mean_household_size", ratio(v[4], v[0]))

    # The income distribution: every present person, their household's equivalised income.
    for month in months:
        of_month = p[p["month"] == month]
        gini, theil, median, total, n = inequality(of_month["household_equivalised_sek"])
        add(month, "city", "all", "gini", gini)
        add(month, "city", "all", "theil", theil)
        add(month, "city", "all", "median_equivalised_income_sek", median)
        between, within = 0.0, 0.0
        for district in district_keys.values():
            if district == "city":
                continue
            g, t, m, part, k = inequality(of_month.loc[of_month["district"] == district, "household_equivalised_sek"])
            add(month, district, "all", "gini", g)
            add(month, district, "all", "theil", t)
            add(month, district, "all", "median_equivalised_income_sek", m)
            if k > 0 and total > 0 and part > 0:
                share = part / total
                between += share * math.log((part / k) / (total / n))
                within += share * t
        add(month, "city", "all", "theil_between_districts", between)
        add(month, "city", "all", "theil_within_districts", within)

    ours = pd.DataFrame(rows, columns=["run_id", "month", "district", "grp", "metric", "ours"])
    return ours, months, monthly_panel, problems


def step_keys_inverse(step_keys):
    return {key: step_id for step_id, key in step_keys.items()}


# ---- comparison ------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database")
    parser.add_argument("--run", type=int, action="append", help="only this run_id (repeatable; default: every run)")
    args = parser.parse_args()
    if not os.path.isfile(args.database):
        print(f"FAIL: no database {args.database}", file=sys.stderr)
        return 2
    con = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if not {"panel", "monthly", "runs"} <= tables:
        print("FAIL: the database has no panel (run with --microdata)", file=sys.stderr)
        return 2
    district_keys = dict(con.execute("SELECT area_id, key FROM areas ORDER BY area_id"))
    step_keys = dict(con.execute("SELECT step_id, key FROM steps ORDER BY step_id"))
    runs = [dict(zip(("run_id", "scenario", "replicate", "scale", "resolved_yaml"), r))
            for r in con.execute("SELECT run_id, scenario, replicate, scale, resolved_yaml FROM runs ORDER BY run_id")]
    if args.run:
        runs = [r for r in runs if r["run_id"] in args.run]
    metric_names = {name for (name,) in con.execute("SELECT name FROM metrics")}

    comparisons, failures = [], []
    for run in runs:
        label = f"run {run['run_id']} ({run['scenario']}, replicate {run['replicate']})"
        if not con.execute("SELECT 1 FROM panel WHERE run_id = ? LIMIT 1", (run["run_id"],)).fetchone():
            print(f"FAIL: {label} kept no people (run with --microdata)", file=sys.stderr)
            return 2
        definitions = Definitions(run["resolved_yaml"])
        if definitions.sample < 1:
            print(f"FAIL: {label} keeps a sample of {definitions.sample} of the people; the aggregates need everyone", file=sys.stderr)
            return 2
        ours, months, monthly_panel, problems = recompute_run(con, run, definitions, district_keys, step_keys,
                                                              "participations" in tables)
        failures += [f"{label}: {problem}" for problem in problems]
        if not months:
            print(f"FAIL: {label}: no month is both in the panel and in the monthly view", file=sys.stderr)
            return 2
        unknown = set(ours["metric"]) - metric_names
        failures += [f"{label}: the database has no metric '{m}'" for m in sorted(unknown)]
        placeholders = ",".join("?" * len(months))
        engine = pd.read_sql_query(
            f"SELECT run_id, month, district, grp, metric, value AS engine FROM monthly WHERE run_id = ? AND month IN ({placeholders})",
            con, params=[run["run_id"]] + months)
        engine = engine[engine["metric"].isin(set(ours["metric"]))]
        both = ours.merge(engine, on=["run_id", "month", "district", "grp", "metric"], how="outer")
        # The engine writes no row for an undefined value (a rate over nobody): NaN here.
        only_ours = both["engine"].isna() & both["ours"].notna()
        only_engine = both["ours"].isna() & both["engine"].notna()
        for _, r in both[only_ours | only_engine].head(10).iterrows():
            failures.append(f"{label}: {r.metric} {r.district}/{r.grp} month {r.month}: engine {r.engine}, recomputed {r.ours}")
        both = both[both["engine"].notna() & both["ours"].notna()].copy()
        both["label"] = label
        both["monthly_panel"] = monthly_panel
        comparisons.append(both)
        print(f"{label}: {len(both)} values at {len(months)} months ({months[0]}..{months[-1]})")

    table = pd.concat(comparisons, ignore_index=True)
    table["abs"] = (table["ours"] - table["engine"]).abs()
    table["rel"] = table["abs"] / table[["ours", "engine"]].abs().max(axis=1).where(lambda s: s > 0, 1.0)
    table["inequality"] = table["metric"].isin(INEQUALITY)
    table["ok"] = np.where(table["inequality"], table["abs"] <= INEQUALITY_ABSOLUTE_TOLERANCE, table["rel"] <= RELATIVE_TOLERANCE)
    # One line per metric (stage:<step> together): the worst difference and where it is.
    table["family"] = table["metric"].str.replace(r"^stage:.*", "stage:<step>", regex=True)
    print()
    print(f"{'metric':45} {'values':>7} {'worst abs':>10} {'worst rel':>10}  tolerance   worst at")
    for family, rows in table.groupby("family", sort=True):
        worst = rows.loc[rows["abs"].idxmax()]
        tolerance = f"abs {INEQUALITY_ABSOLUTE_TOLERANCE:g}" if family in INEQUALITY else f"rel {RELATIVE_TOLERANCE:g}"
        mark = "" if rows["ok"].all() else "  FAIL"
        where = f"{worst.district}/{worst.grp} m{worst.month}" if worst["abs"] > 0 else "-"
        print(f"{family:45} {len(rows):7d} {rows['abs'].max():10.3g} {rows['rel'].max():10.3g}  {tolerance:10}  {where}{mark}")
    bad = table[~table["ok"]]
    for _, r in bad.sort_values("abs", ascending=False).head(20).iterrows():
        failures.append(f"{r.label}: {r.metric} {r.district}/{r.grp} month {r.month}: engine {r.engine!r}, recomputed {r.ours!r}")
    if len(bad) > 20:
        failures.append(f"... and {len(bad) - 20} more differences")
    print()
    if failures:
        for f in failures:
            print(f"FAIL: {f}", file=sys.stderr)
        print(f"{len(bad)} of {len(table)} values differ beyond tolerance; {len(failures)} problem(s)", file=sys.stderr)
        return 1
    print(f"all {len(table)} values agree: rates and counts within {RELATIVE_TOLERANCE:g} relative, "
          f"Gini and Theil within {INEQUALITY_ABSOLUTE_TOLERANCE:g} absolute")
    return 0


if __name__ == "__main__":
    sys.exit(main())
