#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";
import { shortRunJit } from "../src/io/shortRunJit.js";

// Before any merge code runs: peak memory is one of this driver's targets (io/shortRunJit.ts).
shortRunJit();

// git calls: node ipynb.js %O %A %B %L %P; exit 0 clean, 1 cells in conflict, 2 not a notebook.
runEntry(async (args) =>
  (await import("../src/merge/notebook/runNotebookDriver.js")).runNotebookDriver(args),
);
