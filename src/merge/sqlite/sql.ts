/** A value as better-sqlite3 returns it with safeIntegers on. */
export type SqlValue = null | number | bigint | string | Buffer;

/** Quote an SQL identifier (table, column, schema name). */
export function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** True when two stored values are the same value (1 and 1.0 are equal, as in SQL `IS`). */
export function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b))
    return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  const na = typeof a === "bigint" || typeof a === "number";
  const nb = typeof b === "bigint" || typeof b === "number";
  if (na && nb) {
    if (typeof a === "bigint" && typeof b === "bigint") return a === b;
    return Number(a) === Number(b);
  }
  return false;
}

/** True when rows agree on the given column indexes (each pair [i in a, j in b]). */
export function sameOn(a: SqlValue[], b: SqlValue[], pairs: [number, number][]): boolean {
  for (const [i, j] of pairs) if (!sameValue(a[i], b[j])) return false;
  return true;
}

/** A value as JSON: blobs as {"$blob": base64}, integers beyond 2^53 as {"$int": "digits"}. */
export function toJsonValue(v: SqlValue): unknown {
  if (typeof v === "bigint")
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(v)
      : { $int: v.toString() };
  if (Buffer.isBuffer(v)) return { $blob: v.toString("base64") };
  return v;
}

/** The inverse of toJsonValue. */
export function fromJsonValue(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  const o = v as { $int?: string; $blob?: string };
  if (typeof o.$int === "string") return BigInt(o.$int);
  if (typeof o.$blob === "string") return Buffer.from(o.$blob, "base64");
  return JSON.stringify(v);
}

/** A row as a JSON object text {column: value}. */
export function rowJson(cols: string[], row: SqlValue[] | null): string | null {
  if (!row) return null;
  const o: Record<string, unknown> = {};
  cols.forEach((c, i) => {
    o[c] = toJsonValue(row[i]);
  });
  return JSON.stringify(o);
}
