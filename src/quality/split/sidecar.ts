/** The file `mlbranch split` writes beside the split files: how they were made. */
export const SPLIT_SIDECAR = ".mlbranch-split.json";

/** What a split was made with: the split rule reads the key from here before the config's. */
export interface SplitRecipe {
  /** The record id fields. */
  key: string[];
  salt: string;
  ratios: number[];
  names: string[];
  /** Split name -> file name (in the sidecar's directory). */
  files: Record<string, string>;
  /** The input file, as given to `mlbranch split`. */
  input: string;
}

/** The sidecar's text (stable key order, one trailing newline). */
export function recipeText(r: SplitRecipe): string {
  const { key, salt, ratios, names, files, input } = r;
  return `${JSON.stringify({ key, salt, ratios, names, files, input }, null, 2)}\n`;
}

const strings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string" && x !== "");

/** Parse a sidecar; a string says what is wrong with it. */
export function parseRecipe(text: string): SplitRecipe | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return "not a JSON object";
  const o = v as Record<string, unknown>;
  const key = typeof o.key === "string" ? [o.key] : o.key;
  if (!strings(key)) return `"key" must be a field name or a list of them`;
  return {
    key,
    salt: typeof o.salt === "string" ? o.salt : "",
    ratios: Array.isArray(o.ratios) ? o.ratios.filter((x) => typeof x === "number") : [],
    names: strings(o.names) ? o.names : [],
    files:
      o.files && typeof o.files === "object" && !Array.isArray(o.files)
        ? (o.files as Record<string, string>)
        : {},
    input: typeof o.input === "string" ? o.input : "",
  };
}

/** The command that makes the same split again (new records land without moving old ones). */
export function recipeCommand(r: SplitRecipe, dir: string): string {
  const q = (s: string) => (/^[\w./:@=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ["mlbranch split", q(r.input || "<input>"), "--key", q(r.key.join(","))];
  if (r.salt) parts.push("--salt", q(r.salt));
  if (r.ratios.length) parts.push("--ratios", r.ratios.join(","));
  if (r.names.length) parts.push("--names", q(r.names.join(",")));
  parts.push("--out", q(dir || "."));
  return parts.join(" ");
}
