import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeNotebooks } from "../../src/merge/notebook/mergeNotebook.js";
import {
  type Cell,
  type Notebook,
  notebookProblems,
  sourceText,
} from "../../src/records/notebook.js";

const numRuns = Number(process.env.MLBRANCH_PROPERTY_RUNS ?? 500);

// Cells are lines of unique tokens, so the reference model can merge them line by line.
interface MCell {
  id: string;
  lines: string[];
  run: number | null;
}
type Op =
  | { kind: "edit"; at: number; line: number; shared: boolean }
  | { kind: "delete"; at: number }
  | { kind: "insert"; at: number; n: number }
  | { kind: "move"; at: number; to: number }
  | { kind: "rerun"; at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("edit" as const),
    at: fc.nat(9),
    line: fc.nat(4),
    shared: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(9) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(9),
    n: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant("move" as const), at: fc.nat(9), to: fc.nat(9) }),
  fc.record({ kind: fc.constant("rerun" as const), at: fc.nat(9) }),
);

const baseArb = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 6 }).map((sizes) =>
  sizes.map(
    (n, i): MCell => ({
      id: `b${i}`,
      lines: Array.from({ length: n }, (_, j) => `b${i}l${j}`),
      run: null,
    }),
  ),
);

function apply(base: MCell[], ops: Op[], side: "o" | "t"): MCell[] {
  const cells = base.map((c) => ({ ...c, lines: [...c.lines] }));
  let fresh = 0;
  for (const op of ops) {
    if (op.kind === "insert") {
      const at = op.at % (cells.length + 1);
      const id = `${side}${fresh++}`;
      cells.splice(at, 0, {
        id,
        lines: Array.from({ length: op.n }, (_, j) => `${id}l${j}`),
        run: null,
      });
      continue;
    }
    if (!cells.length) continue;
    const i = op.at % cells.length;
    const c = cells[i];
    if (op.kind === "delete") cells.splice(i, 1);
    else if (op.kind === "move") {
      cells.splice(i, 1);
      cells.splice(op.to % (cells.length + 1), 0, c);
    } else if (op.kind === "rerun") c.run = side === "o" ? 100 + i : 200 + i;
    else {
      const l = op.line % c.lines.length;
      // "shared": both sides may make this very change (the same delivery on both).
      c.lines[l] = op.shared ? `${c.id}l${l}-shared` : `${c.id}l${l}-${side}${fresh++}`;
    }
  }
  return cells;
}

const toCell = (c: MCell): Cell => ({
  cell_type: "code",
  id: c.id,
  source: c.lines.map((l, i) => (i < c.lines.length - 1 ? `${l}\n` : l)),
  metadata: {},
  execution_count: c.run,
  outputs: c.run === null ? [] : [{ output_type: "stream", name: "stdout", text: [`${c.run}\n`] }],
});
const toNb = (cells: MCell[]): Notebook => ({
  cells: cells.map(toCell),
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});

/** The reference: each cell's lines merged position by position, runs of changed lines as diff3 does. */
function modelSource(b: string[], o: string[], t: string[]): { text: string; conflict: boolean } {
  const out: string[] = [];
  let conflict = false;
  let i = 0;
  while (i < b.length) {
    if (o[i] === b[i] && t[i] === b[i]) {
      out.push(b[i++]);
      continue;
    }
    let j = i;
    while (j < b.length && (o[j] !== b[j] || t[j] !== b[j])) j++;
    const [os, ts, bs] = [o.slice(i, j), t.slice(i, j), b.slice(i, j)];
    const eq = (x: string[], y: string[]) => x.join("\n") === y.join("\n");
    if (eq(os, bs)) out.push(...ts);
    else if (eq(ts, bs) || eq(os, ts)) out.push(...os);
    else {
      conflict = true;
      out.push("<<<<<<< ours", ...os, "=======", ...ts, ">>>>>>> theirs");
    }
    i = j;
  }
  const text = out.join("\n");
  return { text: out[out.length - 1] === ">>>>>>> theirs" ? `${text}\n` : text, conflict };
}

describe("notebook merge against a plain model (fast-check)", () => {
  it("keeps every cell a side kept, validates, and equals the model's merge", () => {
    fc.assert(
      fc.property(
        baseArb,
        fc.array(opArb, { maxLength: 6 }),
        fc.array(opArb, { maxLength: 6 }),
        (base, oOps, tOps) => {
          const ours = apply(base, oOps, "o");
          const theirs = apply(base, tOps, "t");
          const m = mergeNotebooks(toNb(base), toNb(ours), toNb(theirs));
          expect(notebookProblems(m.nb)).toEqual([]);
          const byId = (cs: MCell[]) => new Map(cs.map((c) => [c.id, c]));
          const [bm, om, tm] = [byId(base), byId(ours), byId(theirs)];
          const got = new Map(m.nb.cells.map((c) => [c.id!, c]));
          let conflicts = 0;
          const expectedIds = new Set<string>();
          for (const id of new Set([...om.keys(), ...tm.keys()])) {
            const [b, o, t] = [bm.get(id), om.get(id), tm.get(id)];
            const same = (x: MCell, y: MCell) => x.lines.join("\n") === y.lines.join("\n");
            if (o && t) {
              expectedIds.add(id);
              const cell = got.get(id)!;
              const s = b ? modelSource(b.lines, o.lines, t.lines) : null;
              if (same(o, t)) expect(sourceText(cell)).toBe(o.lines.join("\n"));
              else if (s) expect(sourceText(cell)).toBe(s.text);
              if (s?.conflict) conflicts++;
              // The run follows the side whose source is kept; cleared when merged.
              const run = same(o, t)
                ? o.run === (b?.run ?? null)
                  ? t.run
                  : o.run
                : b && same(o, b)
                  ? t.run
                  : b && same(t, b)
                    ? o.run
                    : null;
              expect(cell.execution_count).toBe(run);
            } else if (!b) expectedIds.add(id);
            else {
              const side = (o ?? t)!;
              if (!same(side, b)) {
                expectedIds.add(id);
                conflicts++;
                expect(got.get(id)!.metadata.mlbranch).toMatchObject({
                  deletedBy: o ? "theirs" : "ours",
                });
                expect(sourceText(got.get(id)!)).toContain(side.lines.join("\n"));
              }
            }
          }
          expect(new Set(got.keys())).toEqual(expectedIds);
          expect(m.nb.cells).toHaveLength(expectedIds.size);
          expect(m.conflicts).toHaveLength(conflicts);
          // Order: the side that leads keeps its order; the other's cells follow their predecessor.
          const common = (cs: MCell[]) =>
            cs
              .filter((c) => bm.has(c.id) && om.has(c.id) && tm.has(c.id))
              .map((c) => c.id)
              .join();
          const theirsLead = common(ours) === common(base) && common(theirs) !== common(base);
          const [lead, other] = theirsLead ? [ours, theirs].reverse() : [ours, theirs];
          const order = m.nb.cells.map((c) => c.id!);
          const leadKept = lead.map((c) => c.id).filter((id) => expectedIds.has(id));
          expect(order.filter((id) => leadKept.includes(id))).toEqual(leadKept);
          const otherKept = other.map((c) => c.id).filter((id) => expectedIds.has(id));
          const leadIds = new Set(lead.map((c) => c.id));
          const otherIds = new Set(other.map((c) => c.id));
          const leadNew = (id: string) => !bm.has(id) && !otherIds.has(id);
          otherKept.forEach((id, k) => {
            if (leadIds.has(id)) return;
            // Right after the cell it follows on its side: only other inserted cells (and, when
            // ours leads, ours' new cells at that place) may come between.
            const from = k === 0 ? 0 : order.indexOf(otherKept[k - 1]) + 1;
            const between = order.slice(from, order.indexOf(id));
            for (const x of between)
              expect(!leadIds.has(x) || (!theirsLead && leadNew(x))).toBe(true);
          });
        },
      ),
      { numRuns },
    );
  });

  it("without cell ids (nbformat 4.4, aligned by content): validates and keeps every new cell", () => {
    fc.assert(
      fc.property(
        baseArb,
        fc.array(opArb, { maxLength: 6 }),
        fc.array(opArb, { maxLength: 6 }),
        (base, oOps, tOps) => {
          const strip = (nb: Notebook): Notebook => ({
            ...nb,
            nbformat_minor: 4,
            cells: nb.cells.map(({ id: _id, ...c }) => c as Cell),
          });
          const ours = apply(base, oOps, "o");
          const theirs = apply(base, tOps, "t");
          const m = mergeNotebooks(strip(toNb(base)), strip(toNb(ours)), strip(toNb(theirs)));
          expect(notebookProblems(m.nb)).toEqual([]);
          const text = m.nb.cells.map((c) => sourceText(c)).join("\n");
          // Every cell a side added, with its lines, is in the result.
          for (const c of [...ours, ...theirs].filter((c) => !c.id.startsWith("b")))
            for (const l of c.lines) expect(text).toContain(l);
        },
      ),
      { numRuns },
    );
  });
});
