import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import { parseTrailerLines, type Trailer } from "../git/commits.js";
import { gitEnv } from "../git/execGit.js";
import { GitError } from "../io/errors.js";

/** The commit that gave a path its current blob, with that commit's subject and trailers. */
export interface Introducer {
  commit: string;
  subject: string;
  trailers: Trailer[];
}

const FORMAT = "%x1e%H%x1d%P%x1d%s%x1d%(trailers:unfold,separator=%x1f)%x1d";

interface Entry {
  sha: string;
  parents: string[];
  subject: string;
  trailers: Trailer[];
  /** path -> new blob, for this one parent's diff. */
  changed: Map<string, string>;
}

function parseRecord(rec: string): Entry | null {
  const f = rec.split("\x1d");
  if (f.length < 5) return null;
  const changed = new Map<string, string>();
  const toks = f.slice(4).join("\x1d").split("\0");
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i].replace(/^\n/, "");
    if (!t.startsWith(":")) continue;
    const newOid = t.split(" ")[3];
    const path = toks[i + 1];
    if (path !== undefined && newOid && !/^0+$/.test(newOid)) changed.set(path, newOid);
    i++;
  }
  return {
    sha: f[0],
    parents: f[1] ? f[1].split(" ") : [],
    subject: f[2],
    trailers: parseTrailerLines(f[3]),
    changed,
  };
}

/** The key of a (path, blob) pair in `findIntroducers`' want set and answer. */
export const pairKey = (path: string, blob: string) => `${path}\0${blob}`;

/**
 * For each wanted (path, blob) pair, the newest commit that introduced exactly that blob at
 * that path, walking back from `revs`: one `git log -m --raw` over the pathspecs (history
 * simplification follows the parent a merge took the files from), stopped as soon as every pair
 * is found. A merge introduces a blob only when it differs from every parent (a merge driver's
 * or a person's resolution). Several snapshots share one walk: a blob at a path is introduced once
 * in practice (data versions differ), so its introducer does not depend on the snapshot.
 */
export function findIntroducers(
  cwd: string,
  revs: string[],
  pathspecs: string[],
  want: Set<string>,
): Promise<Map<string, Introducer>> {
  const found = new Map<string, Introducer>();
  if (!want.size) return Promise.resolve(found);
  const args = ["log", "-m", "--raw", "-z", "--no-renames", "--no-abbrev", `--format=${FORMAT}`];
  args.push(...revs, "--", ...pathspecs);
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, env: gitEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const dec = new StringDecoder("utf8");
    let buf = "";
    let stderr = "";
    let done = false;
    // Diffs of one commit against each parent arrive one after another.
    let group: Entry[] = [];
    const flush = () => {
      if (!group.length) return;
      const { sha, parents, subject, trailers } = group[0];
      const need = Math.max(1, parents.length);
      if (group.length >= need) {
        for (const [path, blob] of group[0].changed) {
          const key = pairKey(path, blob);
          if (!want.has(key) || found.has(key)) continue;
          if (group.every((g) => g.changed.get(path) === blob))
            found.set(key, { commit: sha, subject, trailers });
        }
      }
      group = [];
    };
    const take = (rec: string) => {
      const e = parseRecord(rec);
      if (!e) return;
      if (group.length && group[0].sha !== e.sha) flush();
      group.push(e);
    };
    const finish = () => {
      if (done) return;
      done = true;
      flush();
      resolve(found);
    };
    child.stdout.on("data", (chunk: Buffer) => {
      if (done) return;
      buf += dec.write(chunk);
      const parts = buf.split("\x1e");
      buf = parts.pop() ?? "";
      for (const p of parts) take(p);
      // Everything found (the current group is complete once the next commit starts).
      if (found.size === want.size) {
        child.kill();
        finish();
      }
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    child.on("error", (e) => reject(new GitError(args, null, e.message)));
    child.on("close", (code) => {
      if (done) return;
      if (code !== 0) {
        done = true;
        reject(new GitError(args, code, stderr));
        return;
      }
      buf += dec.end();
      if (buf) take(buf);
      finish();
    });
  });
}
