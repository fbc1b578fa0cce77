import { setGitDeadline } from "../git/execGit.js";
import { TimeBudgetError, UsageError } from "../io/errors.js";
import { pushMsg } from "../io/messages/push.js";

/** GitHub Enterprise Server stops all pre-receive hooks of a push after 5 s together. */
export const GHES_DEFAULT_BUDGET_S = 4.5;

/** True when GitHub Enterprise Server runs this hook (variables its hook environment sets). */
export function onGhes(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_REPO_NAME !== undefined && env.GITHUB_USER_LOGIN !== undefined;
}

/**
 * The server check's time budget in seconds: MLBRANCH_TIME_BUDGET (set by `init --server
 * --time-budget`, 0 = none), else 4.5 s on GitHub Enterprise Server, else none.
 */
export function timeBudget(env: NodeJS.ProcessEnv): number | null {
  const v = env.MLBRANCH_TIME_BUDGET;
  if (v !== undefined && v !== "") {
    const s = Number(v);
    if (!Number.isFinite(s) || s < 0) throw new UsageError(pushMsg.badTimeBudget(v));
    return s > 0 ? s : null;
  }
  return onGhes(env) ? GHES_DEFAULT_BUDGET_S : null;
}

/**
 * Run the check within the budget, counted from the process's start (Node's own start-up
 * included): git calls stop at the deadline and the check is abandoned at its next await, both
 * as a TimeBudgetError that refuses the push with a message, never a silent pass.
 */
export async function withinBudget<T>(env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const budget = timeBudget(env);
  if (budget === null) return work();
  const started = Date.now() - performance.now();
  const at = started + budget * 1000;
  const message = pushMsg.outOfTime(budget, onGhes(env));
  setGitDeadline(at, message);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeBudgetError(message)), Math.max(0, at - Date.now()));
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    clearTimeout(timer);
    setGitDeadline(null);
  }
}
