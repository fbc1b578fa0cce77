import { P } from "./common.js";

/** Messages of the hooks. */
export const hookMsg = {
  detached: () =>
    `${P} HEAD is detached; the commit rules run when it is pushed (pre-push) instead.`,
  unknownHook: (name: string) => `${P} no hook named "${name}".`,
  driverMissing: (names: string[], pkgPrefix: string) =>
    `${P} .gitattributes names ${names.join(", ")}, not set up in this clone (git would merge such files as text without a word); fix: ${pkgPrefix ? `(cd ${pkgPrefix} && npx install-ml-hooks)` : "npx install-ml-hooks"}`,
  chainedFailed: (path: string, code: number) => `${P} ${path} failed (exit ${code}).`,
};
