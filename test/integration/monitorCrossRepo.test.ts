import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/loadConfig.js";
import { type GitServer, startDaemon } from "../helpers/gitServers.js";
import { missing } from "../helpers/requires.js";
import { checkWithRule, ruleErrors, runRule } from "../helpers/runRule.js";
import { type Shift, syntheticJsonl } from "../helpers/synthetic.js";
import { CLI, makeRepo, type Repo, run } from "../helpers/withRepo.js";

// A monitoring repository of its own (issue 25): monitor.reference names the model's repository,
// served by a real git daemon on 127.0.0.1; the tag's training data is fetched once into the
// cache under .git/mlbranch/references and read from there once the daemon is gone.

const tagged = (n: number, seed: number, shift: Shift = {}, tag = "model-1") =>
  syntheticJsonl(n, seed, shift)
    .trimEnd()
    .split("\n")
    .map((l) => JSON.stringify({ ...JSON.parse(l), model_tag: tag }))
    .join("\n") + "\n";

const temps: string[] = [];
const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});
afterAll(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});
const repo = () => {
  const r = makeRepo();
  made.push(r);
  return r;
};

let root: string;
let modelRepo: Repo;
let otherOid: string;

/** The model's repository: tags model-1 and model-2 hold data/train.jsonl; a data branch holds more. */
function serveModel(): void {
  root = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-models-")));
  temps.push(root);
  const m = makeRepo();
  temps.push(m.dir);
  m.write("README.md", "# model\n");
  m.commit("init");
  m.git("checkout", "-q", "-b", "stable/m1");
  m.write("data/train.jsonl", syntheticJsonl(3000, 1));
  // Data beside the reference that a monitoring check never needs (and must not fetch).
  m.write("data/other.jsonl", syntheticJsonl(3000, 77));
  m.commit("train model 1");
  m.git("tag", "model-1");
  m.write("data/train.jsonl", syntheticJsonl(3000, 5));
  m.commit("train model 2");
  m.git("tag", "model-2");
  otherOid = m.git("rev-parse", "model-1:data/other.jsonl");
  run("git", ["clone", "-q", "--bare", m.dir, join(root, "model.git")], root);
  // A server that serves partial clones (GitHub, GitLab and Gitea do).
  run("git", ["config", "uploadpack.allowFilter", "true"], join(root, "model.git"));
  modelRepo = m;
}

/** A monitoring repository whose monitor.reference names `url`. */
function monitoring(url: string, extra: object = {}): Repo {
  const r = repo();
  const config = {
    types: {
      monitoring: {
        match: ["monitoring", "monitoring/**"],
        appendOnly: ["monitoring/**"],
        monitor: { reference: `${url}#{tag}:data/train.*`, ...extra },
      },
    },
  };
  r.write("mlbranch.json", JSON.stringify(config));
  r.commit("init");
  r.git("checkout", "-q", "-b", "monitoring");
  return r;
}

const alertLines = (r: Repo, rev = ":") =>
  r
    .tryGit("show", `${rev}monitoring/alerts.jsonl`)
    .stdout.split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

const stage = (r: Repo, path: string, text: string) => {
  r.write(path, text);
  r.git("add", "-A");
};

const cacheOf = (r: Repo) => {
  const dir = join(r.dir, ".git", "mlbranch", "references");
  const list = run("ls", [dir], r.dir).stdout.trim().split("\n").filter(Boolean);
  return list.length === 1 ? join(dir, list[0]) : null;
};

describe.skipIf(missing("git-daemon"))("monitor reference in another repository", () => {
  let daemon: GitServer | null = null;
  let url: string;
  beforeAll(async () => {
    serveModel();
    daemon = await startDaemon(root, "model.git");
    url = daemon.url("model.git");
  });
  afterAll(() => daemon?.stop());

  it("reads the tag's training data from the model repository: quiet on the same distribution, alert on a shift", async () => {
    const r = monitoring(url);
    stage(r, "monitoring/day1.jsonl", tagged(2000, 2));
    expect(await runRule(r, "monitor")).toEqual([]);
    r.commit("day 1");
    stage(r, "monitoring/day2.jsonl", tagged(2000, 3, { mean: 1.5 }));
    const v = await runRule(r, "monitor");
    expect(v).toHaveLength(1);
    expect(v[0].severity).toBe("warning");
    expect(v[0].message).toContain("ALERT");
    expect(v[0].message).toContain(`${url}#model-1:data/train.*`);
    const [alert] = alertLines(r);
    expect(alert).toMatchObject({ file: "monitoring/day2.jsonl", tag: "model-1" });
    expect(alert.skipped).toBeUndefined();
    // Only what the check needs came over: the tag's commit and trees and the one blob.
    const cache = cacheOf(r) as string;
    const objs = run(
      "git",
      ["rev-list", "--objects", "--missing=print", "refs/references/model-1"],
      cache,
    ).stdout;
    expect(objs).toContain(`?${otherOid}`);
    const train = modelRepo.git("rev-parse", "model-1:data/train.jsonl");
    expect(objs).toContain(`${train} data/train.jsonl`);
    expect(objs).not.toContain(`?${train}`);
    // status says where the reference comes from and what is cached.
    const st = r.mlbranch(["status"]);
    expect(st.stdout).toContain(
      `monitoring reference (type monitoring): ${url}#{tag}:data/train.*`,
    );
    expect(st.stdout).toContain(`repository: ${url}`);
    expect(st.stdout).toContain("cached: model-1");
    const json = JSON.parse(r.mlbranch(["status", "--json"]).stdout);
    expect(json.references).toEqual([
      expect.objectContaining({ repo: url, cached: ["model-1"], cache }),
    ]);
  });

  it("under a real pre-commit hook: the alert lands in the commit, the cache is the monitoring repository's", () => {
    const r = monitoring(url);
    r.write(
      ".git/hooks/pre-commit",
      `#!/bin/sh\nexec "${process.execPath}" "${CLI}" check --staged\n`,
      0o755,
    );
    r.write("monitoring/new.jsonl", tagged(2000, 4, { newCategory: 0.15 }));
    r.git("add", "monitoring/new.jsonl");
    const c = r.tryGit("commit", "-m", "prod data");
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain("new: purple");
    expect(alertLines(r, "HEAD:")[0]).toMatchObject({ file: "monitoring/new.jsonl" });
    expect(cacheOf(r)).not.toBeNull();
    expect(r.git("status", "--porcelain")).toBe("");
  });

  it("mlbranch drift --reference reads the other repository's tag; exit 1 on drift, 0 without", () => {
    const r = monitoring(url);
    r.write("cur.jsonl", syntheticJsonl(2000, 9, { scale: 2 }));
    r.write("same.jsonl", syntheticJsonl(2000, 10));
    const d = r.mlbranch([
      "drift",
      "--reference",
      `${url}#model-1:data/train.*`,
      "--current",
      "cur.jsonl",
    ]);
    expect(d.code, d.stderr).toBe(1);
    expect(d.stdout).toContain(`against ${url}#model-1:data/train.*`);
    const s = r.mlbranch([
      "drift",
      "--reference",
      `${url}#model-1:data/train.jsonl`,
      "--current",
      "same.jsonl",
    ]);
    expect(s.code, s.stderr).toBe(0);
  });

  it("odd input: a tag the model repository lacks, a glob matching nothing, a URL with # and no :path", async () => {
    const r = monitoring(url);
    stage(r, "monitoring/a.jsonl", tagged(2000, 2, {}, "model-9"));
    const [v] = await ruleErrors(r, "monitor");
    expect(v.message).toContain(`${url} has no model-9`);
    expect(v.message).toContain("git ls-remote --tags");

    const g = monitoring(`${url}`, {});
    const cfg = (ref: string) => ({
      types: { monitoring: { match: ["monitoring"], monitor: { reference: ref } } },
    });
    stage(g, "monitoring/a.jsonl", tagged(2000, 2));
    const [nm] = await ruleErrors(g, "monitor", { config: cfg(`${url}#{tag}:nothing/*.csv`) });
    expect(nm.message).toContain("matches no JSONL or CSV file in model-1");

    const bad = parseConfig(JSON.stringify(cfg(`${url}#{tag}`)), "mlbranch.json");
    expect(bad.config).toBeNull();
    expect(bad.errors[0]).toMatch(
      /^types\.monitoring\.monitor\.reference: ".*" names the repository .* but no <rev>:<path> after "#"/,
    );
    g.write("mlbranch.json", JSON.stringify(cfg(`${url}#{tag}`)));
    const chk = g.mlbranch(["check", "--staged"]);
    expect(chk.code).toBe(2);
    expect(chk.stderr).toContain("mlbranch.json");
    expect(chk.stderr).toContain("<repository>#<rev>:<path>");
    expect(chk.stderr).not.toMatch(/\n\s+at /);
    const drift = g.mlbranch([
      "drift",
      "--reference",
      `${url}#model-1`,
      "--current",
      "monitoring/a.jsonl",
    ]);
    expect(drift.code).toBe(2);
    expect(drift.stderr).toContain("no <rev>:<path> after");
  });

  it("works offline from its cache; without server or cache it warns and logs the skip (refused only with block)", async () => {
    const own = await startDaemon(root, "model.git");
    const u = own.url("model.git");
    const r = monitoring(u);
    try {
      stage(r, "monitoring/day1.jsonl", tagged(2000, 3, { mean: 1.5 }));
      expect((await runRule(r, "monitor"))[0].message).toContain("ALERT");
      r.commit("day 1");
    } finally {
      own.stop();
    }
    expect(run("git", ["ls-remote", u], r.dir).code).not.toBe(0);
    // Offline, model-1 is in the cache: judged as before.
    stage(r, "monitoring/day2.jsonl", tagged(2000, 4, { mean: 1.5 }));
    const v = await runRule(r, "monitor");
    expect(v.map((x) => x.message).join("\n")).toContain("ALERT");
    r.commit("day 2");
    // CI and the server read the same cache: a drift committed without the hook is reported.
    stage(r, "monitoring/day3.jsonl", tagged(2000, 5, { mean: 1.5 }));
    r.commit("day 3 without the hook");
    const ci = r.mlbranch(["check", "--range", "HEAD~1..HEAD"]);
    expect(ci.stderr).toContain("has no alert record for it");

    // model-2 was never fetched: not checked, said so, logged, not refused.
    stage(r, "monitoring/day4.jsonl", tagged(2000, 6, {}, "model-2"));
    const res = await checkWithRule(r, "monitor");
    expect(res.violations).toEqual([]);
    expect(res.warnings).toHaveLength(1);
    expect(res.warnings[0].message).toContain("was NOT checked");
    expect(res.warnings[0].message).toContain(u);
    expect(res.warnings[0].fix).toContain(`git ls-remote ${u} model-2`);
    expect(res.warnings[0].fix).toContain("monitoring/alerts.jsonl records the skipped check");
    const log = alertLines(r);
    expect(log[log.length - 1]).toMatchObject({ file: "monitoring/day4.jsonl", tag: "model-2" });
    expect(log[log.length - 1].skipped).toContain("drift not checked");
    // With block, the unchecked data is refused.
    const blocked = await ruleErrors(r, "monitor", {
      config: {
        types: {
          monitoring: {
            match: ["monitoring"],
            monitor: { reference: `${u}#{tag}:data/train.*`, block: true },
          },
        },
      },
    });
    expect(blocked).toHaveLength(1);
    expect(blocked[0].fix).toContain("monitor.block is true");
  });

  it("the server's pre-receive fetches into its own cache, or through the mirror its config names", () => {
    const bare = makeRepo({ bare: true });
    const r = repo();
    made.push(bare);
    const init = run(process.execPath, [CLI, "init", "--server", bare.dir], r.dir);
    expect(init.code, init.stderr).toBe(0);
    const gone = "git://127.0.0.1:9/model.git";
    const ref = `${gone}#{tag}:data/train.*`;
    r.write(
      "mlbranch.json",
      JSON.stringify({
        types: {
          monitoring: { match: ["monitoring"], monitor: { reference: ref, block: true } },
        },
      }),
    );
    r.commit("start");
    r.git("remote", "add", "origin", bare.dir);
    const push = (...a: string[]) => r.tryGit("push", "--no-verify", "origin", ...a);
    expect(push("main").code).toBe(0);
    r.git("checkout", "-q", "-b", "monitoring");
    r.write("monitoring/a.jsonl", tagged(2000, 3, { mean: 1.5 }));
    r.commit("shifted, without the hook");
    // The server cannot reach the model repository and block is set: refused, said why.
    const p1 = push("monitoring");
    expect(p1.code).not.toBe(0);
    expect(p1.stderr).toContain("was NOT checked");
    // Its own git config points the URL at a mirror: now the drift itself is judged.
    bare.git("config", `url.${join(root, "model.git")}.insteadOf`, gone);
    const p2 = push("monitoring");
    expect(p2.code).not.toBe(0);
    expect(p2.stderr).toContain("monitor.block is true");
    expect(p2.stderr).toContain("DRIFT");
    expect(run("ls", [join(bare.dir, "mlbranch", "references")], bare.dir).stdout).toMatch(/\.git/);
    // Same-distribution data passes, from the server's cache.
    r.git("reset", "-q", "--hard", "main");
    r.write("monitoring/b.jsonl", tagged(2000, 4));
    r.commit("same distribution");
    const p3 = push("monitoring");
    expect(p3.code, p3.stderr).toBe(0);
  });

  it("a configured mirror (url.<mirror>.insteadOf) replaces an unreachable repository", async () => {
    const gone = "git://127.0.0.1:9/model.git";
    const r = monitoring(gone);
    stage(r, "monitoring/a.jsonl", tagged(2000, 2, { mean: 1.5 }, "model-2"));
    const before = await checkWithRule(r, "monitor");
    expect(before.warnings[0].message).toContain("was NOT checked");
    r.git("reset", "-q");
    r.rm("monitoring/alerts.jsonl");
    r.git("config", `url.${join(root, "model.git")}.insteadOf`, gone);
    r.git("add", "-A");
    const after = await runRule(r, "monitor");
    expect(after).toHaveLength(1);
    expect(after[0].message).toContain("ALERT");
  });
});

describe.skipIf(missing("git-lfs"))("an LFS-tracked reference in another repository", () => {
  it("fetches the tag's LFS object once into the cache and reads it offline after", async () => {
    const srv = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-lfs-models-")));
    temps.push(srv);
    const m = repo();
    m.git("lfs", "install", "--local");
    m.git("lfs", "track", "data/*.jsonl");
    m.write("data/train.jsonl", syntheticJsonl(3000, 1));
    m.commit("train model 1");
    m.git("tag", "model-1");
    const bare = join(srv, "model.git");
    run("git", ["init", "-q", "--bare", bare], srv);
    m.git("push", "-q", `file://${bare}`, "main", "model-1");
    const oid = /oid sha256:([0-9a-f]{64})/.exec(m.git("show", "model-1:data/train.jsonl"))?.[1];
    expect(oid).toBeTruthy();
    const onServer = join(bare, "lfs", "objects", oid!.slice(0, 2), oid!.slice(2, 4), oid!);
    expect(run("test", ["-f", onServer], srv).code).toBe(0);

    const r = monitoring(`file://${bare}`);
    stage(r, "monitoring/a.jsonl", tagged(2000, 2, { mean: 1.5 }));
    const v = await runRule(r, "monitor");
    expect(v).toHaveLength(1);
    expect(v[0].message).toContain("ALERT");
    const cached = join(
      cacheOf(r) as string,
      "lfs",
      "objects",
      oid!.slice(0, 2),
      oid!.slice(2, 4),
      oid!,
    );
    expect(run("test", ["-f", cached], r.dir).code).toBe(0);
    r.commit("day 1");
    // The server loses the repository: the cache still answers.
    rmSync(bare, { recursive: true, force: true });
    stage(r, "monitoring/b.jsonl", tagged(2000, 3));
    expect(await runRule(r, "monitor")).toEqual([]);
  });
});
