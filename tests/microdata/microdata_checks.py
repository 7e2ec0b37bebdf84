"""End-to-end checks of the person panel and its events, run by ctest (tests/microdata/CMakeLists.txt).

Usage: /usr/bin/python3 tests/microdata/microdata_checks.py CHECK <trappsteg>, from the repository
root, where CHECK is one of:

  recompute  the published outcomes recomputed from the people (recompute.py) agree with the
             engine's on the baseline (monthly and yearly) and on a scenario with every policy
             (combined.yaml, whose run also holds its baseline); and recompute.py does fail on a
             database whose aggregates were altered by a little more than its tolerance
  threads    --threads 1 and --threads 2 write the same panel and the same events
  compare    in a compare database, the people present at month 0 are the same people with the
             same attributes in both scenarios
  recipes    docs/microdata.md's recipes, run as written on the databases its commands make,
             agree with the engine's own outcomes

Needs sqlite3 and Debian's python3-pandas (scripts/setup.sh installs them); fails, never skips,
without them. Nothing reaches a shell: every command is run from its list of arguments.
"""

import json
import math
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import pandas as pd
except ImportError:
    print("FAIL: pandas is missing: install python3-pandas (scripts/setup.sh) and run with /usr/bin/python3", file=sys.stderr)
    sys.exit(1)

REPO = os.getcwd()
HERE = os.path.dirname(os.path.abspath(__file__))
RECOMPUTE = os.path.join(HERE, "recompute.py")
DOC = os.path.join(REPO, "docs", "microdata.md")

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def trappsteg(binary, *arguments, cwd):
    done = subprocess.run([binary, *arguments], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"FAIL: trappsteg {' '.join(arguments)}: exit {done.returncode}\n{done.stdout}\n{done.stderr}", file=sys.stderr)
        sys.exit(1)
    return done


def run(binary, work, name, scenario, *options):
    out = os.path.join(work, name)
    trappsteg(binary, "run", os.path.join(REPO, "scenarios", scenario), *options, "--quiet", "--out", out, cwd=work)
    return os.path.join(out, "results.sqlite")


def recompute(database, expect_success=True):
    done = subprocess.run([sys.executable, RECOMPUTE, database], capture_output=True, text=True)
    print(done.stdout)
    if expect_success:
        check(done.returncode == 0, f"recompute.py {database}: exit {done.returncode}\n{done.stderr}")
    return done


def dump(database, query):
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = con.execute(query).fetchall()
    con.close()
    return rows


# ---- recompute -------------------------------------------------------------------------------

def check_recompute(binary, work):
    small = ["--scale", "0.02", "--years", "3", "--seed", "5"]
    databases = {
        "baseline, monthly": run(binary, work, "baseline_monthly", "baseline.yaml", *small, "--microdata", "monthly"),
        "baseline, yearly": run(binary, work, "baseline_yearly", "baseline.yaml", *small, "--microdata", "yearly"),
        "combined (every policy) and its baseline, monthly": run(binary, work, "combined", "combined.yaml", *small,
                                                                  "--microdata", "monthly"),
    }
    for what, database in databases.items():
        print(f"--- {what}")
        recompute(database)
    con = sqlite3.connect(databases["combined (every policy) and its baseline, monthly"])
    scenarios = {s for (s,) in con.execute("SELECT scenario FROM runs")}
    in_policy = con.execute("SELECT count(*) FROM panel WHERE policy_id IS NOT NULL").fetchone()[0]
    con.close()
    check(scenarios == {"combined", "baseline"}, f"the combined database holds runs of {sorted(scenarios)}")
    check(in_policy > 0, "nobody takes part in a policy in the combined run: the policy columns go unchecked")

    # The check can fail: aggregates moved by a little more than the tolerance are found.
    for metric, district, change, tolerance in (("gini", "angered", 2e-9, "absolute"),
                                                ("employment_rate_20_64", "city", 1 + 3e-9, "relative"),
                                                ("households_on_support", "lundby", 1 + 3e-9, "relative")):
        altered = os.path.join(work, f"altered_{metric}.sqlite")
        shutil.copyfile(databases["baseline, monthly"], altered)
        con = sqlite3.connect(altered)
        operation = "value + ?" if tolerance == "absolute" else "value * ?"
        changed = con.execute(
            f"""UPDATE monthly_values SET value = {operation}
                WHERE month = 7 AND area_id = (SELECT area_id FROM areas WHERE key = ?)
                  AND group_id = (SELECT group_id FROM population_groups WHERE name = 'all')
                  AND metric_id = (SELECT metric_id FROM metrics WHERE name = ?)""", (change, district, metric)).rowcount
        con.commit()
        con.close()
        check(changed == 1, f"altering {metric} changed {changed} rows")
        print(f"--- altered on purpose: {metric} in {district} at month 7 (the FAIL below is expected)")
        done = recompute(altered, expect_success=False)
        check(done.returncode == 1 and metric in done.stderr,
              f"recompute.py did not find {metric} in {district} moved by {change} ({tolerance}): exit {done.returncode}")


# ---- threads ---------------------------------------------------------------------------------

def check_threads(binary, work):
    databases = []
    for threads in ("1", "2"):
        databases.append(run(binary, work, f"threads_{threads}", "families_250.yaml", "--scale", "0.02", "--years", "2",
                             "--seed", "11", "--microdata", "monthly", "--threads", threads))
    queries = {
        "panel": "SELECT * FROM panel ORDER BY run_id, person, month",
        "events": "SELECT * FROM events ORDER BY run_id, month, person, kind, from_value, to_value",
        "events in the order written": "SELECT * FROM events ORDER BY rowid",
        "participations": "SELECT * FROM participations ORDER BY run_id, month, person, policy_id",
        "steps and policies": "SELECT 'step', step_id, key FROM steps UNION ALL SELECT 'policy', policy_id, key FROM policies",
    }
    for what, query in queries.items():
        one, two = dump(databases[0], query), dump(databases[1], query)
        check(len(one) > 0, f"--threads 1 wrote no {what}")
        if not check(one == two, f"{what} differ between --threads 1 and --threads 2 ({len(one)} and {len(two)} rows)"):
            first = next((k for k, (a, b) in enumerate(zip(one, two)) if a != b), min(len(one), len(two)))
            print(f"first difference in {what}, row {first}: {one[first:first + 1]} against {two[first:first + 1]}", file=sys.stderr)
    kinds = {kind for (kind,) in dump(databases[0], "SELECT DISTINCT kind FROM events")}
    for kind in ("stage", "policy_start", "born", "arrived", "moved_in", "district", "died", "moved_away"):
        check(kind in kinds, f"the thread comparison covers no '{kind}' event")
    print(f"panel and events identical for --threads 1 and 2: {len(dump(databases[0], queries['panel']))} panel rows, "
          f"{len(dump(databases[0], queries['events']))} events")


# ---- compare ---------------------------------------------------------------------------------

def check_compare(binary, work):
    out = os.path.join(work, "compare")
    trappsteg(binary, "compare", os.path.join(REPO, "scenarios", "baseline.yaml"), os.path.join(REPO, "scenarios", "families_250.yaml"),
              "--microdata", "--scale", "0.02", "--years", "3", "--replicates", "2", "--quiet", "--out", out, cwd=work)
    database = os.path.join(out, "results.sqlite")
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    columns = [c[1] for c in con.execute("PRAGMA table_info(panel)") if c[1] != "run_id"]
    runs = con.execute("SELECT run_id, scenario, replicate FROM runs ORDER BY replicate, scenario").fetchall()
    check({s for _, s, _ in runs} == {"baseline", "families_250"} and len(runs) == 4, f"the compare database holds runs {runs}")
    for replicate in (0, 1):
        of = {s: r for r, s, rep in runs if rep == replicate}
        start = {s: con.execute(f"SELECT {', '.join(columns)} FROM panel WHERE run_id = ? AND month = 0 ORDER BY person",
                                (r,)).fetchall() for s, r in of.items()}
        base, policy = start["baseline"], start["families_250"]
        check(len(base) > 0, f"replicate {replicate}: nobody at month 0")
        check([r[0] for r in base] == [r[0] for r in policy],
              f"replicate {replicate}: the people present at month 0 differ ({len(base)} and {len(policy)})")
        differing = [(a, b) for a, b in zip(base, policy) if a != b]
        if not check(not differing, f"replicate {replicate}: {len(differing)} people differ at month 0 between the scenarios"):
            a, b = differing[0]
            print("first:", {c: (x, y) for c, x, y in zip(columns, a, b) if x != y}, file=sys.stderr)
        # ... and the scenarios do go apart once the families measure starts (2018-01, month 25), so
        # the comparison is of two different runs.
        later = {s: con.execute("SELECT count(*), sum(employed), sum(policy_id IS NOT NULL) FROM panel WHERE run_id = ? AND month = 36",
                                (r,)).fetchone() for s, r in of.items()}
        check(later["baseline"] != later["families_250"], f"replicate {replicate}: the two scenarios are alike at month 36 too")
    con.close()
    print(f"month 0: the same {len(base)} people with the same {len(columns) - 1} attributes in both scenarios, in each replicate")


# ---- recipes ---------------------------------------------------------------------------------

def section(text, heading):
    start = text.find(heading)
    if start < 0:
        print(f"FAIL: docs/microdata.md has no section '{heading}'", file=sys.stderr)
        sys.exit(1)
    ends = [e for e in (text.find("\n### ", start + len(heading)), text.find("\n## ", start + len(heading))) if e >= 0]
    return text[start:min(ends) if ends else len(text)]


def fenced(text, language):
    return re.findall(r"```" + language + r"\n(.*?)```", text, re.S)


def run_recipe(binary, work, text, small):
    """Runs the section's command (smaller), then its Python as written; returns the namespace."""
    command = shlex.split(fenced(text, "sh")[0].strip())
    check(command[0] == "trappsteg", f"a recipe's command is not trappsteg: {command}")
    arguments, out = [], None
    skip = {"--scale", "--years", "--microdata-sample", "--out"}  # replaced: everyone kept, and small
    k = 1
    while k < len(command):
        if command[k] in skip:
            if command[k] == "--out":
                out = command[k + 1]
            k += 2
            continue
        arguments.append(os.path.join(REPO, command[k]) if command[k].startswith("scenarios/") else command[k])
        k += 1
    folder = os.path.join(work, "recipes")
    os.makedirs(folder, exist_ok=True)
    trappsteg(binary, *arguments, *small, "--quiet", "--out", os.path.join(folder, out), cwd=folder)
    namespace = {}
    os.chdir(folder)  # the doc's paths are relative to where the command ran
    try:
        exec(compile(fenced(text, "python")[0], "docs/microdata.md", "exec"), namespace)  # the doc's own code
    except Exception as e:  # an error in the doc's code is a failure of the doc
        failures.append(f"a recipe fails: {type(e).__name__}: {e}")
        return None, None
    finally:
        os.chdir(REPO)
    return namespace, os.path.join(folder, out)


def engine_spells_of_in_movers(con, run_id, employment, horizon):
    """The spells the engine's median adds besides arrivals from abroad: foreign-born who move in
    from the rest of Sweden having arrived in Sweden during the run, timed from that arrival (0-based
    months as the engine keeps them), their job dated to the month before moving in if they come
    with one."""
    movers = pd.read_sql_query(
        """SELECT e.person, e.month - 1 AS moved_in, e.month - 1 - p.months_since_arrival AS arrival, p.employed,
                  (p.age_months - p.months_since_arrival - 1) / 12 AS arrival_age
           FROM events e JOIN panel p ON p.run_id = e.run_id AND p.person = e.person AND p.month = e.month
           WHERE e.run_id = ? AND e.kind = 'moved_in' AND p.foreign_born = 1""", con, params=(run_id,))
    movers = movers[(movers.arrival >= 0) & (movers.arrival < horizon) & movers.arrival_age.between(20, 64)]
    stages = pd.read_sql_query("SELECT person, month - 1 AS month, to_value FROM events WHERE run_id = ? AND kind = 'stage' "
                               "AND from_value IS NOT NULL", con, params=(run_id,))
    later_job = stages[stages.to_value.isin(employment)].groupby("person").month.min()
    left = pd.read_sql_query("SELECT person, MIN(month) - 1 AS month FROM events WHERE run_id = ? AND kind IN ('died', 'moved_away') "
                             "GROUP BY person", con, params=(run_id,)).set_index("person").month
    job = np.where(movers.employed == 1, movers.moved_in - 1, movers.person.map(later_job))
    job = pd.Series(job, index=movers.index, dtype=float)
    found = (job >= 0) & (job < horizon)
    gone = movers.person.map(left)
    stop = job.where(found, gone.where(gone < horizon, horizon))
    return pd.DataFrame({"found_job": found, "months": np.maximum(0, stop - movers.arrival).astype(int)})


def check_survival_recipe(binary, work, doc):
    # Five years at a twentieth of the city: enough newcomers for the median to be reached.
    namespace, folder = run_recipe(binary, work, section(doc, "### Survival to a first job, by arrival cohort"),
                                   ["--scale", "0.05", "--years", "5", "--seed", "2016"])
    if namespace is None:
        return
    survival, curves, spells_of = namespace["survival"], namespace["curves"], namespace["newcomer_spells"]
    kaplan_meier, median = namespace["kaplan_meier"], namespace["median"]
    check(list(survival.columns) == list(range(2016, 2021)), f"survival curves for cohorts {list(survival.columns)}")
    for cohort in survival.columns:
        curve = survival[cohort].dropna()
        check(len(curve) > 0 and curve.between(0, 1).all() and (curve.diff().dropna() <= 1e-15).all(),
              f"cohort {cohort}: the survival curve is not a non-increasing share")
    database = os.path.join(folder, "results.sqlite")
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    run_id, months, scale = con.execute("SELECT run_id, months, scale FROM runs WHERE scenario = 'baseline' AND replicate = 0").fetchone()
    employment = namespace["employment"]
    # The recipe's spells plus the in-movers make the engine's spells: the same number, and the
    # same Kaplan–Meier median at the end of every year.
    summary = json.load(open(os.path.join(folder, "summary.json"), encoding="utf-8"))
    arrived_as_adults = summary["newcomers"]["city"]["arrived_as_adults"] * scale
    adults = spells_of(months).query("20 <= arrival_age <= 64")
    movers = engine_spells_of_in_movers(con, run_id, employment, months)
    check(round(arrived_as_adults) == len(adults) + len(movers),
          f"{len(adults)} arrivals and {len(movers)} in-movers of working age, the engine follows {arrived_as_adults:g}")
    reached = 0
    for year in range(1, months // 12 + 1):
        horizon = 12 * year
        spells = pd.concat([spells_of(horizon).query("20 <= arrival_age <= 64")[["found_job", "months"]],
                            engine_spells_of_in_movers(con, run_id, employment, horizon)])
        ours = median(kaplan_meier(spells))
        (engine,) = con.execute("SELECT value FROM summaries WHERE run_id = ? AND year_of_run = ? AND district = 'city' "
                                "AND outcome = 'newcomers_median_months_to_first_job'", (run_id, year)).fetchone()
        check(ours == engine or (ours is not None and engine is not None and math.isclose(ours, engine)),
              f"year {year}: the recipe's median months to a first job is {ours}, the engine's {engine}")
        reached += engine is not None
    check(reached > 0, "the engine's median is never reached: the survival check compares only 'not reached'")
    con.close()
    print(f"survival recipe: {len(adults)} newcomers of working age in {len(curves)} cohorts; medians as the engine's "
          f"in {months // 12} years ({reached} reached)")


def check_panel_recipe(binary, work, doc):
    namespace, folder = run_recipe(binary, work, section(doc, "### A person–year panel for fixed effects"),
                                   ["--scale", "0.02", "--years", "3", "--seed", "2016"])
    if namespace is None:
        return
    person_year, beta = namespace["person_year"], namespace["beta"]
    check(list(person_year.index.names) == ["person", "year"] and person_year.index.is_unique,
          "the person-year panel is not indexed by a unique (person, year)")
    for column in ("employed", "earnings_sek", "district", "policy", "age", "in_policy"):
        check(column in person_year.columns, f"the person-year panel has no column {column}")
    check(set(person_year.employed.unique()) <= {0, 1}, "employed is not 0/1")
    check(math.isfinite(beta[0]), f"the fixed-effects estimate is {beta[0]}")
    database = os.path.join(folder, "results.sqlite")
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    run_id, start_year, scale = con.execute(
        "SELECT run_id, start_year, scale FROM runs WHERE scenario = 'families_250' AND replicate = 0").fetchone()
    rows = con.execute("SELECT count(*) FROM panel WHERE run_id = ? AND month > 0 AND month % 12 = 0", (run_id,)).fetchone()[0]
    check(len(person_year) == rows, f"the person-year panel has {len(person_year)} rows, the panel {rows} at year ends")
    years = sorted(set(person_year.index.get_level_values("year")))
    check(years == [start_year, start_year + 1, start_year + 2], f"years {years}")
    # Its numbers are the engine's at the same months: employment rate 20–64, earnings, in a policy.
    for year, of_year in person_year.groupby(level="year"):
        month = 12 * (year - start_year + 1)
        engine = dict(con.execute("SELECT metric, value FROM monthly WHERE run_id = ? AND month = ? AND district = 'city' AND grp = 'all' "
                                  "AND metric IN ('employment_rate_20_64', 'earnings_sek', 'in_policy')", (run_id, month)))
        working = of_year[of_year.age.between(20, 64)]
        ours = {"employment_rate_20_64": working.employed.mean(), "earnings_sek": of_year.earnings_sek.sum() * (1 / scale),
                "in_policy": of_year.in_policy.sum() * (1 / scale)}
        for metric, value in ours.items():
            check(math.isclose(value, engine[metric], rel_tol=1e-9), f"{year}: the panel's {metric} is {value}, the engine's {engine[metric]}")
    check(person_year.in_policy.sum() > 0, "nobody in the person-year panel takes part in a policy")
    con.close()
    print(f"person-year recipe: {len(person_year)} person-years, employment, earnings and policy counts as the engine's")


def check_recipes(binary, work):
    doc = open(DOC, encoding="utf-8").read()
    recipes = re.findall(r"^### (.+)$", doc.split("\n## Recipes", 1)[1].split("\n## ", 1)[0], re.M)
    check(recipes == ["Survival to a first job, by arrival cohort", "A person–year panel for fixed effects"],
          f"docs/microdata.md's recipes are {recipes}; this test knows two")
    check_survival_recipe(binary, work, doc)
    check_panel_recipe(binary, work, doc)


CHECKS = {"recompute": check_recompute, "threads": check_threads, "compare": check_compare, "recipes": check_recipes}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in CHECKS:
        print(f"usage: {sys.argv[0]} {{{','.join(CHECKS)}}} <trappsteg>", file=sys.stderr)
        sys.exit(2)
    binary = os.path.abspath(sys.argv[2])
    if not os.access(binary, os.X_OK):
        print(f"FAIL: {binary} is not an executable", file=sys.stderr)
        sys.exit(1)
    if not os.path.isfile(os.path.join(REPO, "scenarios", "baseline.yaml")):
        print("FAIL: run from the repository root", file=sys.stderr)
        sys.exit(1)
    work = tempfile.mkdtemp(prefix="trappsteg-microdata-")
    try:
        CHECKS[sys.argv[1]](binary, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        for f in failures:
            print(f"FAIL: {f}", file=sys.stderr)
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all checks passed")
