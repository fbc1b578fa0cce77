import { join } from "node:path";
import { loadConfig } from "../config/loadConfig.js";
import { execGit } from "../git/execGit.js";
import {
  FRAMEWORK_MARK,
  LEGACY_PRE_PUSH,
  OWN_PRE_PUSH_ENV,
  RUNTIME_SHELL,
  SETUP_COMMAND,
} from "../io/frameworkPaths.js";
import { type InstallContext, readText, removeIfPresent, writeIfChanged } from "./context.js";
import { removeAttributes, writeAttributes } from "./gitattributes.js";
import { writeConfigFile } from "./install.js";
import { registerDrivers, unregisterDrivers } from "./registerDrivers.js";
import { copyRuntime, removeRuntime } from "./runtimeCopy.js";

/** The folder git runs this clone's hooks from (.git/hooks, or core.hooksPath). */
export function gitHooksDir(root: string): string {
  return execGit(["rev-parse", "--path-format=absolute", "--git-path", "hooks"], { cwd: root });
}

// mlbranch's own pre-push for the framework route. The framework's pre-push runs it first with
// git's arguments and stdin (every pushed ref), then its hooks with one ref each; after
// `pre-commit uninstall` it becomes the pre-push itself and works the same.
const PRE_PUSH = `#!/bin/sh
# ${FRAMEWORK_MARK} (written by mlbranch init --framework; ${SETUP_COMMAND} rewrites it).
# Every ref of the push judged as mlbranch's own pre-push does; the framework's hooks run after.
runtime=${RUNTIME_SHELL}
if [ ! -f "$runtime/dist/hooks/pre-push.js" ]; then
  echo "mlbranch: $runtime is missing, so this push cannot be judged; fix: ${SETUP_COMMAND}" >&2
  exit 1
fi
${OWN_PRE_PUSH_ENV}=1 exec node "$runtime/dist/hooks/pre-push.js" "$@"
`;

/**
 * Set a clone up on the pre-commit framework route (`mlbranch init --framework`, run by the
 * `mlbranch-setup` hook): mlbranch.json, the .gitattributes block, a copy of mlbranch in the git
 * dir, the drivers registered to run from it, and mlbranch's own pre-push in the framework's
 * legacy slot. No package.json, node_modules or core.hooksPath.
 */
export function installForFramework(ctx: InstallContext, version: string): void {
  writeConfigFile(ctx, version);
  writeAttributes(ctx, loadConfig(ctx.root).files);
  copyRuntime(ctx);
  registerDrivers(ctx, undefined, { shellWord: RUNTIME_SHELL, fix: `Run ${SETUP_COMMAND}` });
  const file = join(gitHooksDir(ctx.root), LEGACY_PRE_PUSH);
  const text = readText(file);
  if (text !== undefined && !text.includes(FRAMEWORK_MARK)) {
    // Someone else's hook already sits there (pre-commit install moved it): theirs stays.
    ctx.changes.push(
      `${LEGACY_PRE_PUSH}: kept (not mlbranch's); add this line to it to judge every pushed ref: ${OWN_PRE_PUSH_ENV}=1 node ${RUNTIME_SHELL}/dist/hooks/pre-push.js "$@"`,
    );
    return;
  }
  writeIfChanged(
    ctx,
    file,
    PRE_PUSH,
    `${LEGACY_PRE_PUSH}: mlbranch's pre-push (the framework runs it with every pushed ref)`,
    0o755,
  );
}

/** Undo installForFramework (mlbranch.json stays). */
export function uninstallFramework(ctx: InstallContext): void {
  const file = join(gitHooksDir(ctx.root), LEGACY_PRE_PUSH);
  if (readText(file)?.includes(FRAMEWORK_MARK))
    removeIfPresent(ctx, file, `${LEGACY_PRE_PUSH}: removed`);
  removeRuntime(ctx);
  removeAttributes(ctx);
  unregisterDrivers(ctx);
}
