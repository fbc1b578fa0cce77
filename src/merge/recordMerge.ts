import type { OutPiece, Rec, RecordMergeOptions, RecordMergeResult } from "./types.js";

// First record per id and per (id, content) pair, later copies of a pair apart (they are rare);
// maps only, so the merge stays linear.
function index(recs: Rec[], pair: (r: Rec) => string) {
  const byId = new Map<string, Rec>();
  const pairs = new Map<string, Rec>();
  const copies = new Map<string, Rec[]>();
  for (const r of recs) {
    if (!byId.has(r.id)) byId.set(r.id, r);
    const p = pair(r);
    if (!pairs.has(p)) pairs.set(p, r);
    else {
      const list = copies.get(p);
      if (list) list.push(r);
      else copies.set(p, [r]);
    }
  }
  // The k-th record (0-based) with this pair, and how many copies of it there are.
  const nth = (p: string, k: number) => (k === 0 ? pairs.get(p) : copies.get(p)?.[k - 1]);
  const count = (p: string) => (pairs.has(p) ? 1 + (copies.get(p)?.length ?? 0) : 0);
  return { byId, pairs, nth, count };
}

// A record's (id, content) key. In canonical mode id and content are one string: no second copy.
// Keyed, each record's key is built once per merge: a new string per lookup (and hashing it anew)
// was most of a keyed merge's time.
function pairKeys(): (r: Rec) => string {
  const made = new Map<Rec, string>();
  return (r) => {
    if (r.id === r.content) return r.id;
    let p = made.get(r);
    if (p === undefined) {
      p = `${r.id}\u0000${r.content}`;
      made.set(r, p);
    }
    return p;
  };
}

/**
 * How many copies of a record the merge keeps, from its count in base, ours and theirs: each
 * side's change against base applies; where both sides added copies the larger addition wins
 * (the same delivery pulled on both sides stays one copy), where both removed copies the larger
 * removal wins.
 */
export function mergedCount(b: number, o: number, t: number): number {
  const dO = o - b;
  const dT = t - b;
  if (dO > 0 && dT > 0) return b + Math.max(dO, dT);
  if (dO < 0 && dT < 0) return b + Math.min(dO, dT);
  return Math.max(0, b + dO + dT);
}

/**
 * Merge records three-way. Append-only (default): the result is ours as it is, then the records
 * theirs added that ours lacks, in theirs' order; base records changed or removed on either side,
 * and one key added with different content on both sides, are conflicts (both sides kept).
 * appendOnly false: per id, a side's edit or deletion is taken when the other side kept the base.
 */
export function mergeRecords(
  base: Rec[],
  ours: Rec[],
  theirs: Rec[],
  opts: RecordMergeOptions,
): RecordMergeResult {
  const pair = pairKeys();
  const B = index(base, pair);
  const O = index(ours, pair);
  const T = index(theirs, pair);
  const conflicts: string[] = [];
  // What happens to one of ours' records: replaced, dropped, or put in a conflict block.
  const atOurs = new Map<Rec, { kind: "replace"; rec: Rec } | { kind: "drop" } | OutPiece>();
  const tail: OutPiece[] = [];
  const handled = new Set<string>();
  // Ids in a conflict block: the person decides, but none of theirs' copies may go missing.
  const conflicted = new Set<string>();
  // Ids decided otherwise (onKeyConflict, a field-wise merge): their copies are not counted.
  const decided = new Set<string>();
  // theirs' edits already applied in place of ours' record: not new records, not conflicts.
  const applied = new Set<Rec>();

  const shown = new Set<string>();
  // Blocks for records ours no longer has go where the record was: after ours' copy of the
  // nearest earlier base record ours kept (null: at the start).
  const after = new Map<Rec | null, OutPiece[]>();
  let lastKept: Rec | null = null;
  const seenInBase = new Map<string, number>();
  // The k-th copy of a base record is ours' k-th copy: the anchor follows positions, not pairs.
  const track = (p: string) => {
    const k = seenInBase.get(p) ?? 0;
    seenInBase.set(p, k + 1);
    const anchor = lastKept;
    lastKept = O.nth(p, k) ?? lastKept;
    return anchor;
  };
  const conflict = (
    id: string,
    o: Rec | undefined,
    t: Rec | undefined,
    why: string,
    anchor?: Rec | null,
  ) => {
    conflicts.push(why);
    conflicted.add(id);
    if (t) shown.add(pair(t));
    const piece: OutPiece = { kind: "conflict", ours: o ? [o] : [], theirs: t ? [t] : [], why };
    if (o && !atOurs.has(o)) atOurs.set(o, piece);
    else if (!o && anchor !== undefined) {
      const list = after.get(anchor);
      if (list) list.push(piece);
      else after.set(anchor, [piece]);
    } else tail.push(piece);
    handled.add(id);
  };

  const keyConflict = (id: string, o: Rec, t: Rec) => {
    handled.add(id);
    decided.add(id);
    if (opts.onKeyConflict === "ours") return;
    if (opts.onKeyConflict === "theirs") atOurs.set(o, { kind: "replace", rec: t });
    else if (opts.onKeyConflict === "keep-both") tail.push({ kind: "rec", rec: t });
    else
      conflict(
        id,
        o,
        t,
        `line ${t.line} of theirs: key ${id} added on both sides with different content`,
      );
  };

  if (opts.appendOnly) {
    for (const b of base) {
      const p = pair(b);
      const k = seenInBase.get(p) ?? 0;
      const anchor = track(p);
      if (k > 0) {
        // A further copy of a base record: removing it is a change too.
        const oHas = O.count(p) > k;
        const tHas = T.count(p) > k;
        if (oHas === tHas) continue;
        conflict(
          b.id,
          oHas ? O.nth(p, k) : undefined,
          tHas ? T.nth(p, k) : undefined,
          `line ${b.line} of base: a copy removed on ${oHas ? "theirs" : "ours"}, but the file is append-only`,
          anchor,
        );
        continue;
      }
      const oKept = O.pairs.has(p);
      const tKept = T.pairs.has(p);
      if (oKept && tKept) continue;
      // A side that kept the base record shows that record; the other shows its version.
      const o = oKept ? O.pairs.get(p) : O.byId.get(b.id);
      const t = tKept ? T.pairs.get(p) : T.byId.get(b.id);
      // Both sides made the same change: nothing to decide.
      if (!oKept && !tKept && o?.content === t?.content) {
        handled.add(b.id);
        continue;
      }
      const side = oKept ? "theirs" : "ours";
      const what = (oKept ? t : o) ? "changed" : "removed";
      conflict(
        b.id,
        o,
        t,
        `line ${b.line} of base: ${what} on ${side}, but the file is append-only`,
        anchor,
      );
    }
  } else {
    for (const b of base) {
      const anchor = track(pair(b));
      if (handled.has(b.id)) continue;
      handled.add(b.id);
      const o = O.byId.get(b.id);
      const t = T.byId.get(b.id);
      if (o?.content === t?.content || t?.content === b.content) continue;
      if (o?.content === b.content) {
        if (!o) continue;
        atOurs.set(o, t ? { kind: "replace", rec: t } : { kind: "drop" });
        if (t) applied.add(t);
        continue;
      }
      const merged = o && t && opts.mergeFields?.(b, o, t);
      if (merged && t && o) {
        atOurs.set(o, { kind: "replace", rec: merged });
        applied.add(t);
        decided.add(b.id);
        continue;
      }
      handled.delete(b.id);
      conflict(b.id, o, t, `line ${b.line} of base: changed differently on both sides`, anchor);
    }
  }

  const seen = new Set<string>();
  for (const t of theirs) {
    if (applied.has(t)) continue;
    const p = pair(t);
    if (B.pairs.has(p) || O.pairs.has(p) || seen.has(p)) continue;
    seen.add(p);
    if (handled.has(t.id)) {
      // A second record of a key already decided: shown, never silently dropped or added.
      if (!shown.has(p))
        conflict(t.id, undefined, t, `line ${t.line} of theirs: another record for key ${t.id}`);
      continue;
    }
    const o = O.byId.get(t.id);
    if (o && !B.byId.has(t.id)) keyConflict(t.id, o, t);
    else if (o || B.byId.has(t.id)) {
      // theirs appended a second version of a known key: an edit in an append-only disguise.
      if (opts.appendOnly || !o)
        conflict(
          t.id,
          o,
          t,
          `line ${t.line} of theirs: key ${t.id} already exists with other content`,
        );
    } else tail.push({ kind: "rec", rec: t });
  }

  const tailBefore = tail.length;
  countCopies(
    base,
    ours,
    theirs,
    { B, O, T },
    atOurs,
    tail,
    after,
    conflicted,
    decided,
    opts.appendOnly,
    pair,
  );
  if (tail.length > tailBefore) inTheirsOrder(tail, theirs);

  const pieces: OutPiece[] = [...(after.get(null) ?? [])];
  for (const o of ours) {
    const act = atOurs.get(o);
    if (!act) pieces.push({ kind: "rec", rec: o });
    else if (act.kind === "replace") pieces.push({ kind: "rec", rec: act.rec });
    else if (act.kind !== "drop") pieces.push(act);
    pieces.push(...(after.get(o) ?? []));
  }
  pieces.push(...tail);
  return { pieces, conflicts };
}

type Index = ReturnType<typeof index>;
type OursAct = { kind: "replace"; rec: Rec } | { kind: "drop" } | OutPiece;

// Copies are counted: after the per-record decisions, every record not in a conflict gets
// mergedCount() copies; missing ones are theirs' and go to the end, extra ones are ours' and are
// dropped (never in an append-only file, where a removal is already a conflict).
function countCopies(
  base: Rec[],
  ours: Rec[],
  theirs: Rec[],
  { B, O, T }: { B: Index; O: Index; T: Index },
  atOurs: Map<Rec, OursAct>,
  tail: OutPiece[],
  after: Map<Rec | null, OutPiece[]>,
  conflicted: Set<string>,
  decided: Set<string>,
  appendOnly: boolean,
  pair: (r: Rec) => string,
): void {
  const planned = new Map<string, number>();
  const add = (r: Rec) => {
    const p = pair(r);
    planned.set(p, (planned.get(p) ?? 0) + 1);
  };
  for (const o of ours) {
    const act = atOurs.get(o);
    if (!act) add(o);
    else if (act.kind === "replace") add(act.rec);
  }
  for (const p of tail) if (p.kind === "rec") add(p.rec);
  // Theirs' copies a conflict block shows: with the clean ones, what of theirs is visible.
  const shown = new Map(planned);
  const show = (r: Rec) => {
    const p = pair(r);
    shown.set(p, (shown.get(p) ?? 0) + 1);
  };
  for (const act of atOurs.values()) if (act.kind === "conflict") act.theirs.forEach(show);
  for (const p of tail) if (p.kind === "conflict") p.theirs.forEach(show);
  for (const list of after.values())
    for (const p of list) if (p.kind === "conflict") p.theirs.forEach(show);
  const done = new Set<string>();
  for (const r of [...base, ...ours, ...theirs]) {
    const p = pair(r);
    if (done.has(p) || r.id.startsWith("\u0000blank") || decided.has(r.id)) continue;
    done.add(p);
    const t = T.count(p);
    if (conflicted.has(r.id)) {
      // A record in a conflict is the person's to decide, but copies theirs added are never lost.
      for (let i = shown.get(p) ?? 0; i < t; i++) {
        const rec = T.nth(p, i);
        if (rec) tail.push({ kind: "rec", rec });
      }
      continue;
    }
    const diff = mergedCount(B.count(p), O.count(p), t) - (planned.get(p) ?? 0);
    for (let i = 0; i < diff; i++) {
      const rec = T.nth(p, Math.max(0, t - diff + i)) ?? O.nth(p, 0);
      if (rec) tail.push({ kind: "rec", rec });
    }
    if (diff >= 0 || appendOnly) continue;
    // Drop ours' last untouched copies.
    let drop = -diff;
    for (let k = O.count(p) - 1; k >= 0 && drop > 0; k--) {
      const o = O.nth(p, k);
      if (o && !atOurs.has(o)) {
        atOurs.set(o, { kind: "drop" });
        drop--;
      }
    }
  }
}

// Added copies take their place in theirs' order among theirs' other new records (stable sort).
function inTheirsOrder(tail: OutPiece[], theirs: Rec[]): void {
  const pos = new Map<Rec, number>();
  for (const [i, r] of theirs.entries()) pos.set(r, i);
  let last = -1;
  const keyed = tail.map((piece, i) => {
    const r = piece.kind === "rec" ? piece.rec : piece.theirs[0];
    last = (r && pos.get(r)) ?? last;
    return { piece, key: last, i };
  });
  keyed.sort((a, b) => a.key - b.key || a.i - b.i);
  keyed.forEach((k, i) => {
    tail[i] = k.piece;
  });
}
