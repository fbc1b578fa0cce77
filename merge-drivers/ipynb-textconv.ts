#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// git diff calls: node ipynb-textconv.js <file>; prints cells and sources, outputs summarised.
runEntry(async (args) =>
  (await import("../src/merge/notebook/textconv.js")).runNotebookTextconv(args),
);
