#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// git calls: node ipynb.js %O %A %B %L %P; exit 0 clean, 1 cells in conflict, 2 not a notebook.
runEntry(async (args) =>
  (await import("../src/merge/notebook/runNotebookDriver.js")).runNotebookDriver(args),
);
