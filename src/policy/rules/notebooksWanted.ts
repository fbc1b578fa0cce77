import type { RuleContext } from "../types.js";

const NOTEBOOK = /\.ipynb$/i;

/** True when a commit adds or changes a notebook: the notebooks rule loads only then. */
export const touchesNotebook = (ctx: RuleContext) =>
  ctx.changes.some((c) => NOTEBOOK.test(c.path) && c.newOid && c.status !== "D");
