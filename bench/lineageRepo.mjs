// Builds the lineage benchmark repository with git fast-import: ~10k commits over raw, clean,
// split, dev/model and stable/model, with Data-Source / Derived-From trailers, merges from dev
// and split into stable, and an annotated tag every 20 training commits.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const PARTS = 10;
let clock = 1_700_000_000;

class Stream {
  chunks = [];
  mark = 0;
  data(text) {
    this.chunks.push(`data ${Buffer.byteLength(text)}\n${text}\n`);
  }
  commit(ref, msg, from, merges, files) {
    const mark = ++this.mark;
    clock += 60;
    this.chunks.push(`commit ${ref}\nmark :${mark}\n`);
    this.chunks.push(`author Bench <b@example.com> ${clock} +0000\n`);
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
  tag(name, from, msg) {
    clock += 1;
    this.chunks.push(`tag ${name}\nfrom ${from}\ntagger Bench <b@example.com> ${clock} +0000\n`);
    this.data(msg);
  }
  // Run fast-import and return mark -> sha.
  run(dir, start) {
    const marks = join(dir, ".git", `marks-${start}`);
    execFileSync("git", ["fast-import", "--quiet", `--export-marks=${marks}`], {
      cwd: dir,
      input: this.chunks.join(""),
      maxBuffer: 1 << 30,
    });
    const map = new Map();
    for (const line of readFileSync(marks, "utf8").trim().split("\n")) {
      const [m, sha] = line.split(" ");
      map.set(m, sha);
    }
    return map;
  }
}

const rawRows = (k, upto) => {
  const rows = ["id,v"];
  for (let i = k; i <= upto; i += PARTS) rows.push(`${i.toString(36)},${(i * 7919) % 997}`);
  return `${rows.join("\n")}\n`;
};
const cleaned = (text) =>
  `${text
    .trim()
    .split("\n")
    .filter((_, n) => n === 0 || n % 7 !== 0)
    .join("\n")}\n`;

/** Build the repository in `dir` (already `git init`ed); returns counts and tag names. */
export function buildLineageRepo(
  dir,
  sizes = { raw: 3000, clean: 2000, split: 1000, dev: 2000, stable: 2000 },
) {
  const s1 = new Stream();
  const root = s1.commit(
    "refs/heads/main",
    "Problem definition\n",
    null,
    [],
    [["README.md", "# bench\n"]],
  );
  let prev = root;
  const rawMarks = [];
  for (let i = 0; i < sizes.raw; i++) {
    const k = i % PARTS;
    prev = s1.commit(
      "refs/heads/raw",
      `Raw batch ${i}\n\nData-Source: s3://vendor/batch-${i}.csv\n`,
      prev,
      [],
      [[`data/part-${k}.csv`, rawRows(k, i)]],
    );
    rawMarks.push(prev);
  }
  const m1 = s1.run(dir, 1);
  const rootSha = m1.get(root);

  const s2 = new Stream();
  s2.mark = 100_000;
  const cleanState = new Map();
  const cleanMarks = [];
  prev = rootSha;
  for (let j = 0; j < sizes.clean; j++) {
    const k = j % PARTS;
    const r = Math.min(sizes.raw - 1, Math.floor((j * sizes.raw) / sizes.clean));
    const content = cleaned(rawRows(k, r - ((r - k + PARTS) % PARTS)));
    cleanState.set(`data/part-${k}.csv`, content);
    prev = s2.commit(
      "refs/heads/clean",
      `Clean part ${k}\n\nDerived-From: raw@${m1.get(rawMarks[r])}\n`,
      prev,
      [],
      [[`data/part-${k}.csv`, content]],
    );
    cleanMarks.push({ mark: prev, state: new Map(cleanState) });
  }
  const m2 = s2.run(dir, 2);

  const s3 = new Stream();
  s3.mark = 200_000;
  const splitMarks = [];
  prev = rootSha;
  for (let s = 0; s < sizes.split; s++) {
    const c = Math.min(sizes.clean - 1, Math.floor(((s + 1) * sizes.clean) / sizes.split) - 1);
    const files = [];
    for (const [path, text] of cleanMarks[c].state) {
      const [head, ...rows] = text.trim().split("\n");
      const name = path.replace("data/", "").replace(".csv", "");
      files.push([
        `data/train-${name}.csv`,
        `${[head, ...rows.filter((_, n) => n % 5)].join("\n")}\n`,
      ]);
      files.push([
        `data/test-${name}.csv`,
        `${[head, ...rows.filter((_, n) => !(n % 5))].join("\n")}\n`,
      ]);
    }
    prev = s3.commit(
      "refs/heads/split",
      `Split ${s}\n\nDerived-From: clean@${m2.get(cleanMarks[c].mark)}\n`,
      prev,
      [],
      files,
    );
    splitMarks.push({ mark: prev, files });
  }
  const m3 = s3.run(dir, 3);

  const s4 = new Stream();
  s4.mark = 300_000;
  let dev = rootSha;
  let devCount = 0;
  let stable = rootSha;
  const devCode = new Map();
  const tags = [];
  let runs = "";
  let splitUsed = -1;
  for (let t = 0; t < sizes.dev + sizes.stable; t++) {
    if (t % 2 === 0 && devCount < sizes.dev) {
      const k = devCount % PARTS;
      const code = `# model code revision ${devCount}\n`;
      devCode.set(`src/mod_${k}.py`, code);
      dev = s4.commit(
        "refs/heads/dev/model",
        `Dev change ${devCount}\n`,
        dev,
        [],
        [[`src/mod_${k}.py`, code]],
      );
      devCount++;
      continue;
    }
    const n = (t - 1) / 2;
    const si = Math.min(splitMarks.length - 1, Math.floor((n * splitMarks.length) / sizes.stable));
    if (n % 50 === 0) {
      stable = s4.commit(
        "refs/heads/stable/model",
        "Merge dev/model\n",
        stable,
        [dev],
        [...devCode],
      );
    } else if (n % 100 === 25 || splitUsed < 0) {
      splitUsed = si;
      stable = s4.commit(
        "refs/heads/stable/model",
        "Merge split\n",
        stable,
        [m3.get(splitMarks[si].mark)],
        splitMarks[si].files,
      );
    } else {
      const tagged = n % 20 === 1;
      const name = `acme-${tags.length + 1}`;
      const files = [["models/model.pt", `weights ${n}\n`]];
      if (tagged) {
        runs += `${JSON.stringify({ run_id: `r${n}`, tag: name, metrics: { rmse: 1 / (n + 1) } })}\n`;
        files.push(["tracking/runs.jsonl", runs]);
      }
      stable = s4.commit("refs/heads/stable/model", `Train run ${n}\n`, stable, [], files);
      if (tagged) {
        s4.tag(name, stable, `${name}\n`);
        tags.push(name);
      }
    }
  }
  s4.run(dir, 4);
  const commits = Number(
    execFileSync("git", ["rev-list", "--all", "--count"], { cwd: dir, encoding: "utf8" }),
  );
  return { commits, tags };
}
