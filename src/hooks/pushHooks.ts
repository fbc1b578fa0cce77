import { EXIT } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { pushMsg } from "../io/messages/push.js";
import type { CheckResult } from "../policy/engine.js";
import { formatReport } from "../policy/report.js";
import { checkUpdates } from "../push/checkUpdates.js";
import { clientPushConfig, serverPushConfig } from "../push/pushConfig.js";
import type { PushSide } from "../push/pushSide.js";
import { parsePrePush, parsePreReceive } from "../push/refUpdates.js";
import { withinBudget } from "../push/timeBudget.js";

function report(results: CheckResult[], io: Io, where: string): number {
  let n = 0;
  for (const r of results) {
    if (r.violations.length || r.warnings.length) io.err(formatReport(r, false));
    n += r.violations.length;
  }
  if (n) io.err(pushMsg.refused(n, where));
  return n ? EXIT.violation : EXIT.ok;
}

/** pre-push: stdin lines judged under the remote ref names; exit code. */
export async function prePush(
  root: string,
  args: string[],
  input: string,
  io: Io,
): Promise<number> {
  const remote = args[0] ?? "origin";
  const side: PushSide = {
    known: [`--remotes=${remote}`],
    branchRefs: ["refs/heads", `refs/remotes/${remote}`],
    branchName: (ref) => ref.replace(/^refs\/heads\//, "").replace(`refs/remotes/${remote}/`, ""),
    receiverRef: (branch) => `refs/remotes/${remote}/${branch}`,
  };
  const config = clientPushConfig(root, remote);
  const results = await checkUpdates({
    cwd: root,
    config,
    updates: parsePrePush(input),
    side,
    env: io.env,
  });
  return report(results, io, "pre-push");
}

/** pre-receive: `<old> <new> <ref>` lines judged in the bare repository; exit code. */
export async function preReceive(gitDir: string, input: string, io: Io): Promise<number> {
  const side: PushSide = {
    known: ["--all"],
    branchRefs: ["refs/heads"],
    branchName: (ref) => ref.replace(/^refs\/heads\//, ""),
    receiverRef: (branch) => `refs/heads/${branch}`,
  };
  // Within the host's time budget (GitHub Enterprise Server: 5 s), or refused with a message.
  const results = await withinBudget(io.env, async () =>
    checkUpdates({
      cwd: gitDir,
      config: serverPushConfig(gitDir),
      updates: parsePreReceive(input),
      side,
      env: io.env,
    }),
  );
  return report(results, io, "the server (pre-receive)");
}
