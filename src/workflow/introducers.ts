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
  subject: string;
  trailers: Trailer[];
  /** path -> new blob: what the commit introduced (a merge: what differs from every parent). */
  changed: Map<string, string>;
}

// One commit's record: its header, then raw entries, ":<modes> <oids> <status>\0<path>\0",
// one mode and oid per parent plus the result (combined form "::" for a merge); the new blob is
// the last oid. `partial`: the record may still be arriving, so its last token (not yet ended
// by NUL) is ignored.
function parseRecord(rec: string, partial = false): Entry | null {
  const f = rec.split("\x1d");
  if (f.length < 5) return null;
  const changed = new Map<string, string>();
  const toks = f.slice(4).join("\x1d").split("\0");
  const ended = partial ? toks.length - 1 : toks.length;
  for (let i = 0; i < ended; i++) {
    const t = toks[i].replace(/^\n/, "");
    if (!t.startsWith(":")) continue;
    const parts = t.split(" ");
    const newOid = parts[parts.length - 2];
    const path = i + 1 < ended ? toks[i + 1] : undefined;
    if (path !== undefined && newOid && !/^0+$/.test(newOid)) changed.set(path, newOid);
    i++;
  }
  return { sha: f[0], subject: f[2], trailers: parseTrailerLines(f[3]), changed };
}

/** The key of a (path, blob) pair in `findIntroducers`' want set and answer. */
export const pairKey = (path: string, blob: string) => `${path}\0${blob}`;

/**
 * For each wanted (path, blob) pair, the newest commit that introduced exactly that blob at
 * that path, walking back from `revs`: one `git log -c --raw` over the pathspecs (history
 * simplification follows the parent a merge took the files from), stopped as soon as every pair
 * is found. A merge introduces a blob only when it differs from every parent (a merge driver's
 * or a person's resolution): exactly what the combined diff (-c) lists. (-m would diff each
 * parent apart, which turns history simplification off: every side branch walked, seconds at
 * 100k commits.) Several snapshots share one walk: a blob at a path is introduced once in
 * practice (data versions differ), so its introducer does not depend on the snapshot.
 */
export function findIntroducers(
  cwd: string,
  revs: string[],
  pathspecs: string[],
  want: Set<string>,
): Promise<Map<string, Introducer>> {
  const found = new Map<string, Introducer>();
  if (!want.size) return Promise.resolve(found);
  const args = ["log", "-c", "--raw", "-z", "--no-renames", "--no-abbrev", `--format=${FORMAT}`];
  args.push(...revs, "--", ...pathspecs);
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, env: gitEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const dec = new StringDecoder("utf8");
    let buf = "";
    let stderr = "";
    let done = false;
    const take = (e: Entry | null) => {
      if (!e) return;
      for (const [path, blob] of e.changed) {
        const key = pairKey(path, blob);
        if (want.has(key) && !found.has(key))
          found.set(key, { commit: e.sha, subject: e.subject, trailers: e.trailers });
      }
    };
    const finish = () => {
      if (done) return;
      done = true;
      resolve(found);
    };
    child.stdout.on("data", (chunk: Buffer) => {
      if (done) return;
      buf += dec.write(chunk);
      const parts = buf.split("\x1e");
      buf = parts.pop() ?? "";
      for (const p of parts) take(parseRecord(p));
      // git writes each commit as it is shown, but a commit's end is only known when the next
      // one starts: the record still arriving counts by its ended entries, so a walk whose last
      // wanted blob has come stops there instead of walking the rest of history.
      if (found.size < want.size && buf) take(parseRecord(buf, true));
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
      if (buf) take(parseRecord(buf));
      finish();
    });
  });
}
