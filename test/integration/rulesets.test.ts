import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { makeRepo, PROJECT_ROOT, type Repo, run, testEnv } from "../helpers/withRepo.js";

// `mlbranch rulesets`: the host settings that make the CI check the server.

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

interface Ruleset {
  name: string;
  target: string;
  conditions: { ref_name: { include: string[] } };
  rules: { type: string; parameters?: Record<string, unknown> }[];
}

describe("mlbranch rulesets", () => {
  it("GitHub rulesets for main, raw/**, stable/**, monitoring/** and release tags, the check named as the workflow's job", () => {
    const repo = makeRepo();
    made.push(repo);
    const r = repo.mlbranch(["rulesets"]);
    expect(r.code, r.stderr).toBe(0);
    const sets = JSON.parse(r.stdout) as Ruleset[];
    const byName = new Map(sets.map((s) => [s.name, s]));
    expect([...byName.keys()]).toEqual([
      "mlbranch main",
      "mlbranch raw",
      "mlbranch stable",
      "mlbranch monitoring",
      "mlbranch release tags",
    ]);
    expect(byName.get("mlbranch stable")!.conditions.ref_name.include).toEqual([
      "refs/heads/stable/**",
    ]);
    expect(byName.get("mlbranch raw")!.conditions.ref_name.include).toEqual([
      "refs/heads/raw",
      "refs/heads/raw/**",
    ]);
    // The workflow names its job "mlbranch" on pull requests and merge queues, and only there.
    const wf = parse(readFileSync(join(PROJECT_ROOT, "templates", "ci-github.yml"), "utf8"));
    const jobName: string = wf.jobs.mlbranch.name;
    const forEvent = (e: string) => (e === "push" ? "mlbranch (push)" : "mlbranch");
    // A GitHub expression, not a template string.
    const expr = ["$", "{{ github.event_name == 'push' && 'mlbranch (push)' || 'mlbranch' }}"];
    expect(jobName).toBe(expr.join(""));
    for (const s of sets.filter((x) => x.target === "branch")) {
      expect(s.rules.map((x) => x.type)).toEqual([
        "deletion",
        "non_fast_forward",
        "pull_request",
        "required_status_checks",
      ]);
      const pr = s.rules[2].parameters!;
      expect(pr.allowed_merge_methods).toEqual(["merge"]);
      const checks = s.rules[3].parameters!.required_status_checks as { context: string }[];
      expect(checks.map((c) => c.context)).toEqual([forEvent("pull_request")]);
      expect(s.rules[3].parameters!.strict_required_status_checks_policy).toBe(true);
    }
    const tags = byName.get("mlbranch release tags")!;
    expect(tags.target).toBe("tag");
    expect(tags.conditions.ref_name.include).toEqual([
      "refs/tags/*-[0-9]*",
      "refs/tags/**/*-[0-9]*",
    ]);
    expect(tags.rules.map((x) => x.type)).toEqual(["deletion", "non_fast_forward", "update"]);
  });

  it("--script applies each ruleset with gh api (a recording gh on PATH), and follows renamed types", () => {
    const repo = makeRepo();
    made.push(repo);
    repo.write(
      "mlbranch.json",
      JSON.stringify({
        version: 1,
        types: {
          models: { match: ["models/**"], codeOnlyByMerge: ["*.py"], tagPattern: "{branch}-v{n}" },
          sandbox: { match: ["play/**"] },
        },
      }),
    );
    const r = repo.mlbranch(["rulesets", "--script", "--check", "rules"]);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(join(repo.dir, "rulesets.sh"), r.stdout);
    expect(run("bash", ["-n", "rulesets.sh"], repo.dir).code).toBe(0);
    const bin = join(repo.dir, "bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "gh"),
      `#!/bin/sh\necho "$*" >> "${bin}/calls"\ncat >> "${bin}/bodies"\necho >> "${bin}/bodies"\n`,
      { mode: 0o755 },
    );
    const applied = run("bash", ["rulesets.sh"], repo.dir, {
      env: testEnv({ PATH: `${bin}:${process.env.PATH}` }),
    });
    expect(applied.code, applied.stderr).toBe(0);
    const calls = readFileSync(join(bin, "calls"), "utf8").trim().split("\n");
    expect(calls).toEqual(
      Array(6).fill(
        "api --method POST -H Accept: application/vnd.github+json repos/{owner}/{repo}/rulesets --input -",
      ),
    );
    const bodies = readFileSync(join(bin, "bodies"), "utf8")
      .trim()
      .split("\n}\n")
      .map((b, i, all) => JSON.parse(i < all.length - 1 ? `${b}\n}` : b)) as Ruleset[];
    // The file's types join the default ones; play/** (no lasting rule) gets no ruleset.
    const names = bodies.map((b) => b.name);
    expect(names).toEqual([
      "mlbranch models",
      "mlbranch main",
      "mlbranch raw",
      "mlbranch stable",
      "mlbranch monitoring",
      "mlbranch release tags",
    ]);
    const models = bodies[names.indexOf("mlbranch models")];
    expect(models.conditions.ref_name.include).toEqual(["refs/heads/models/**"]);
    expect(JSON.stringify(models)).toContain('"context":"rules"');
    expect(bodies[5].conditions.ref_name.include).toEqual([
      "refs/tags/*-v[0-9]*",
      "refs/tags/**/*-v[0-9]*",
      "refs/tags/*-[0-9]*",
      "refs/tags/**/*-[0-9]*",
    ]);
  });

  it("--gitlab says it in GitLab's settings; bad flags exit 2", () => {
    const repo = makeRepo();
    made.push(repo);
    const r = repo.mlbranch(["rulesets", "--gitlab"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "Protected branches: protect `main`, `master`, `raw`, `raw/*`, `stable/*`, `monitoring`, `monitoring/*`",
    );
    expect(r.stdout).toContain("Protected tags: protect `*-[0-9]*`");
    expect(r.stdout).toContain("Pipelines must succeed");
    expect(r.stdout).toContain('Merge method "Merge commit"');
    expect(repo.mlbranch(["rulesets", "--gitlab", "--github"]).code).toBe(2);
    expect(repo.mlbranch(["rulesets", "--gitlab", "--script"]).code).toBe(2);
    expect(repo.mlbranch(["rulesets", "--help"]).stdout).toContain("Usage: mlbranch rulesets");
  });
});
