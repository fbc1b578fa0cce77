import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, type Run, testEnv } from "../helpers/withRepo.js";

// docs/adopting.md, step by step: an existing Python project with history adopts mlbranch from
// the packed tarball, makes its branches as the page says, pushes them all in one
// `git push origin --all` to an empty server that runs mlbranch's pre-receive, and a teammate's
// clone starts clean after `npm install`.
let tmp = "";
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  const e = testEnv();
  delete e.HUSKY; // hooks on, as for a person
  for (const k of Object.keys(e)) if (k.startsWith("npm_")) delete e[k];
  return e;
}

function sh(cwd: string, script: string): Run {
  const r = spawnSync("sh", ["-ec", script], { cwd, env: env(), encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

function ok(cwd: string, script: string): string {
  const r = sh(cwd, script);
  expect(r.code, `${script}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

describe("adopting mlbranch in an existing repository (docs/adopting.md)", () => {
  it("existing history, branches as the page says, one push --all, a clean teammate clone", () => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-adopt-")));
    ok(PROJECT_ROOT, `npm pack --silent --ignore-scripts --pack-destination '${tmp}' >/dev/null`);
    const tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith(".tgz"))!);
    const project = join(tmp, "project");
    const server = join(tmp, "server.git");
    mkdirSync(project);
    // The project before: code and history on main, the data in the work tree only.
    ok(project, "git init -q -b main && git config commit.gpgSign false");
    write(project, "README.md", "# churn model\n");
    write(project, "requirements.txt", "scikit-learn\n");
    // Data committed on main long ago (and deleted since): history the adoption baseline keeps
    // out of every check.
    write(project, "data/legacy.csv", "id,x\n1,2\n");
    ok(project, "git add -A && git commit -q -m 'readme and a first data file'");
    ok(project, "git rm -q data/legacy.csv && git commit -q -m 'data out of git'");
    write(project, "train.py", "import sklearn\nprint('train')\n");
    ok(project, "git add -A && git commit -q -m 'training script'");
    const rows = Array.from({ length: 60 }, (_, i) => `${i + 1},${(i * 7) % 13}`).join("\n");
    write(project, "data/records.csv", `id,x\n${rows}\n`);

    // 1. Install (the tarball stands in for the registry's mlbranch).
    ok(project, `npm install --save-dev --no-audit --no-fund --prefer-offline '${tarball}'`);
    ok(project, "npx install-ml-hooks");
    ok(
      project,
      "git add package.json package-lock.json mlbranch.json .gitattributes .husky .gitignore && git commit -q -m 'mlbranch: branch rules, record merges'",
    );
    expect(ok(project, "git status --porcelain --untracked-files=all")).toBe(
      "?? data/records.csv\n",
    );
    const head = ok(project, "git rev-parse HEAD~1").trim();
    expect(JSON.parse(readFileSync(join(project, "mlbranch.json"), "utf8")).adoptedAt).toBe(head);
    const explain = ok(project, "npx mlbranch explain --all");
    expect(explain).toContain("split: a record (by id)");
    expect(explain).toContain("monitor: records added to");

    // 2. raw
    ok(
      project,
      `git switch -q -c raw/main main
       git add data/records.csv
       git commit -q -m "first delivery" --trailer "Data-Source: sftp://partner/export-2026-12.csv"`,
    );
    // 3. clean and split
    ok(
      project,
      `git switch -q -c clean/main main
       npx mlbranch pull-data raw/main
       git add data/ && git commit -q --no-edit
       git switch -q -c split/main main
       npx mlbranch pull-data clean/main
       npx mlbranch split data/records.csv --key id --out data
       git add data/ && git commit -q --no-edit`,
    );
    // 4. dev, with a sample that names its source
    ok(
      project,
      `git switch -q -c dev/baseline main
       mkdir -p data
       git show split/main:data/train.csv | head -n 11 > data/sample.csv
       echo "print('v2')" >> train.py
       git add data/sample.csv train.py
       git commit -q -m "baseline on a sample" --trailer "Derived-From: split/main@$(git rev-parse --short split/main)"`,
    );
    // 5. stable
    ok(
      project,
      `git switch -q -c stable/baseline main
       git merge -q --no-ff dev/baseline -m "code from dev/baseline"
       npx mlbranch pull-data split/main data/train.csv data/validation.csv data/test.csv
       git commit -q --no-edit
       mkdir -p models && echo weights > models/model.pt
       git add models/ && git commit -q -m "train baseline"`,
    );
    // 6. The first push: an empty server with mlbranch's pre-receive, every branch at once.
    ok(tmp, `git init -q --bare -b main '${server}'`);
    ok(project, `npx mlbranch init --server '${server}'`);
    const push = sh(project, `git remote add origin '${server}' && git push origin --all`);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).not.toContain("refused");
    const heads = ok(server, "git for-each-ref --format='%(refname:short)' refs/heads");
    expect(heads.split("\n").filter(Boolean).sort()).toEqual([
      "clean/main",
      "dev/baseline",
      "main",
      "raw/main",
      "split/main",
      "stable/baseline",
    ]);

    // 7. A teammate's clone, in a folder of another name, starts clean after npm install.
    const mate = join(tmp, "teammate-clone");
    ok(tmp, `git clone -q '${server}' '${mate}'`);
    ok(mate, "npm install --no-audit --no-fund --prefer-offline");
    expect(ok(mate, "git status --porcelain --untracked-files=all")).toBe("");
    // Their hooks are on: data on main is refused at commit time.
    write(mate, "data/x.csv", "id\n1\n");
    const bad = sh(mate, "git add data/x.csv && git commit -q -m 'data on main'");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("data/x.csv may not be committed on main");
    // And past the hooks, the server still refuses data on main after the baseline.
    ok(mate, "git commit -q --no-verify -m 'data on main'");
    const refused = sh(mate, "git push --no-verify origin main");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("remote: mlbranch:");
    expect(refused.stderr).toContain("data/x.csv may not be committed on main");
  });
});
