import { depthProblem, NestingError, readJson, stringifyJson } from "../records/exactJson.js";

export { jsonEqual } from "../records/exactJson.js";

/** Parse JSON text, or say on which line it breaks. */
export function parseJsonText(
  text: string,
): { value: unknown } | { line: number; message: string } {
  const deep = depthProblem(text);
  if (deep !== null) return { line: deep, message: new NestingError().message };
  try {
    return { value: readJson(text) };
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

/** JSON.stringify with `indent`, every line after the first prefixed with `prefix`. */
export function stringifyAt(value: unknown, indent: string, prefix: string): string {
  return stringifyJson(value, indent).replace(/\n/g, `\n${prefix}`);
}
