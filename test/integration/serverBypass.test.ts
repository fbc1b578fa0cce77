import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { basename, dirname } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { CLI, makeRepo, type Repo, type Run, run, testEnv } from "../helpers/withRepo.js";

// The bypass matrix: a hostile pusher with no client hooks at all (a plain clone, every push
// --no-verify), and only `mlbranch init --server`'s pre-receive judging.

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

interface Server {
  repo: Repo;
  bare: Repo;
  push(...args: string[]): Run;
}

/** A bare repository with mlbranch's pre-receive, and a clone (no hooks) whose main it has. */
function server(config?: object, url?: (bare: Repo) => string): Server {
  const bare = makeRepo({ bare: true });
  const repo = makeRepo();
  made.push(repo, bare);
  const init = run(process.execPath, [CLI, "init", "--server", bare.dir], repo.dir);
  expect(init.code, init.stderr).toBe(0);
  repo.write("README.md", "# p\n");
  if (config) repo.write("mlbranch.json", JSON.stringify(config, null, 2));
  repo.commit("start");
  repo.git("remote", "add", "origin", url ? url(bare) : bare.dir);
  const push = (...args: string[]) => repo.tryGit("push", "--no-verify", "origin", ...args);
  const first = push("main");
  expect(first.code, first.stderr).toBe(0);
  return { repo, bare, push };
}

function refused(r: Run, text: string): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stderr).toContain("pre-receive hook declined");
  expect(r.stderr).toContain(text);
}

function accepted(r: Run): void {
  expect(r.code, r.stderr).toBe(0);
}

/** Commit everything with a message and trailers (e.g. "Data-Source: s3://b/a.csv"). */
function commitWith(repo: Repo, subject: string, ...trailers: string[]): string {
  repo.git("add", "-A");
  const body = trailers.length ? ["-m", trailers.join("\n")] : [];
  repo.git("commit", "-q", "--no-verify", "-m", subject, ...body);
  return repo.git("rev-parse", "HEAD");
}

/** raw with one CSV file, pushed. */
function rawBranch(s: Server, content = "id,v\n1,2\n"): string {
  s.repo.git("checkout", "-q", "-b", "raw");
  s.repo.write("data/a.csv", content);
  const sha = commitWith(s.repo, "raw data", "Data-Source: s3://b/a.csv");
  accepted(s.push("raw"));
  return sha;
}

/** dev/x with train.py, pushed. */
function devBranch(s: Server, push = true): string {
  s.repo.git("checkout", "-q", "-b", "dev/x", "main");
  s.repo.write("train.py", "print(1)\n");
  const sha = s.repo.commit("code");
  if (push) accepted(s.push("dev/x"));
  return sha;
}

describe("server bypass matrix: what already held", () => {
  it("rebase / force push of a protected branch", () => {
    const s = server();
    rawBranch(s);
    s.repo.write("data/b.csv", "id\n9\n");
    commitWith(s.repo, "more", "Data-Source: s3://b/b.csv");
    accepted(s.push("raw"));
    s.repo.git("commit", "-q", "--amend", "--no-verify", "-m", "rewritten\n\nData-Source: x://y");
    refused(s.push("--force", "raw"), "rewrites the history of raw");
  });

  it("deleting a protected branch", () => {
    const s = server();
    rawBranch(s);
    refused(s.push(":raw"), "deleting raw (type raw) is refused");
  });

  it("cherry-pick of a code commit onto stable, and a squash merge", () => {
    const s = server();
    const code = devBranch(s);
    s.repo.git("checkout", "-q", "-b", "stable/x", "main");
    s.repo.git("cherry-pick", code);
    refused(s.push("stable/x"), "no code is written on stable/x");
    s.repo.git("reset", "-q", "--hard", "main");
    s.repo.git("merge", "-q", "--squash", "dev/x");
    s.repo.git("commit", "-q", "--no-verify", "-m", "squash");
    refused(s.push("--force", "stable/x"), "no code is written on stable/x");
  });

  it("an evil merge: a dev merge into stable that also edits the code by hand", () => {
    const s = server();
    devBranch(s);
    s.repo.git("checkout", "-q", "-b", "stable/x", "main");
    s.repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/x");
    s.repo.write("train.py", "print('edited in the merge')\n");
    s.repo.git("add", "train.py");
    s.repo.git("commit", "-q", "--no-verify", "-m", "evil merge");
    refused(s.push("stable/x"), "train.py");
  });

  it("fast-forward of main onto a commit that adds data", () => {
    const s = server();
    s.repo.git("checkout", "-q", "-b", "ds/x");
    s.repo.write("data/x.csv", "a\n");
    s.repo.commit("data");
    s.repo.git("checkout", "-q", "main");
    s.repo.git("merge", "-q", "--ff-only", "ds/x");
    refused(s.push("main"), "data/x.csv may not be committed on main");
  });

  it("HEAD:stable/x refspecs are judged as stable", () => {
    const s = server();
    devBranch(s, false);
    refused(s.push("HEAD:stable/x"), "no code is written on stable/x (type stable)");
    refused(s.push("HEAD:refs/heads/stable/y"), "no code is written on stable/y (type stable)");
  });

  it("renames and CRLF edits of raw data", () => {
    const s = server();
    rawBranch(s);
    s.repo.git("mv", "data/a.csv", "data/renamed.csv");
    commitWith(s.repo, "rename", "Data-Source: s3://b/a.csv");
    refused(s.push("raw"), "data/a.csv");
    s.repo.git("reset", "-q", "--hard", "origin/raw");
    s.repo.write("data/a.csv", "id,v\r\n1,2\r\n");
    commitWith(s.repo, "crlf", "Data-Source: s3://b/a.csv");
    refused(s.push("raw"), "data/a.csv");
  });

  it("a loosened mlbranch.json pushed with the commit it would allow", () => {
    const s = server();
    s.repo.write(
      "mlbranch.json",
      JSON.stringify({ version: 1, types: { main: { match: ["main"] } } }),
    );
    s.repo.commit("loosen");
    s.repo.write("data/x.csv", "a\n");
    s.repo.commit("data on main");
    refused(s.push("main"), "data/x.csv may not be committed on main");
  });

  it("odd branch names and paths", () => {
    const s = server();
    s.repo.write("data/ü n\té.csv", "a\n");
    s.repo.commit("odd path");
    refused(s.push("main"), "may not be committed on main");
    s.repo.git("reset", "-q", "--hard", "origin/main");
    devBranch(s, false);
    refused(s.push("HEAD:stable/ü-x.y"), "no code is written on stable/ü-x.y");
  });
});

describe("server bypass matrix: the holes of issue 12", () => {
  /** On raw: a harmless append and an edit of a record, both on top of the pushed raw. */
  function goodAndEvil(s: Server): { good: string; evil: string } {
    rawBranch(s);
    s.repo.write("data/a.csv", "id,v\n1,2\n3,4\n");
    const good = commitWith(s.repo, "append", "Data-Source: s3://b/a.csv");
    s.repo.git("reset", "-q", "--hard", "HEAD~1");
    s.repo.write("data/a.csv", "id,v\n1,999\n");
    const evil = commitWith(s.repo, "edit a record", "Data-Source: s3://b/a.csv");
    return { good, evil };
  }

  it("1. replace objects: refs/replace/* refused; one the server has changes nothing", () => {
    const s = server({ version: 1, otherRefs: ["refs/replace/*"] });
    const { good, evil } = goodAndEvil(s);
    s.repo.git("replace", evil, good);
    // Allowed here by otherRefs, as if an older server had taken it: the judge still sees evil.
    accepted(s.push(`refs/replace/${evil}`));
    expect(s.bare.git("rev-parse", `refs/replace/${evil}`)).toBe(good);
    refused(s.push("raw"), "data/a.csv");
    // By default refs/replace/* is refused outright.
    const d = server();
    const pair = goodAndEvil(d);
    d.repo.git("replace", pair.evil, pair.good);
    refused(d.push(`refs/replace/${pair.evil}`), "replace objects are refused");
  });

  it("1. grafts on the server are ignored too", () => {
    const s = server();
    const { evil } = goodAndEvil(s);
    // A graft that makes the edit look like a root commit: everything "added", nothing edited.
    s.bare.write("info/grafts", `${evil}\n`);
    refused(s.push("raw"), "data/a.csv");
  });

  it("2. refs outside refs/heads and refs/tags are refused unless otherRefs lists them", () => {
    const s = server();
    s.repo.write("data/x.csv", "a\n");
    s.repo.commit("data on main's line");
    refused(s.push("HEAD:refs/x/anything"), "refs/x/anything is outside refs/heads and refs/tags");
    s.repo.git("reset", "-q", "--hard", "origin/main");
    s.repo.git("notes", "add", "-m", "a note", "HEAD");
    refused(s.push("refs/notes/commits"), "otherRefs");
    const n = server({ version: 1, otherRefs: ["refs/notes/*"] });
    n.repo.git("notes", "add", "-m", "a note", "HEAD");
    accepted(n.push("refs/notes/commits"));
    // Deleting a ref nobody judges is fine.
    accepted(n.push(":refs/notes/commits"));
  });

  it("2. a tag on a commit no branch holds is judged, or refused when nothing can judge it", () => {
    const s = server();
    s.repo.write("data/x.csv", "a\n");
    s.repo.write("models/m.pt", "weights\n");
    s.repo.commit("models and data on main's line");
    s.repo.git("tag", "v9");
    refused(s.push("v9"), "tag v9 names a commit that no branch holds");
    // A name that fits stable's tagPattern: judged as stable (no code written there).
    s.repo.write("train.py", "print(1)\n");
    s.repo.commit("code too");
    s.repo.git("tag", "resnet-3");
    refused(s.push("resnet-3"), "no code is written on tags/resnet-3 (type stable)");
    // A tag that names a tree or a blob is refused.
    const tree = s.repo.git("rev-parse", "HEAD^{tree}");
    s.repo.git("tag", "treetag", tree);
    refused(s.push("treetag"), "tag treetag names a tree, not a commit");
    // Tags of main's commits and of branches the same push brings stay fine.
    s.repo.git("tag", "docs-1.0", "origin/main");
    accepted(s.push("docs-1.0"));
    s.repo.git("checkout", "-q", "-b", "stable/r", "origin/main");
    s.repo.write("models/m.pt", "weights\n");
    s.repo.commit("model");
    s.repo.git("tag", "-a", "-m", "r", "resnet-1");
    accepted(s.push("stable/r", "resnet-1"));
  });

  it("legit: branches and --tags in one push, a monitoring commit naming the model tag it creates", () => {
    const s = server();
    s.repo.git("checkout", "-q", "-b", "stable/r", "main");
    s.repo.write("data/train.csv", "x,y\n1,0\n2,1\n3,0\n");
    s.repo.write("models/m.pt", "weights\n");
    // Data on stable names where it came from (lineage follows it).
    commitWith(s.repo, "train", `Derived-From: main@${s.repo.git("rev-parse", "--short", "main")}`);
    s.repo.git("tag", "-a", "-m", "first model", "resnet-1");
    s.repo.git("checkout", "-q", "-b", "monitoring", "main");
    s.repo.write("monitoring/preds.jsonl", '{"model_tag":"resnet-1","x":1,"y":0}\n');
    s.repo.commit("first predictions");
    const r = s.push("stable/r", "monitoring", "--tags");
    accepted(r);
    expect(r.stderr).not.toContain("cannot be read");
  });

  it("3. append-only by records: extending a last line without a final newline is an edit", () => {
    const s = server();
    rawBranch(s, "id,v\n3,4");
    s.repo.write("data/a.csv", "id,v\n3,45");
    commitWith(s.repo, "extend the last line", "Data-Source: s3://b/a.csv");
    refused(s.push("raw"), "its last line had no final newline");
    s.repo.git("reset", "-q", "--hard", "origin/raw");
    // A record that is JSON before and after the extension (records-well-formed judges JSON).
    s.repo.write("data/r.jsonl", "21");
    commitWith(s.repo, "jsonl", "Data-Source: s3://b/r.jsonl");
    accepted(s.push("raw"));
    s.repo.write("data/r.jsonl", "210\n");
    commitWith(s.repo, "extend", "Data-Source: s3://b/r.jsonl");
    refused(s.push("raw"), "data/r.jsonl is append-only");
    // New records on new lines are appends, CRLF files included.
    s.repo.git("reset", "-q", "--hard", "origin/raw");
    s.repo.write("data/a.csv", "id,v\n3,4\r\n5,6\r\n");
    s.repo.write("data/r.jsonl", '21\n{"id":3,"v":2}\n');
    commitWith(s.repo, "append", "Data-Source: s3://b/a.csv");
    accepted(s.push("raw"));
  });

  it("6. maxFileSize counts every blob: a 2 MiB symlink is refused", () => {
    const s = server();
    s.repo.git("checkout", "-q", "-b", "dev/big", "main");
    s.repo.write("blob.bin", Buffer.alloc(2 * 1024 * 1024, 97));
    const oid = s.repo.git("hash-object", "-w", "blob.bin");
    s.repo.rm("blob.bin");
    s.repo.git("update-index", "--add", "--cacheinfo", `120000,${oid},link`);
    s.repo.git("commit", "-q", "--no-verify", "-m", "a big symlink");
    refused(s.push("dev/big"), "link");
    expect(s.push("dev/big").stderr).toContain("max-file-size");
  });

  it("5. record paths come from the default branch's .gitattributes, not the pushed one", () => {
    const s = server();
    s.repo.git("checkout", "-q", "-b", "dev/a", "main");
    s.repo.write("data/r.jsonl", '{"id":1}\n');
    s.repo.commit("records");
    s.repo.git("checkout", "-q", "-b", "dev/b");
    s.repo.write("data/r.jsonl", '{"id":1}\n{"id":3}\n');
    s.repo.commit("b adds 3");
    s.repo.git("checkout", "-q", "dev/a");
    s.repo.write("data/r.jsonl", '{"id":1}\n{"id":4}\n');
    s.repo.write(".gitattributes", "*.jsonl -merge\n");
    s.repo.commit("a adds 4 and turns the record merge off");
    s.repo.git("merge", "-q", "-s", "ours", "--no-edit", "dev/b");
    const r = s.push("dev/a", "dev/b");
    refused(r, "merge-keeps-records");
    expect(r.stderr).toContain("data/r.jsonl");
  });

  it("4. code comes only from a dev branch: not a throwaway commit, not main", () => {
    const s = server();
    // A throwaway commit with hand-written code, merged --no-ff into stable.
    s.repo.git("checkout", "-q", "-b", "stable/x", "main");
    s.repo.git("checkout", "-q", "--detach");
    s.repo.write("train.py", "print('hand written')\n");
    const throwaway = s.repo.commit("throwaway");
    s.repo.git("checkout", "-q", "stable/x");
    s.repo.git("merge", "-q", "--no-ff", "--no-edit", throwaway);
    refused(s.push("stable/x"), "no dev branch holds");
    // main's code merged into stable.
    s.repo.git("checkout", "-q", "main");
    s.repo.write("serve.py", "print('main')\n");
    s.repo.commit("code on main");
    accepted(s.push("main"));
    s.repo.git("checkout", "-q", "-B", "stable/x", "origin/main~1");
    s.repo.git("merge", "-q", "--no-ff", "--no-edit", "main");
    refused(s.push("stable/x"), "serve.py is code on stable/x");
  });

  it("4. legit: a dev branch the server has, or one in the same push, supplies code", () => {
    const s = server();
    devBranch(s);
    s.repo.git("checkout", "-q", "-b", "stable/x", "main");
    s.repo.git("merge", "-q", "--no-ff", "--no-edit", "dev/x");
    accepted(s.push("stable/x"));
    s.repo.git("checkout", "-q", "-b", "dev/y", "dev/x");
    s.repo.write("train.py", "print(2)\n");
    s.repo.commit("more code");
    s.repo.git("checkout", "-q", "stable/x");
    s.repo.git("merge", "-q", "--no-ff", "--no-edit", "dev/y");
    accepted(s.push("stable/x", "dev/y"));
    // codeFrom names the types that supply code: with analysis allowed, a ds/* branch does.
    const a = server({
      version: 1,
      types: {
        main: { match: ["main"] },
        ds: { match: ["ds/**"] },
        stable: { match: ["stable/**"], codeOnlyByMerge: ["*.py"], codeFrom: ["ds"] },
      },
    });
    a.repo.git("checkout", "-q", "-b", "ds/n", "main");
    a.repo.write("nb.py", "print(1)\n");
    a.repo.commit("analysis code");
    a.repo.git("checkout", "-q", "-b", "stable/y", "main");
    a.repo.git("merge", "-q", "--no-ff", "--no-edit", "ds/n");
    accepted(a.push("stable/y", "ds/n"));
  });

  it("7. trailer patterns that backtrack catastrophically are refused, and matches are bounded", () => {
    const s = server();
    const evil = {
      version: 1,
      types: {
        main: { match: ["main"] },
        raw: {
          match: ["raw"],
          trailers: [{ key: "Data-Source", pattern: "^(a+)+$" }],
        },
      },
    };
    s.repo.write("mlbranch.json", JSON.stringify(evil));
    s.repo.commit("a ReDoS pattern");
    refused(s.push("main"), "can backtrack catastrophically");
    // A slow pattern the ReDoS check lets through still cannot hang the server.
    const slow = server({
      version: 1,
      types: {
        main: { match: ["main"] },
        raw: { match: ["raw"], trailers: [{ key: "Data-Source", pattern: "^(a|a)*$" }] },
      },
    });
    slow.repo.git("checkout", "-q", "-b", "raw");
    slow.repo.write("data/a.csv", "a\n");
    commitWith(slow.repo, "crafted", `Data-Source: ${"a".repeat(40)}b`);
    refused(slow.push("raw"), "takes too long to match");
  });
});

describe.skipIf(missing("git-daemon"))("through git daemon on 127.0.0.1", () => {
  let port = 0;
  let daemon: ChildProcess | undefined;
  beforeAll(async () => {
    port = await new Promise<number>((res, rej) => {
      const srv = createServer();
      srv.once("error", rej);
      srv.listen(0, "127.0.0.1", () => {
        const a = srv.address();
        srv.close(() => res(typeof a === "object" && a ? a.port : 0));
      });
    });
  });
  afterAll(() => {
    daemon?.kill("SIGTERM");
  });

  /** Serve this one bare repository (receive-pack on) and wait until it answers. */
  function serve(bare: Repo): string {
    const base = dirname(bare.dir);
    daemon = spawn(
      "git",
      [
        "daemon",
        "--reuseaddr",
        "--listen=127.0.0.1",
        `--port=${port}`,
        `--base-path=${base}`,
        "--export-all",
        "--enable=receive-pack",
        bare.dir,
      ],
      { env: testEnv(), stdio: "ignore" },
    );
    const url = `git://127.0.0.1:${port}/${basename(bare.dir)}`;
    for (let i = 0; i < 100; i++) {
      if (run("git", ["ls-remote", url], base).code === 0) return url;
      spawnSync("sleep", ["0.1"]);
    }
    throw new Error(`git daemon did not answer on ${url}`);
  }

  it("refuses a rule break and a replace ref, accepts a fine push", () => {
    const s = server(undefined, serve);
    s.repo.write("data/x.csv", "a\n");
    s.repo.commit("data on main");
    refused(s.push("main"), "data/x.csv may not be committed on main");
    s.repo.git("reset", "-q", "--hard", "origin/main");
    s.repo.write("notes.md", "n\n");
    s.repo.commit("notes");
    s.repo.git("replace", "--graft", "HEAD");
    refused(
      s.push(`refs/replace/${s.repo.git("rev-parse", "HEAD")}`),
      "replace objects are refused",
    );
    devBranch(s);
  });
});
