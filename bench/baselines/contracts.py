"""bench:contracts baseline: the same Table Schema checks as bench/contracts.mjs's schema, done
with pandas when it is installed (--pandas), else with python3's csv module, row by row.
Prints the number of errors found (the bench compares it with mlbranch's)."""
import csv
import re
import sys
from datetime import date

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COUNTRIES = {"DE", "FR", "US", "IT", "ES"}


def with_csv(items, teams):
    team_ids = set()
    with open(teams, newline="") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            team_ids.add(int(row[0]))
    errors = 0
    ids = set()
    with open(items, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        if header != ["id", "email", "age", "score", "country", "day", "team"]:
            errors += 1
        for row in r:
            if len(row) != 7:
                errors += 1
                continue
            i, email, age, score, country, day, team = row
            try:
                k = int(i)
                if k in ids:
                    errors += 1
                ids.add(k)
            except ValueError:
                errors += 1
            if not EMAIL.match(email):
                errors += 1
            try:
                a = int(age)
                if a < 0 or a > 130:
                    errors += 1
            except ValueError:
                errors += 1
            try:
                s = float(score)
                if s < 0 or s > 1:
                    errors += 1
            except ValueError:
                errors += 1
            if country not in COUNTRIES:
                errors += 1
            try:
                date.fromisoformat(day)
            except ValueError:
                errors += 1
            try:
                if int(team) not in team_ids:
                    errors += 1
            except ValueError:
                errors += 1
    return errors


def with_pandas(items, teams):
    import pandas as pd

    t = pd.read_csv(teams, dtype=str)
    d = pd.read_csv(items, dtype=str, keep_default_na=False)
    errors = 0
    ids = pd.to_numeric(d["id"], errors="coerce")
    errors += int(ids.isna().sum()) + int(ids.dropna().duplicated().sum())
    errors += int((~d["email"].str.match(EMAIL.pattern)).sum())
    age = pd.to_numeric(d["age"], errors="coerce")
    errors += int(age.isna().sum()) + int(((age < 0) | (age > 130)).sum())
    score = pd.to_numeric(d["score"], errors="coerce")
    errors += int(score.isna().sum()) + int(((score < 0) | (score > 1)).sum())
    errors += int((~d["country"].isin(COUNTRIES)).sum())
    errors += int(pd.to_datetime(d["day"], format="%Y-%m-%d", errors="coerce").isna().sum())
    team = pd.to_numeric(d["team"], errors="coerce")
    errors += int((~team.isin(pd.to_numeric(t["id"]))).sum())
    return errors


if __name__ == "__main__":
    use_pandas = sys.argv[1] == "--pandas"
    items, teams = sys.argv[-2], sys.argv[-1]
    print((with_pandas if use_pandas else with_csv)(items, teams))
