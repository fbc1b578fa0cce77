/** Parse JSON text, or say on which line it breaks. */
export function parseJsonText(
  text: string,
): { value: unknown } | { line: number; message: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const m = (e as Error).message;
    const pos = /position (\d+)/.exec(m);
    const lineM = /line (\d+)/.exec(m);
    const line = lineM
      ? Number(lineM[1])
      : pos
        ? text.slice(0, Number(pos[1])).split("\n").length
        : text.split("\n").length;
    return { line, message: `not valid JSON (${m})` };
  }
}

/** The indentation unit of a pretty-printed JSON text ("" when it is on one line). */
export function detectIndent(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : "";
}

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ka = Object.keys(ao);
  return (
    ka.length === Object.keys(bo).length && ka.every((k) => k in bo && jsonEqual(ao[k], bo[k]))
  );
}

/** JSON.stringify with `indent`, every line after the first prefixed with `prefix`. */
export function stringifyAt(value: unknown, indent: string, prefix: string): string {
  return JSON.stringify(value, null, indent || undefined).replace(/\n/g, `\n${prefix}`);
}
