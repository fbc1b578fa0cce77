import { openReadOnly } from "./openDatabase.js";

/** The three merge inputs by role. */
export interface MergeInputs {
  base: string;
  ours: string;
  theirs: string;
}

/** Which input is damaged (checked in full, so only after SQLite reported damage). */
export function whichIsDamaged(files: MergeInputs): string {
  for (const [role, path] of [
    ["theirs (%B)", files.theirs],
    ["base (%O)", files.base],
    ["ours (%A)", files.ours],
  ] as const) {
    try {
      const db = openReadOnly(path);
      try {
        const r = db.pragma("quick_check(1)", { simple: true });
        if (r !== "ok") return role;
      } finally {
        db.close();
      }
    } catch {
      return role;
    }
  }
  return "the databases";
}

/** The file of a role ("ours (%A)" -> ours' path). */
export function fileOf(files: MergeInputs, role: string): string {
  if (role.startsWith("base")) return files.base;
  if (role.startsWith("theirs")) return files.theirs;
  if (role.startsWith("ours")) return files.ours;
  return `${files.ours}, ${files.base} or ${files.theirs}`;
}
