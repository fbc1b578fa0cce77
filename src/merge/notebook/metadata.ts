type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** Structural equality of parsed JSON values (no copies: outputs can be megabytes). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!(k in b) || !deepEqual((a as Obj)[k], (b as Obj)[k])) return false;
  return true;
}

/**
 * Cell metadata that records how a cell was last run or shown, not what it is: execution
 * timing (JupyterLab `execution`, nbextensions `ExecuteTime`, papermill), collapse and scroll
 * state. A change to it never conflicts and never counts as an edit.
 */
export const CELL_VOLATILE = new Set([
  "execution",
  "ExecuteTime",
  "papermill",
  "collapsed",
  "scrolled",
  "jupyter",
]);

/** Notebook metadata that changes with the machine that last ran it. */
export const NOTEBOOK_VOLATILE = new Set(["language_info", "papermill", "widgets", "toc"]);

/** A key both sides set differently: ours' value was kept, theirs' is here. */
export interface MetaConflict {
  key: string;
  theirs: unknown;
}

/** The keys of `m` that are not volatile (what counts when asking "was this edited?"). */
export function stable(m: unknown, volatile: Set<string>): Obj {
  const out: Obj = {};
  if (isObj(m)) for (const [k, v] of Object.entries(m)) if (!volatile.has(k)) out[k] = v;
  return out;
}

/**
 * Three-way merge of metadata, key by key and recursively: a side's change applies when the
 * other kept base's value; a volatile key takes ours' value when ours changed it, else theirs';
 * the same key changed differently keeps ours' value and reports theirs'.
 */
export function mergeMetadata(
  base: unknown,
  ours: unknown,
  theirs: unknown,
  volatile: Set<string>,
): { value: Obj; conflicts: MetaConflict[] } {
  const conflicts: MetaConflict[] = [];
  const rec = (b: unknown, o: unknown, t: unknown, path: string, top: boolean): unknown => {
    if (deepEqual(o, t)) return o;
    if (deepEqual(b, o)) return t;
    if (deepEqual(b, t)) return o;
    if (isObj(o) && isObj(t) && (b === undefined || isObj(b))) {
      const bb = (b ?? {}) as Obj;
      const out: Obj = {};
      for (const k of [...Object.keys(o), ...Object.keys(t).filter((k) => !(k in o))]) {
        const v =
          top && volatile.has(k)
            ? deepEqual(bb[k], o[k])
              ? t[k]
              : o[k]
            : rec(bb[k], o[k], t[k], path ? `${path}.${k}` : k, false);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    conflicts.push({ key: path || "(all)", theirs: t });
    return o;
  };
  const value = rec(
    isObj(base) ? base : {},
    isObj(ours) ? ours : {},
    isObj(theirs) ? theirs : {},
    "",
    true,
  );
  return { value: (isObj(value) ? value : {}) as Obj, conflicts };
}
