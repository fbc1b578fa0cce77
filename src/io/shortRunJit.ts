/**
 * For a process that lives under a second (a merge driver): on V8 13+ (Node 24), where Maglev
 * is on by default, leave TurboFan out. Its concurrent compiles (their own thread and memory)
 * cost the notebook driver 4-5 MiB of peak RSS on a 5 MB merge, which took it over its target of
 * 4x the inputs, and saved no CPU: Maglev's code is as fast for one short run (measured in
 * docs/benchmarks.md). Older V8 (Node 20, 22) has no Maglev by default: there TurboFan stays,
 * as without it the 50 MB merge takes 5x the CPU. Turning a flag after start is what V8 allows
 * for this one (it is read at each tier-up decision); nothing is compiled yet when it runs.
 * node:v8 is loaded only then: loading it costs ~1.5 MiB of RSS, too much on Node 22.
 */
export function shortRunJit(v8Version = process.versions.v8): void {
  if (Number(v8Version.split(".")[0]) >= 13)
    process.getBuiltinModule("node:v8").setFlagsFromString("--no-turbofan");
}
