// MLBRANCH_DEBUG=1 traces each git call and each phase with its time on stderr (like husky's
// HUSKY=2 and lint-staged's --debug). Off, each call costs one boolean test.

const on = (v: string | undefined) => !!v && v !== "0" && v !== "false";
let enabled = on(process.env.MLBRANCH_DEBUG);
// Not performance.now(): the first touch of the `performance` global loads perf_hooks (~3 ms of
// every hook's start); times are taken only while tracing.
const start = process.hrtime();
const sinceStart = () => {
  const [s, ns] = process.hrtime(start);
  return s * 1e3 + ns / 1e6;
};

/** Whether tracing is on (MLBRANCH_DEBUG set to anything but "", "0" or "false"). */
export function debugEnabled(): boolean {
  return enabled;
}

/** Turn tracing on or off for this process (tests, or an Io whose env differs from process.env). */
export function setDebug(env: NodeJS.ProcessEnv): void {
  enabled = on(env.MLBRANCH_DEBUG);
}

/** One trace line: time since start, the text, and how long it took when given. */
export function debug(text: string, ms?: number): void {
  if (!enabled) return;
  const at = sinceStart().toFixed(1).padStart(7);
  process.stderr.write(
    `mlbranch:debug ${at} ms  ${text}${ms === undefined ? "" : ` (${ms.toFixed(1)} ms)`}\n`,
  );
}

/** Run one phase of work and trace its time; works for sync and async work alike. */
export function phase<T>(name: string, work: () => T): T {
  if (!enabled) return work();
  const t = performance.now();
  const r = work();
  if (r instanceof Promise)
    return r.finally(() => debug(name, performance.now() - t)) as unknown as T;
  debug(name, performance.now() - t);
  return r;
}
