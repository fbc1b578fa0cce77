// Builds a repository of 100,001 commits whose stable snapshot holds 100,001 files, with
// `git fast-import`: raw/main (deliveries with Data-Source), split/main (Derived-From raw),
// dev/model (100,000 source files, then one small change per commit up to the commit count),
// stable/model (dev/model and split/main merged, training commits, tags acme-1..3), and
// dev/quick (one commit on dev/model, the one-commit branch `check --range` judges).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

let clock = 1_700_000_000;

class Stream {
  chunks = [];
  mark = 0;
  constructor(start) {
    this.mark = start;
  }
  data(text) {
    this.chunks.push(`data ${Buffer.byteLength(text)}\n${text}\n`);
  }
  commit(ref, msg, from, merges, files) {
    const mark = ++this.mark;
    clock += 1;
    this.chunks.push(`commit ${ref}\nmark :${mark}\n`);
    this.chunks.push(`committer Bench <b@example.com> ${clock} +0000\n`);
    this.data(msg);
    if (from) this.chunks.push(`from ${from}\n`);
    for (const m of merges) this.chunks.push(`merge ${m}\n`);
    for (const [path, content] of files) {
      this.chunks.push(`M 100644 inline ${path}\n`);
      this.data(content);
    }
    return `:${mark}`;
  }
  tag(name, from) {
    clock += 1;
    this.chunks.push(`tag ${name}\nfrom ${from}\ntagger Bench <b@example.com> ${clock} +0000\n`);
    this.data(`${name}\n`);
  }
  run(dir, n) {
    const marks = join(dir, ".git", `marks-${n}`);
    execFileSync("git", ["fast-import", "--quiet", `--export-marks=${marks}`], {
      cwd: dir,
      input: this.chunks.join(""),
      maxBuffer: 1 << 30,
    });
    this.chunks = [];
    return new Map(
      readFileSync(marks, "utf8")
        .trim()
        .split("\n")
        .map((l) => l.split(" ")),
    );
  }
}

const rows = (from, n) => {
  let s = "";
  for (let i = from; i < from + n; i++) s += `${i},${(i * 7919) % 997}\n`;
  return s;
};

/**
 * Build it in `dir` (already `git init`ed, with the package's default mlbranch.json text given
 * as `config`); returns the commit count, the file count of the tagged snapshot and the tags.
 */
export function buildHistoryRepo(dir, config, { commits = 100_001, files = 100_000 } = {}) {
  const s1 = new Stream(0);
  const root = s1.commit(
    "refs/heads/main",
    "Problem definition\n",
    null,
    [],
    [
      ["README.md", "# history bench\n"],
      ["mlbranch.json", config],
    ],
  );
  // raw/main: 100 deliveries, 10 files, each appended to.
  let raw = root;
  const parts = Array.from({ length: 10 }, () => "id,v\n");
  for (let i = 0; i < 100; i++) {
    parts[i % 10] += rows(i * 100, 100);
    raw = s1.commit(
      "refs/heads/raw/main",
      `Delivery ${i}\n\nData-Source: s3://vendor/b${i}.csv\n`,
      raw,
      [],
      [[`data/part-${i % 10}.csv`, parts[i % 10]]],
    );
  }
  const m1 = s1.run(dir, 1);
  const rootSha = m1.get(root);

  const s2 = new Stream(1000);
  const all = parts.join("");
  const split = s2.commit(
    "refs/heads/split/main",
    `Split\n\nDerived-From: raw/main@${m1.get(raw)}\n`,
    rootSha,
    [],
    [
      [
        "data/train.csv",
        all
          .split("\n")
          .filter((_, n) => n % 5)
          .join("\n"),
      ],
      [
        "data/test.csv",
        all
          .split("\n")
          .filter((_, n) => !(n % 5))
          .join("\n"),
      ],
    ],
  );
  // dev/model: every source file at once, then one small change per commit.
  const src = [];
  for (let i = 0; i < files - 1; i++)
    src.push([
      `src/p${Math.floor(i / 10000)}/q${Math.floor(i / 100) % 100}/m${i % 100}.py`,
      `# module ${i}\n`,
    ]);
  src.push(["src/train.py", "# train 0\n"]);
  let dev = s2.commit("refs/heads/dev/model", "All the code\n", rootSha, [], src);
  const stableCommits = 8;
  const devCommits = commits - 1 - 100 - 1 - 1 - stableCommits - 1;
  for (let i = 1; i <= devCommits; i++)
    dev = s2.commit(
      "refs/heads/dev/model",
      `Change ${i}\n`,
      dev,
      [],
      [["src/train.py", `# train ${i}\n`]],
    );
  s2.commit("refs/heads/dev/quick", "One quick change\n", dev, [], [["src/train.py", "# quick\n"]]);
  // A merge's tree starts from its first parent (main's root): dev's files are listed.
  let stable = s2.commit(
    "refs/heads/stable/model",
    "Merge dev/model\n",
    rootSha,
    [dev],
    [...src.slice(0, -1), ["src/train.py", `# train ${devCommits}\n`]],
  );
  stable = s2.commit(
    "refs/heads/stable/model",
    "Merge split/main\n",
    stable,
    [split],
    [
      [
        "data/train.csv",
        all
          .split("\n")
          .filter((_, n) => n % 5)
          .join("\n"),
      ],
      [
        "data/test.csv",
        all
          .split("\n")
          .filter((_, n) => !(n % 5))
          .join("\n"),
      ],
    ],
  );
  const tags = [];
  let runs = "";
  for (let t = 1; t <= stableCommits - 2; t++) {
    const files = [["models/model.pt", `weights ${t}\n`]];
    const tagged = t % 2 === 0;
    const name = `acme-${tags.length + 1}`;
    if (tagged) {
      runs += `${JSON.stringify({ run_id: `r${t}`, tag: name, metrics: { rmse: 1 / t } })}\n`;
      files.push(["tracking/runs.jsonl", runs]);
    }
    stable = s2.commit("refs/heads/stable/model", `Train run ${t}\n`, stable, [], files);
    if (tagged) {
      s2.tag(name, stable);
      tags.push(name);
    }
  }
  s2.run(dir, 2);
  const count = Number(
    execFileSync("git", ["rev-list", "--all", "--count"], { cwd: dir, encoding: "utf8" }),
  );
  const inTag = execFileSync("git", ["ls-tree", "-r", "--name-only", tags.at(-1)], {
    cwd: dir,
    maxBuffer: 1 << 30,
  })
    .toString()
    .split("\n")
    .filter(Boolean).length;
  return { commits: count, files: inTag, tags };
}
