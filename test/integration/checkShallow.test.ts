import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsCheckout, payloadFile, runGithubSteps, workspace } from "../helpers/ciHost.js";
import { CLI, makeRepo, type Repo, type Run, run } from "../helpers/withRepo.js";

// Never pass what it cannot see: in a shallow or partial clone, `check --range` fetches the
// history the range needs when the remote answers, and otherwise stops with exit 2 naming the
// missing history and the fix. Before, a depth-1 clone took the cut commit for a root, read its
// raw file as newly added, and passed an edit of a delivered record.

let w: Repo;
let bare: Repo;
let first: string;
let edit: string;
const made: string[] = [];

beforeAll(() => {
  w = makeRepo();
  bare = makeRepo({ bare: true });
  made.push(w.dir, bare.dir);
  bare.git("config", "uploadpack.allowFilter", "true");
  bare.git("config", "uploadpack.allowAnySHA1InWant", "true");
  w.write("README.md", "# p\n");
  w.commit("start");
  w.git("checkout", "-q", "-b", "raw/main");
  w.write("data/d.csv", "id,v\n1,a\n2,b\n");
  w.git("add", "-A");
  w.git("commit", "-q", "-m", "delivery 1", "-m", "Data-Source: s3://vendor/1.csv");
  first = w.git("rev-parse", "HEAD");
  w.write("data/d.csv", "id,v\n1,a\n2,CHANGED\n");
  w.git("add", "-A");
  w.git("commit", "-q", "-m", "fix a record", "-m", "Data-Source: s3://vendor/1b.csv");
  edit = w.git("rev-parse", "HEAD");
  w.git("push", "-q", "--no-verify", bare.dir, "main", "raw/main");
});
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function clone(...args: string[]): string {
  const dir = workspace("clone");
  made.push(dir);
  const r = run(
    "git",
    ["clone", "-q", ...args, "--branch", "raw/main", `file://${bare.dir}`, dir],
    dir,
  );
  expect(r.code, r.stderr).toBe(0);
  return dir;
}
const check = (dir: string, range: string): Run =>
  run(process.execPath, [CLI, "check", "--range", range, "--branch", "raw/main"], dir);
const cutOff = (dir: string) =>
  run("git", ["remote", "set-url", "origin", `${bare.dir}-gone`], dir);

function stops(r: Run, ...texts: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain("does not have the history it needs");
  expect(r.stderr).toContain("fetch-depth: 0");
  for (const t of texts) expect(r.stderr).toContain(t);
}

describe("check --range in a shallow clone (depth 1)", () => {
  it("fetches the missing history from a reachable remote and judges it", () => {
    const dir = clone("--depth", "1");
    const r = check(dir, `${first}..HEAD`);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("[append-only]");
    const whole = check(clone("--depth", "1"), "HEAD");
    expect(whole.code, whole.stderr).toBe(1);
    expect(whole.stderr).toContain("[append-only]");
  });

  it("stops with exit 2 when the remote cannot be reached, where it used to pass", () => {
    const dir = clone("--depth", "1");
    cutOff(dir);
    stops(check(dir, `${first}..HEAD`), `${first} is not in this clone`);
    stops(check(dir, "HEAD"), `the history stops at ${edit.slice(0, 10)}`, "(a shallow clone)");
  });

  it("judges a range it can see whole without fetching", () => {
    const dir = clone("--depth", "2");
    cutOff(dir);
    const r = check(dir, "HEAD~1..HEAD");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("[append-only]");
  });
});

describe("check --range in a partial clone (--filter=blob:none)", () => {
  it("fetches the objects a range needs, or stops with exit 2 when the remote is gone", () => {
    const dir = clone("--filter=blob:none");
    const r = check(dir, "HEAD");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("[append-only]");
    const gone = clone("--filter=blob:none");
    cutOff(gone);
    stops(check(gone, "HEAD"), "(a partial clone whose remote cannot be reached)");
  });
});

describe("check --ci in a shallow checkout", () => {
  it("a depth-1 workflow checkout whose remote is gone exits 2, never 0", () => {
    const dir = actionsCheckout(bare.dir, { sha: edit, ref: "refs/heads/raw/main", depth: 1 });
    made.push(dir, `${dir}-runner`);
    cutOff(dir);
    const event = payloadFile(dir, {
      ref: "refs/heads/raw/main",
      before: first,
      after: edit,
      repository: { default_branch: "main" },
    });
    const r = runGithubSteps(dir, {
      GITHUB_EVENT_NAME: "push",
      GITHUB_EVENT_PATH: event,
      GITHUB_SHA: edit,
    });
    stops(r);
  });
});
