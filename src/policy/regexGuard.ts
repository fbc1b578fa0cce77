import { type Context, createContext, Script } from "node:vm";

// Trailer patterns are validated with a ReDoS check (config/validateConfig.ts), which catches
// nested quantifiers but not every slow pattern (e.g. (a|a)*$). As a second line, matches run in
// a vm context with a timeout: all the values a check queued at once in one run, and only if
// that run times out, each pair on its own, so one slow pattern cannot hang a hook.
const BATCH_MS = 2000;
const EACH_MS = 250;

const answers = new Map<string, boolean | null>();
const queue = new Map<string, [string, string]>();
let context: Context | undefined;
let script: Script | undefined;

function run(pairs: [string, string][], ms: number): boolean[] {
  context ??= createContext({ pairs: [] });
  script ??= new Script("pairs.map(([p, s]) => new RegExp(p).test(s))");
  context.pairs = pairs;
  return script.runInContext(context, { timeout: ms }) as boolean[];
}

function timedOut(e: unknown): boolean {
  return (e as { code?: string })?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
}

function flush(): void {
  const pending = [...queue.entries()];
  queue.clear();
  if (!pending.length) return;
  try {
    const res = run(
      pending.map(([, p]) => p),
      BATCH_MS,
    );
    for (const [i, [k]] of pending.entries()) answers.set(k, res[i] === true);
    return;
  } catch (e) {
    if (!timedOut(e)) throw e;
  }
  const slow = new Set<string>();
  for (const [k, pair] of pending) {
    if (slow.has(pair[0])) {
      answers.set(k, null);
      continue;
    }
    try {
      answers.set(k, run([pair], EACH_MS)[0] === true);
    } catch (e) {
      if (!timedOut(e)) throw e;
      slow.add(pair[0]);
      answers.set(k, null);
    }
  }
}

/** Queue a match so the next guardedTest answers it and every other queued one in one run. */
export function queueMatch(pattern: string, value: string): void {
  const key = `${pattern}\0${value}`;
  if (!answers.has(key)) queue.set(key, [pattern, value]);
}

/** new RegExp(pattern).test(value), or null when it takes too long (catastrophic backtracking). */
export function guardedTest(pattern: string, value: string): boolean | null {
  const key = `${pattern}\0${value}`;
  if (!answers.has(key)) {
    queue.set(key, [pattern, value]);
    flush();
  }
  return answers.get(key) ?? null;
}
