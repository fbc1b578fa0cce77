import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { commit } from "./commit.js";
import { irisRows } from "./iris.js";
import { type Demo, INSTALLER } from "./setup.js";

/**
 * Issue 25: monitoring in a repository of its own, whose monitor rule reads the training data
 * of the model repository's tag (fetched once into its cache) and raises the drift alert there.
 */
export function monitorRepoFlow(d: Demo): void {
  const { sh } = d;
  sh.section("a monitoring repository of its own, watching the model repository's acme-2");
  const home = sh.cwd;
  const mon = join(d.dir, "monitoring-service");
  mkdirSync(mon);
  sh.cwd = mon;
  try {
    sh.git(["init", "-q", "-b", "main"]);
    for (const [k, v] of [
      ["commit.gpgSign", "false"],
      ["gc.auto", "0"],
    ])
      sh.git(["config", k, v], { quiet: true });
    sh.write(".gitignore", "node_modules/\n");
    mkdirSync(join(mon, "node_modules"));
    symlinkSync(d.pkg, join(mon, "node_modules", "mlbranch"), "dir");
    sh.run("node", [`node_modules/mlbranch/${INSTALLER}`], {
      show: "npx install-ml-hooks",
      quiet: true,
    });
    const config = {
      types: {
        monitoring: { monitor: { reference: "../iris-demo#{tag}:data/train.*", minRows: 30 } },
      },
    };
    sh.write(
      "mlbranch.json",
      `${JSON.stringify(config, null, 2)}\n`,
      "monitor.reference names the model's repository (any git URL or path) before #{tag}:<path>",
    );
    sh.run("cat", ["mlbranch.json"]);
    sh.git(["add", "-A"]);
    commit(d, ["-m", "Monitoring service: watch the iris models"]);
    sh.git(["checkout", "-q", "-b", "monitoring"]);
    // A sensor recalibrated in production: sepal lengths arrive in a shifted unit.
    const header = "id,sepal_length,sepal_width,petal_length,petal_width,species,model_tag";
    const rows = irisRows(7, 60, "p").map((r) => {
      const c = r.split(",");
      return [c[0], (Number(c[1]) * 1.6).toFixed(1), ...c.slice(2, 6), "acme-2"].join(",");
    });
    sh.write(
      "monitoring/2026-11-28.csv",
      `${header}\n${rows.join("\n")}\n`,
      "production records, each naming the model tag that served it",
    );
    sh.git(["add", "monitoring"]);
    sh.say("git commit: the hook fetches acme-2's data/train.csv (that one file) and compares");
    const ran = sh.run("git", ["commit", "-q", "-m", "Production records of 2026-11-28"]);
    sh.assert(
      /ALERT/.test(ran.stderr) && /sepal_length/.test(ran.stderr),
      "the commit alerts on sepal_length",
    );
    const log = sh.git(["show", "HEAD:monitoring/alerts.jsonl"], { quiet: true });
    sh.assert(log.includes('"tag":"acme-2"'), "the alert is logged in the commit");
    const st = sh.ml(["status"], { quiet: true }).split("\n");
    const from = st.findIndex((l) => l.startsWith("monitoring reference"));
    sh.assert(from >= 0 && st[from + 3]?.includes("acme-2"), "status shows acme-2 cached");
    sh.print("$ mlbranch status   (its last lines)");
    for (const l of st.slice(from)) sh.print(`  ${l.replace(d.dir, "<demo>")}`);
  } finally {
    sh.cwd = home;
  }
}
