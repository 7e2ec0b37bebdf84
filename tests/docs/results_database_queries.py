"""Every example of docs/results_database.md, run as documented on small run, compare and sweep
databases, with the answers checked against the CSV files beside them.

Usage: /usr/bin/python3 tests/docs/results_database_queries.py <trappsteg>, from the repository
root. Needs sqlite3 and Debian's python3-pandas (scripts/setup.sh installs both); fails, never
skips, without them.

The commands, the database paths, the sqlite3 queries, the pandas code and the R queries are
read from the doc itself, so doc and test cannot drift: a query the doc gains without a check
here fails, as does a check whose query the doc lost. Nothing reaches a shell: every command
is run from its list of arguments.
"""

import csv
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
from collections import defaultdict

try:
    import pandas as pd  # noqa: F401  (the doc's code imports it too; this fails early and clearly)
except ImportError:
    print("FAIL: pandas is missing: install python3-pandas (scripts/setup.sh) and run with /usr/bin/python3", file=sys.stderr)
    sys.exit(1)

REPO = os.getcwd()
DOC = os.path.join(REPO, "docs", "results_database.md")
# Tiny and short: the checks are of the queries, not of the model.
TINY = ["--scale", "0.002", "--years", "3", "--replicates", "2", "--seed", "7", "--threads", "2", "--quiet"]
REPLICATES = 2
MONTHS = 36

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def close(a, b):
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


# ---- the doc --------------------------------------------------------------------------------

def section(text, heading):
    start = text.find(heading)
    if start < 0:
        print(f"FAIL: docs/results_database.md has no section '{heading}'", file=sys.stderr)
        sys.exit(1)
    end = text.find("\n## ", start + len(heading))
    return text[start:end if end >= 0 else len(text)]


def fenced(text, language):
    return re.findall(r"```" + language + r"\n(.*?)```", text, re.S)


def tags_of(title):
    """'What is in the database. [run, compare, sweep]' -> {'run', 'compare', 'sweep'}."""
    found = re.search(r"\[([a-z, ]+)\]\s*$", title)
    return {t.strip() for t in found.group(1).split(",")} if found else set()


doc = open(DOC, encoding="utf-8").read()

# The commands and where they write, from the table under "Where the database is".
commands = {}  # kind -> (arguments, database path)
for line in section(doc, "## Where the database is").splitlines():
    row = re.match(r"\| `(trappsteg [^`]+)` \| `([^`]+)`", line)
    if row:
        arguments = shlex.split(row.group(1))
        commands[arguments[1]] = (arguments, row.group(2))
for kind in ("run", "compare", "sweep"):
    check(kind in commands, f"the doc does not say where `{kind}` writes its database")

shell = section(doc, "## Queries from the sqlite3 shell")
opening = fenced(shell, "sh")[0].split()
check(opening[-1] in [path for _, path in commands.values()],
      f"the sqlite3 command opens {opening[-1]}, which no documented command writes")
queries = []  # (title, text)
for chunk in fenced(shell, "sql")[0].strip().split("\n\n"):
    title = chunk.splitlines()[0]
    check(title.startswith("-- "), f"a query without a title comment: {chunk[:60]}")
    queries.append((title[3:], chunk))
python_blocks = fenced(section(doc, "## From Python (pandas)"), "python")
r_block = fenced(section(doc, "## From R"), "r")[0]
r_queries = re.findall(r'dbGetQuery\(con, "(.*?)"(?:,\s*params = list\((.*?)\))?\)', r_block, re.S)
r_path = re.search(r'dbConnect\(RSQLite::SQLite\(\), "([^"]+)"', r_block).group(1)

# ---- the databases, made as the doc's commands make them -------------------------------------

trappsteg = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="trappsteg-docs-")
databases = {}  # kind -> absolute path
for kind in ("run", "compare", "sweep"):
    if kind not in commands:
        continue
    arguments, path = commands[kind]
    # The repository's files by absolute path; the results by default under the working folder.
    given = [os.path.join(REPO, a) if a.startswith(("scenarios/", "models/")) else a for a in arguments[1:]]
    done = subprocess.run([trappsteg] + given + TINY, cwd=work, capture_output=True, text=True)
    if not check(done.returncode == 0, f"{' '.join(arguments)}: exit {done.returncode}: {done.stderr}"):
        continue
    database = os.path.join(work, path)
    if check(os.path.isfile(database), f"{' '.join(arguments)} wrote no {path}"):
        databases[kind] = database


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def budget_means(kind, item):
    """(scenario, sweep point, year) -> the mean over replicates of an item of budget.csv."""
    folder = os.path.dirname(databases[kind])
    values = defaultdict(list)
    for row in read_csv(os.path.join(folder, "budget.csv")):
        if row["item"] != item:
            continue
        scenario, point = ("families_250", int(row["point"])) if kind == "sweep" else (row["scenario"], None)
        values[(scenario, point, int(row["year"]))].append(float(row["value"]))
    return {key: sum(v) / len(v) for key, v in values.items()}


def points_csv():
    return read_csv(os.path.join(os.path.dirname(databases["sweep"]), "points.csv"))


def query_sqlite3(database, text, cwd=None):
    """Runs a documented chunk in the sqlite3 shell, as a reader would; rows as dicts."""
    done = subprocess.run(["sqlite3", "-readonly", "-json", database], input=text, cwd=cwd, capture_output=True, text=True)
    check(done.returncode == 0 and not done.stderr, f"sqlite3 failed on:\n{text}\n{done.stderr}")
    return json.loads(done.stdout) if done.stdout.strip() else []


# ---- what each documented query must answer ---------------------------------------------------

def points_in(kind):
    return 20 if kind == "sweep" else 1  # families_lhs.yaml has 20 points


def check_runs(kind, rows, _):
    scenarios = {"run": {"families_250", "baseline"}, "compare": {"baseline", "families_250"}, "sweep": {"families_250"}}[kind]
    check(len(rows) == REPLICATES * (2 if kind != "sweep" else 20), f"{kind}: {len(rows)} runs listed")
    check({r["scenario"] for r in rows} == scenarios, f"{kind}: runs of {sorted({r['scenario'] for r in rows})}")
    check(all(r["months"] == MONTHS for r in rows), f"{kind}: runs of other lengths than {MONTHS} months")


def check_monthly(kind, rows, _):
    check(len(rows) == points_in(kind) * REPLICATES * MONTHS, f"{kind}: {len(rows)} monthly values")
    check(all(0 < r["value"] < 1 for r in rows), f"{kind}: an employment rate outside (0, 1)")


def check_monthly_mean(kind, rows, database):
    check(len(rows) == points_in(kind) * MONTHS, f"{kind}: {len(rows)} monthly means")
    # Each mean is over the replicates of one point, never over several points.
    check(all(r["replicates"] == REPLICATES for r in rows), f"{kind}: a mean over {set(r['replicates'] for r in rows)} runs")
    check(all(r["low"] <= r["mean"] <= r["high"] for r in rows), f"{kind}: a mean outside its spread")
    by_hand = defaultdict(list)
    for r in query_sqlite3(database, "SELECT r.sweep_point AS p, v.month, v.value FROM monthly v JOIN runs r USING (run_id) "
                                     "WHERE v.scenario = 'families_250' AND v.district = 'angered' AND v.grp = 'all' "
                                     "AND v.metric = 'employment_rate_20_64';"):
        by_hand[(r["p"], r["month"])].append(r["value"])
    check(all(close(r["mean"], sum(by_hand[(r["sweep_point"], r["month"])]) / REPLICATES) for r in rows), f"{kind}: means differ")


def check_side_by_side(kind, rows, _):
    groups = {"run": 2, "compare": 2, "sweep": 20}[kind]
    check(len(rows) == 3 * groups, f"{kind}: {len(rows)} rows for 3 years of {groups} scenarios or points")
    check(all(r["replicates"] == REPLICATES for r in rows), f"{kind}: a mean over other than {REPLICATES} replicates")
    check(all(0 < r["employment_rate"] < 1 for r in rows), f"{kind}: an employment rate outside (0, 1)")
    check({r["year"] for r in rows} == {2016, 2017, 2018}, f"{kind}: years {sorted({r['year'] for r in rows})}")


def check_stages(kind, rows, _):
    points = defaultdict(dict)
    for r in rows:
        points[r["sweep_point"]][r["metric"]] = r["value"]
    check(len(points) == points_in(kind), f"{kind}: steps of {len(points)} points")
    check(all("stage:job_seeker" in p and sum(p.values()) > 0 for p in points.values()), f"{kind}: no one on the steps")
    check(all(r["value"] >= 0 for r in rows), f"{kind}: a negative count of people")


def cumulative_year():
    return 2016 + min(10, MONTHS // 12) - 1


def check_budget(kind, rows, _):
    expected = {(s, p): v for (s, p, y), v in budget_means(kind, "cumulative_net_sek").items() if y == cumulative_year()}
    got = {(r["scenario"], r["sweep_point"]): r["cumulative_net_sek"] for r in rows}
    check(len(rows) > 0, f"{kind}: the budget query returns no rows")
    check(set(got) == set(expected), f"{kind}: budgets of {sorted(got, key=str)}, budget.csv has {sorted(expected, key=str)}")
    check(all(close(v, expected.get(k)) for k, v in got.items()), f"{kind}: cumulative nets {got} differ from budget.csv's {expected}")
    check(all(r["replicates"] == REPLICATES and r["year"] == cumulative_year() for r in rows), f"{kind}: budget rows {rows}")
    check(any(v != 0 for v in got.values()), f"{kind}: every cumulative net is 0")


def check_sweep_budget(kind, rows, _):
    if kind != "sweep":
        check(rows == [], f"{kind}: the sweep's query answers outside a sweep")
        return
    expected = {p: v for (_, p, y), v in budget_means(kind, "cumulative_net_sek").items() if y == cumulative_year()}
    parameters = {int(row["point"]): row for row in points_csv()}
    check(len(rows) == 2 * 20, f"{len(rows)} rows for 20 points of 2 parameters")
    for r in rows:
        point = r["sweep_point"]
        check(close(r["cumulative_net_sek"], expected.get(point)), f"point {point}: {r['cumulative_net_sek']} against budget.csv's {expected.get(point)}")
        check(close(r["parameter"], float(parameters[point][r["path"]])), f"point {point}: {r['path']} = {r['parameter']}, points.csv has another")
        check(r["replicates"] == REPLICATES, f"point {point}: a mean over {r['replicates']} runs")


def check_export(kind, text, database):
    folder = tempfile.mkdtemp(dir=work)
    query_sqlite3(database, text, cwd=folder)
    exported = os.path.join(folder, "angered.csv")
    if check(os.path.isfile(exported), f"{kind}: the export wrote no angered.csv"):
        rows = read_csv(exported)
        check(len(rows) > 0 and set(rows[0]) >= {"scenario", "month", "district", "value"}, f"{kind}: angered.csv holds {rows[:1]}")
        check(all(r["district"] == "angered" for r in rows), f"{kind}: angered.csv holds other districts")


CHECKS = {
    "What is in the database.": check_runs,
    "The employment rate (20–64) in Angered, month by month, for every run of families_250.": check_monthly,
    "The same as the mean over replicates per month, with the spread (in a sweep, per point).": check_monthly_mean,
    "Scenarios (or sweep points) side by side: the city's employment rate after each year, mean over replicates.": check_side_by_side,
    "People on each step in Angered at the last month of replicate 0.": check_stages,
    "The budget: the cumulative net after ten years (or the last year of a shorter run), mean over replicates.": check_budget,
    "A sweep: each point's parameter values beside that cumulative net.": check_sweep_budget,
    "Export a query as CSV.": check_export,
}

documented = set()
for title, text in queries:
    name = re.sub(r"\s*\[[a-z, ]+\]\s*$", "", title)
    documented.add(name)
    tags = tags_of(title)
    check(tags, f"'{title}' does not say which databases it answers")
    if not check(name in CHECKS, f"the documented query '{name}' has no check here"):
        continue
    for kind, database in databases.items():
        if name == "Export a query as CSV.":
            CHECKS[name](kind, text, database)
            continue
        rows = query_sqlite3(database, text)
        if kind in tags:
            check(len(rows) > 0, f"{kind}: '{name}' returns no rows")
        CHECKS[name](kind, rows, database)
for name in set(CHECKS) - documented:
    failures.append(f"the doc no longer has the query '{name}'")

# ---- pandas: each block as written, in a folder holding the databases where the doc has them --

for block in python_blocks:
    tags = tags_of(block.splitlines()[0])
    check(tags, "a Python block does not say which databases it answers")
    path = re.search(r'sqlite3\.connect\("file:([^?"]+)', block).group(1)
    for kind in sorted(tags & set(databases)):
        code = block.replace(path, commands[kind][1])
        namespace = {}
        os.chdir(work)  # the doc's paths are relative to where the commands ran
        try:
            exec(compile(code, f"docs/results_database.md (Python, {kind})", "exec"), namespace)  # the doc's own code
        except Exception as e:  # any error in the doc's code is a failure of the doc
            failures.append(f"{kind}: the Python example fails: {type(e).__name__}: {e}")
            continue
        finally:
            os.chdir(REPO)
        if "angered" in namespace:
            mean, wide, net = namespace["mean"], namespace["wide"], namespace["net"]
            check(len(namespace["angered"]) == points_in(kind) * REPLICATES * MONTHS * (2 if kind != "sweep" else 1),
                  f"{kind}: pandas read {len(namespace['angered'])} monthly values")
            check(set(mean["count"]) == {REPLICATES}, f"{kind}: pandas means over {set(mean['count'])} runs")
            check(wide.shape == (MONTHS, 2 if kind != "sweep" else 20), f"{kind}: the wide table is {wide.shape}")
            expected = budget_means(kind, "net_sek")
            for column in net.columns:
                scenario, _, point = column.partition(" point ")
                for year, value in net[column].items():
                    check(close(value, expected.get((scenario, int(point) if point else None, year))),
                          f"{kind}: pandas' net for {column} in {year} is {value}, budget.csv's mean is "
                          f"{expected.get((scenario, int(point) if point else None, year))}")
            check(len(net.columns) > 0 and net.notna().all().all(), f"{kind}: pandas' budget is empty or has gaps")
        if "by_point" in namespace:
            by_point = namespace["by_point"]
            check(len(by_point) == 20, f"pandas found {len(by_point)} sweep points")
            for row in points_csv():
                point = int(row["point"])
                check(close(by_point.loc[point, "employment_rate"], float(row[f"employment_rate_20_64_m{MONTHS}"])),
                      f"point {point}: pandas' employment rate differs from points.csv")
                for parameter in ("policy.families_250.capacity.seats",
                                  "policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier"):
                    check(close(by_point.loc[point, parameter], float(row[parameter])), f"point {point}: pandas' {parameter}")
        check("angered" in namespace or "by_point" in namespace, f"{kind}: a Python block that this test does not check")

# ---- R: its queries (R itself is not installed), with their parameters ------------------------

check(r_path in [path for _, path in commands.values()], f"the R example opens {r_path}, which no documented command writes")
check(len(r_queries) == 2, f"{len(r_queries)} R queries, the test knows 2")
for kind, database in databases.items():
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    for text, parameters in r_queries:
        rows = [dict(r) for r in con.execute(text, re.findall(r'"([^"]*)"', parameters or ""))]
        check(len(rows) > 0, f"{kind}: an R query returns no rows:\n{text}")
        if "replicates" in (rows[0] if rows else {}):
            check({r["replicates"] for r in rows} == {REPLICATES}, f"{kind}: the R means are over {set(r['replicates'] for r in rows)} runs")
        if "net_sek" in (rows[0] if rows else {}):
            folder = os.path.dirname(database)
            lines = sum(1 for r in read_csv(os.path.join(folder, "budget.csv")) if r["item"] == "net_sek")
            check(len(rows) == lines, f"{kind}: the R budget has {len(rows)} net rows, budget.csv {lines}")
    con.close()

# ---- budget_table.csv against the database it was written beside ------------------------------
# The budget leader's table (each item's mean over the replicates) must be the database's numbers.

def check_budget_table(database):
    folder = os.path.dirname(database)
    table = read_csv(os.path.join(folder, "budget_table.csv"))
    check(len(table) > 0, "compare: budget_table.csv is empty")
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    yearly = {(s, y, i): v for s, y, i, v in con.execute(
        "SELECT r.scenario, b.year, b.item, avg(b.value) FROM budget b JOIN runs r USING (run_id) GROUP BY r.scenario, b.year, b.item")}
    totals = {(s, y, i): v for s, y, i, v in con.execute(
        "SELECT r.scenario, t.years, t.item, avg(t.value) FROM budget_totals t JOIN runs r USING (run_id) GROUP BY r.scenario, t.years, t.item")}
    con.close()
    items = ["extra_programme_cost_sek", "support_saved_sek", "tax_gained_sek", "net_sek", "extra_job_years"]
    compared = 0
    for row in table:
        scenario, kind = row["scenario"], row["row"]
        for item in items + ["cumulative_net_sek"]:
            if kind == "year":
                expected = yearly.get((scenario, int(row["year"]), item))
            elif item == "cumulative_net_sek":
                continue  # a total's cumulative net is its net
            else:
                name = item if kind == "total" or item == "extra_job_years" else "discounted_" + item
                expected = totals.get((scenario, int(row["years"]), name))
            compared += 1
            check(close(float(row[item]), expected),
                  f"compare: budget_table.csv's {item} for {scenario} ({kind} {row['year']}, {row['years']} years) is {row[item]}, "
                  f"results.sqlite's mean {expected}")
    check(compared > 0, "compare: no budget_table.csv numbers were compared")


check_budget_table(databases["compare"])

shutil.rmtree(work, ignore_errors=True)
if failures:
    for f in failures:
        print(f"FAIL: {f}", file=sys.stderr)
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print(f"all checks passed: {len(queries)} sqlite3 queries, {len(python_blocks)} pandas blocks and {len(r_queries)} R queries "
      f"on {', '.join(sorted(databases))} databases")
