import { matchesAny } from "../../config/globs.js";
import { type DataFormat, formatOf } from "../../data/format.js";
import { type HashList, HashMasks } from "../../data/hashMasks.js";
import type { RuleContext } from "../types.js";
import { type Counted, confirm } from "./splitConfirm.js";
import { readVersion, type VersionIds } from "./splitRead.js";
import {
  keyOf,
  type Recipes,
  recipesOf,
  type SplitConfig,
  type SplitProblem,
  splitGlobs,
  whyUnreadable,
} from "./splitState.js";
import { historyFiles, type Version, versionsOf } from "./splitVersions.js";
import { treeFiles } from "./treeFiles.js";

/** What the split rule found in one commit (or the index), offenders confirmed by their text. */
export interface SplitFindings {
  names: string[];
  problems: SplitProblem[];
  recipes: Recipes;
  /** Ids in more than one split now, with the splits' bit mask, in file order. */
  dup: [string, number][];
  /** Ids now in a split they were never in before: [id, mask now, mask before]. */
  moved: [string, number, number][];
}

// Ids' hashes per version, kept for the process (a range check re-reads the same versions),
// up to a budget: memory must not grow with the history.
const CACHE_BYTES = 64 << 20;
const cache = new Map<string, { r: VersionIds; asked: Set<string> }>();
let cached = 0;
// Versions proven to be the start of another (old -> newer ones), so a later commit's check
// needs to prove only its parent's version against the new one.
const startOf = new Map<string, Set<string>>();

async function idsOf(cwd: string, v: Version, format: DataFormat, key: string[], olds: Version[]) {
  const k = `${v.oid}\0${format}\0${key.join(",")}`;
  const hit = cache.get(k);
  if (hit && olds.every((o) => hit.asked.has(o.oid))) return hit.r;
  const r = await readVersion(v, format, key, olds, undefined, undefined, cwd);
  if (!r) return null;
  // Kept transitive: what starts `old` starts every version `old` starts.
  for (const [old] of r.prefixIds) {
    const up = (startOf.get(old) ?? new Set<string>()).add(v.oid);
    startOf.set(old, up);
    for (const set of startOf.values()) if (set.has(old)) set.add(v.oid);
  }
  if (hit) cached -= hit.r.hashes.byteLength;
  cache.delete(k);
  cache.set(k, { r, asked: new Set(olds.map((o) => o.oid)) });
  cached += r.hashes.byteLength;
  for (const [old, e] of cache) {
    if (cached <= CACHE_BYTES || old === k) break;
    cache.delete(old);
    cached -= e.r.hashes.byteLength;
  }
  return r;
}

/**
 * Whether the ids under one hash must be confirmed by their text, from the splits they are in now
 * (`now`) and were ever in before (`was`), as bit masks: in two splits now, or now in a split
 * they were not in before, or (a collision may hide a move: id A always in test, id B moved from
 * train to test, both under one hash) in two splits before.
 */
export function suspect(now: number, was: number): boolean {
  return !!(now & (now - 1) || (now && was && (now & ~was || was & (was - 1))));
}

/**
 * Read every split file of a commit (or the index) and every version committed before it,
 * streaming, in memory of about 12-20 bytes an id: each version's ids as 53-bit hashes. An
 * older version proven (by its git or LFS id) to be the start of a newer one is not read: its
 * ids are the newer one's first ones, so a file grown by appends costs one read of its newest
 * version. Only when some id offends are the files read again for those ids' text, and the
 * offenders confirmed by it (a hash collision never refuses wrongly, and never accepts: equal
 * ids have equal hashes, and a hash whose ids were in two splits before is a suspect too, so a
 * collision only adds suspects; see suspect()).
 */
export async function splitFindings(ctx: RuleContext, cfg: SplitConfig): Promise<SplitFindings> {
  const named = splitGlobs(cfg, ctx.config.globs);
  const names = named.map(([n]) => n);
  const bitOf = (path: string) => {
    const i = named.findIndex(([, g]) => matchesAny(path, g));
    return i < 0 ? 0 : 1 << i;
  };
  const tree = treeFiles(ctx.cwd, ctx.commit, ctx.env);
  const problems: SplitProblem[] = [];
  const recipes = recipesOf(ctx, tree, problems);
  const nowFiles = tree.filter((f) => bitOf(f.path));
  const before = historyFiles(
    ctx,
    named.flatMap(([, g]) => g),
    ctx.parents,
  );
  const all = await versionsOf(ctx, [...nowFiles, ...before], nowFiles.length);
  const byPath = new Map<string, Version[]>();
  for (const v of all.slice(nowFiles.length))
    byPath.set(v.path, [...(byPath.get(v.path) ?? []), v]);
  // One table: the splits an id is in now in the low 16 bits, before in the high ones (two
  // tables past 16 splits).
  // Sized for the commit's files at ~80 bytes a record: no rehash on the way for most data.
  const bytes = all.slice(0, nowFiles.length).reduce((n, v) => n + v.size, 0);
  const now = new HashMasks(Math.min(bytes / 80, 1 << 24));
  const shift = names.length <= 16 ? 16 : 0;
  const was = shift ? now : new HashMasks();
  const counted: Counted[] = [];
  const whole: Version[] = [];
  const count = (c: Counted, hashes: HashList) => {
    counted.push(c);
    const bit = c.bit << shift;
    // One probe an id when both tables are one.
    const both = c.now && shift ? c.bit | bit : 0;
    for (let i = 0; i < c.history; i++)
      if (both) now.or(hashes.at(i), both);
      else was.or(hashes.at(i), bit);
    if (c.now)
      for (let i = both ? c.history : 0; i < hashes.length; i++) now.or(hashes.at(i), c.bit);
  };

  // One read of `v` gives its ids and proves which older versions of its path are its start.
  const readWithOlds = async (v: Version, isNow: boolean) => {
    const olds = byPath.get(v.path) ?? [];
    byPath.delete(v.path);
    const format = formatOf(v.path);
    const source = keyOf(cfg, recipes, v.path);
    if (!format) {
      if (isNow)
        problems.push({ path: v.path, why: "not JSONL or CSV, so its ids cannot be read" });
      return;
    }
    const same = olds.some((o) => o.oid === v.oid);
    const others = olds.filter((o) => o.oid !== v.oid);
    // An old version already proven the start of another one here is counted through that one
    // (a range check then proves only the parent's version against each new one).
    const eligible = others.filter((o) => o.size <= v.size);
    const skipped = eligible.filter((o) => eligible.some((x) => startOf.get(o.oid)?.has(x.oid)));
    const cands = eligible.filter((o) => !skipped.includes(o));
    const r = await idsOf(ctx.cwd, v, format, source.key, cands);
    if (!r) {
      if (isNow)
        problems.push({ path: v.path, why: "a Git LFS object that is not here (git lfs fetch)" });
      whole.push(...others);
      return;
    }
    if (r.error && isNow) problems.push({ path: v.path, why: whyUnreadable(r.error), key: source });
    // Ids before a read error are not counted whole (how far a failed read got depends on its
    // pieces), only up to a proven older version: what the rule counted before streaming.
    let history = (same || !isNow) && !r.error ? r.hashes.length : 0;
    const proven = new Set(r.prefixIds.keys());
    for (const n of r.prefixIds.values()) history = Math.max(history, n);
    for (const o of others) {
      if (proven.has(o.oid)) continue;
      const through = skipped.includes(o) && [...proven].some((p) => startOf.get(o.oid)?.has(p));
      if (!through) whole.push(o);
    }
    const c = { v, format, key: source.key, bit: bitOf(v.path), now: isNow && !r.error };
    count({ ...c, history, cuts: cands.map((o) => o.size) }, r.hashes);
  };
  for (const v of all.slice(0, nowFiles.length)) await readWithOlds(v, true);
  // A path no longer in the tree: its largest version read once, the others proven against it.
  for (const vs of [...byPath.values()]) {
    const base = vs.reduce((a, b) => (b.size > a.size ? b : a));
    await readWithOlds(base, false);
  }
  // What no read proved: each version read on its own; one that cannot be read was judged when
  // committed and is skipped, as before streaming.
  for (const v of whole) {
    const format = formatOf(v.path);
    if (!format) continue;
    const key = keyOf(cfg, recipes, v.path).key;
    const r = await idsOf(ctx.cwd, v, format, key, []);
    if (r && !r.error)
      count(
        {
          v,
          format,
          key,
          bit: bitOf(v.path),
          now: false,
          history: r.hashes.length,
          cuts: [],
        },
        r.hashes,
      );
  }
  const suspects = new Set<number>();
  now.forEach((h, bits) => {
    const m = shift ? bits & 0xffff : bits;
    const w = shift ? bits >>> 16 : was.get(h);
    if (suspect(m, w ?? 0)) suspects.add(h);
  });
  const found = suspects.size ? await confirm(ctx.cwd, counted, suspects) : { dup: [], moved: [] };
  return { names, problems, recipes, ...found };
}
