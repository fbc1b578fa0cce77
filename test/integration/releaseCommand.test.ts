import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitServer, startDaemon } from "../helpers/gitServers.js";
import { missing } from "../helpers/requires.js";
import { makeRepo, type Repo, type Run, useLfs } from "../helpers/withRepo.js";

// mlbranch release against a model repository served by git daemon on 127.0.0.1: git objects
// over git://, and (git daemon has no LFS API) the LFS objects from the same bare repository's
// LFS store through a file:// LFS URL (--lfs-url), which git-lfs reads with its file adapter.

const MODEL_2 = Buffer.alloc(300_000, 7);

/** Commit a training run on stable/model, track its metrics, tag it <client>-<n>. */
function train(repo: Repo, client: string, model: Buffer, acc: number): string {
  repo.write("models/model.bin", model);
  repo.commit(`train ${client} ${acc}`);
  const t = repo.mlbranch([
    "track",
    "--metrics",
    JSON.stringify({ acc }),
    "--tag",
    `${client}-${nextN(repo, client)}`,
  ]);
  expect(t.code, t.stderr).toBe(0);
  repo.commit(`track ${client} ${acc}`);
  const tag = repo.mlbranch(["tag", "--prefix", client]);
  expect(tag.code, tag.stderr).toBe(0);
  return tag.stdout.trim();
}

const nextN = (repo: Repo, client: string) =>
  repo.git("tag", "--list", `${client}-*`).split("\n").filter(Boolean).length + 1;

describe.skipIf(missing("git-lfs", "git-daemon"))("mlbranch release", () => {
  let model: Repo;
  let served: Repo; // holds the bare repositories git daemon serves
  let client: Repo; // where the client runs the command
  let server: GitServer;
  let url: string;
  let lfsUrl: string;

  // A bare copy of the model repository under the served root, with its LFS objects.
  function publish(name: string, lfs = true): string {
    const bare = join(served.dir, name);
    rmSync(bare, { recursive: true, force: true });

    const r = client.tryGit("clone", "-q", "--bare", "--no-local", model.dir, bare);
    expect(r.code, r.stderr).toBe(0);
    client.git("-C", bare, "config", "uploadpack.allowFilter", "true");
    client.git("-C", bare, "config", "tag.gpgSign", "false");
    if (lfs)
      cpSync(join(model.dir, ".git", "lfs", "objects"), join(bare, "lfs", "objects"), {
        recursive: true,
      });
    return bare;
  }

  const release = (args: string[]): Run => client.mlbranch(["release", ...args]);
  const leftovers = () => readdirSync(client.dir).filter((n) => n.includes("mlbranch-release"));

  beforeAll(async () => {
    model = makeRepo();
    served = makeRepo();
    client = makeRepo();
    useLfs(model);
    model.write(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n");
    model.write("README.md", "the model repository\n");
    // Where the LFS objects are, as teams say it in the repository (git-lfs honours it).
    model.write(".lfsconfig", `[lfs]\n\turl = file://${join(served.dir, "model.git")}\n`);
    model.commit("main");
    model.git("switch", "-q", "-c", "stable/model");
    model.write("data/train.csv", "id,x\n1,2\n");
    model.write("models/MODEL_CARD.md", "# acme model\n");
    model.write("inference/predict.py", "print('predict')\n");
    train(model, "acme", Buffer.alloc(200_000, 1), 0.9);
    train(model, "globex", Buffer.alloc(100_000, 3), 0.7);
    train(model, "acme", MODEL_2, 0.95);
    publish("model.git");
    server = await startDaemon(served.dir, "model.git");
    url = server.url("model.git");
    lfsUrl = `file://${join(served.dir, "model.git")}`;
  });
  afterAll(() => {
    server?.stop();
    for (const r of [model, served, client]) if (r) rmSync(r.dir, { recursive: true, force: true });
  });

  it("lists a client's tags newest first, with the tracking record's metrics", () => {
    const r = release(["acme", "--from", url, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tags.map((t: { tag: string }) => t.tag)).toEqual(["acme-2", "acme-1"]);
    expect(out.tags.map((t: { metrics: unknown }) => t.metrics)).toEqual([
      { acc: 0.95 },
      { acc: 0.9 },
    ]);
    expect(out.tags.every((t: { release: boolean }) => t.release)).toBe(true);
    const text = release(["acme", "--from", url]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split("\n")[0]).toMatch(/^acme-2 .*stable\/model .*"acc":0\.95/);
    // This repository's own tags, without a URL.
    const local = model.mlbranch(["release", "globex", "--json"]);
    expect(JSON.parse(local.stdout).tags.map((t: { tag: string }) => t.tag)).toEqual(["globex-1"]);
    // ... and one delivered from it, LFS object from its own store.
    const into = join(client.dir, "globex-local");
    const got = model.mlbranch(["release", "globex", "--latest", "--into", into, "--json"]);
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout).fetched).toBeNull();
    expect(readFileSync(join(into, "models/model.bin")).equals(Buffer.alloc(100_000, 3))).toBe(
      true,
    );
    rmSync(into, { recursive: true, force: true });
    const both = release(["acme", "acme-1", "--latest", "--from", url]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
  });

  it("--latest delivers exactly the deliverable files, byte for byte, verified", () => {
    // No --lfs-url: the release's .lfsconfig names the LFS server.
    const r = release(["acme", "--latest", "--from", url, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.tag).toBe("acme-2");
    expect(d.commit).toBe(model.git("rev-parse", "acme-2^{commit}"));
    const dir = join(client.dir, "acme-2");
    expect(d.dir).toBe(dir);
    const files = (d.files as { path: string }[]).map((f) => f.path).sort();
    expect(files).toEqual(["inference/predict.py", "models/MODEL_CARD.md", "models/model.bin"]);
    expect(readFileSync(join(dir, "models/model.bin")).equals(MODEL_2)).toBe(true);
    expect(readFileSync(join(dir, "inference/predict.py"), "utf8")).toBe("print('predict')\n");
    expect(existsSync(join(dir, "data"))).toBe(false);
    expect(existsSync(join(dir, "tracking"))).toBe(false);
    const bin = d.files.find((f: { path: string }) => f.path === "models/model.bin");
    expect(bin).toMatchObject({ size: MODEL_2.length, verifiedBy: "release record" });
    expect(bin.blob).toBe(model.git("rev-parse", "acme-2:models/model.bin"));
    // Only the tag's commit came: no data blob, no other branch's objects, one LFS object.
    expect(d.fetched.lfs).toBe(MODEL_2.length);
    expect(leftovers()).toEqual([]);
    // A second delivery into the same, now non-empty, folder is refused; --force replaces it.
    const again = release([
      "acme",
      "acme-1",
      "--from",
      url,
      "--lfs-url",
      lfsUrl,
      "--into",
      "acme-2",
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists and is not empty.*--force/s);
    expect(readFileSync(join(dir, "models/model.bin")).equals(MODEL_2)).toBe(true);
    const forced = release([
      "acme",
      "acme-1",
      "--from",
      url,
      "--lfs-url",
      lfsUrl,
      "--into",
      "acme-2",
      "--force",
    ]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, "models/model.bin")).equals(Buffer.alloc(200_000, 1))).toBe(true);
    expect(leftovers()).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a tag re-pointed on the server to other model bytes, writing nothing", () => {
    const bare = publish("tampered.git");
    // Other model bytes in a commit the server has, then acme-1 re-pointed there, old message kept.
    model.git("switch", "-q", "-c", "tamper", "acme-1");
    model.write("models/model.bin", "not the released model\n");
    model.git("add", "-A");
    model.git("commit", "-q", "--no-verify", "-m", "other bytes");
    const other = model.git("rev-parse", "HEAD");
    model.git("push", "-q", "--no-verify", bare, "tamper");
    model.git("switch", "-q", "stable/model");
    const message = client.git("-C", bare, "tag", "-l", "--format=%(contents)", "acme-1");
    writeFileSync(join(served.dir, "msg"), `${message}\n`);
    client.git("-C", bare, "tag", "-f", "-a", "-F", join(served.dir, "msg"), "acme-1", other);
    const r = release([
      "acme",
      "acme-1",
      "--from",
      server.url("tampered.git"),
      "--lfs-url",
      lfsUrl,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/acme-1 was moved/);
    expect(r.stderr).toMatch(/models\/model\.bin: recorded/);
    // The list says so too.
    const listed = release(["acme", "--from", server.url("tampered.git"), "--json"]);
    const one = JSON.parse(listed.stdout).tags.find((t: { tag: string }) => t.tag === "acme-1");
    expect(one.release).toBe(false);
    expect(existsSync(join(client.dir, "acme-1"))).toBe(false);
    expect(leftovers()).toEqual([]);
    // A forged record naming the new commit still names the released model's blob id.
    writeFileSync(
      join(served.dir, "msg"),
      `${message.replace(/ at [0-9a-f]{40}/, ` at ${other}`)}\n`,
    );
    client.git("-C", bare, "tag", "-f", "-a", "-F", join(served.dir, "msg"), "acme-1", other);
    const forged = release([
      "acme",
      "acme-1",
      "--from",
      server.url("tampered.git"),
      "--lfs-url",
      lfsUrl,
    ]);
    expect(forged.code).toBe(2);
    expect(forged.stderr).toMatch(/do not match the blob ids/);
    expect(existsSync(join(client.dir, "acme-1"))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it("refuses another client's tag, and an unknown tag", () => {
    const r = release(["acme", "globex-1", "--from", url, "--lfs-url", lfsUrl]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/globex-1 is not a release of client acme/);
    expect(existsSync(join(client.dir, "globex-1"))).toBe(false);
    const none = release(["acme", "acme-9", "--from", url]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/has no tag acme-9/);
    expect(leftovers()).toEqual([]);
  });

  it("refuses a release whose LFS object the server lacks, writing nothing", () => {
    train(model, "initech", Buffer.alloc(50_000, 9), 0.5);
    const bare = publish("nolfs.git");
    // Every LFS object but initech-1's model.
    const oid = /oid sha256:([0-9a-f]{64})/.exec(
      model.git("cat-file", "blob", "initech-1:models/model.bin"),
    )![1];
    rmSync(join(bare, "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid));
    mkdirSync(join(client.dir, "out"), { recursive: true });
    const r = release([
      "initech",
      "--latest",
      "--from",
      server.url("nolfs.git"),
      "--lfs-url",
      `file://${bare}`,
      "--into",
      "out/initech",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Git LFS object of models\/model\.bin .* could not be fetched/);
    expect(readdirSync(join(client.dir, "out"))).toEqual([]);
  });
});
