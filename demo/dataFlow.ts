import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { commit } from "./commit.js";
import { IRIS_HEADER, irisRows } from "./iris.js";
import { CLEAN } from "./scripts.js";
import type { Demo } from "./setup.js";

const SOURCE = "https://vendor.example/exports/iris-2026-11-01.csv";

/** raw (with provenance and the refusals), clean, and split. */
export function dataFlow(d: Demo): void {
  const { sh } = d;
  sh.section("raw: data exactly as received, with its provenance");
  sh.ml(["branch", "raw"]);
  const batch1 = irisRows(7, 150, "a", 37);
  sh.write(
    "data/iris.csv",
    `${IRIS_HEADER}\n${batch1.join("\n")}\n`,
    "the vendor's export arrives: data/iris.csv, 150 rows",
  );
  sh.git(["add", "data/iris.csv"]);
  sh.say("a data commit without provenance is refused");
  commit(d, ["-m", "Add the iris export"], "fail");
  commit(d, [
    "-m",
    "Add the iris export",
    "--trailer",
    `Data-Source: ${SOURCE}`,
    "--trailer",
    "Data-License: CC-BY-4.0",
  ]);

  sh.say("raw data is never edited, not even to fix an obvious typo");
  const file = join(d.repo, "data/iris.csv");
  const original = readFileSync(file, "utf8");
  writeFileSync(file, original.replace(batch1[3], batch1[3].replace(/,(\d)\./, ",9.")));
  sh.git(["diff", "--stat"]);
  commit(d, ["-am", "Fix a typo in row 4", "--trailer", `Data-Source: ${SOURCE}`], "fail");
  sh.git(["restore", "--staged", "--worktree", "data/iris.csv"]);

  sh.section("clean: bad records removed, with the script that did it");
  sh.ml(["branch", "clean", "--from", "main"]);
  sh.ml(["pull-data", "raw"]);
  sh.write("clean.mjs", CLEAN, "the cleaning script: drop rows with a missing measurement");
  sh.run("node", ["clean.mjs"]);
  sh.git(["add", "clean.mjs", "data/iris.csv"]);
  sh.say("git commit uses the message pull-data prepared, with its Derived-From trailer");
  commit(d, ["--no-edit"]);
  sh.git(["log", "-1", "--format=%B"]);

  sh.section("raw grows by appending; clean pulls only what is new");
  sh.git(["switch", "-q", "raw"]);
  const batch2 = irisRows(8, 30, "b", 11);
  appendFileSync(file, `${batch2.join("\n")}\n`);
  sh.say("a second export is appended to data/iris.csv (appending is allowed on raw)");
  commit(d, [
    "-am",
    "Append the second iris export",
    "--trailer",
    `Data-Source: ${SOURCE.replace("11-01", "11-15")}`,
  ]);
  sh.git(["switch", "-q", "clean"]);
  const pulled = sh.ml(["pull-data", "raw"]);
  sh.assert(
    pulled.includes("appended data/iris.csv (+30)"),
    "pull-data appends only raw's 30 new rows",
  );
  sh.run("node", ["clean.mjs"]);
  sh.git(["add", "data/iris.csv"]);
  commit(d, ["--no-edit"]);

  sh.section("split: train / test, shared by everyone");
  sh.ml(["branch", "split", "--from", "main"]);
  sh.ml(["pull-data", "clean"]);
  // A hash of the id and a salt decide; the key and salt are recorded beside the split files
  // (data/.mlbranch-split.json), and the split rule reads ids by that key.
  sh.ml(["split", "data/iris.csv", "--key", "id", "--ratios", "0.8,0.2", "--salt", "iris-2026"]);
  sh.run("cat", ["data/.mlbranch-split.json"]);
  sh.git(["rm", "-q", "-f", "data/iris.csv"]);
  sh.git(["add", "-A", "data"]);
  const clean = sh.git(["rev-parse", "clean"], { quiet: true });
  sh.say("with -m and no trailer the hook names the trailer pull-data prepared");
  commit(d, ["-m", "Split 80/20 by a hash of the id"], "fail");
  commit(d, ["-m", "Split 80/20 by a hash of the id", "--trailer", `Derived-From: clean@${clean}`]);
}
