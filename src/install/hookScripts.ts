import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { SKIP_PATH } from "../hooks/commitMsgSkip.js";
import { HUSKY_HOOKS } from "../hooks/hookNames.js";
import { type InstallContext, readText, removeIfPresent, writeIfChanged } from "./context.js";

/** The hooks mlbranch itself checks in. */
export const MANAGED_HOOKS = [
  "pre-commit",
  "pre-merge-commit",
  "commit-msg",
  "pre-push",
  "post-checkout",
  "post-merge",
  "post-commit",
] as const;

export { HUSKY_HOOKS } from "../hooks/hookNames.js";

const BEGIN =
  "# >>> mlbranch (managed by install-ml-hooks; edits between these markers are replaced)";
const END = "# <<< mlbranch";
const BLOCK = /# >>> mlbranch[^\n]*\n[\s\S]*?# <<< mlbranch\n?/;

// Git LFS reads lockable patterns from every attributes file: .git/info/attributes, the global
// one, and committed .gitattributes in subfolders (one `git grep`, as Node's own check). Only
// where Git LFS is at work (its store, or a hook in .git/hooks): every other commit pays nothing.
const lockableElsewhere = [
  'if [ -z "$mlbranch_work" ] && { [ -d .git/lfs ] || [ -f .git/hooks/post-commit ]; }; then',
  '  mlbranch_g="$(git config core.attributesFile 2>/dev/null || :)"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  '  case "$mlbranch_g" in "~/"*) mlbranch_g="$HOME/${mlbranch_g#"~/"}" ;; esac',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  '  for mlbranch_f in .git/info/attributes "${XDG_CONFIG_HOME:-$HOME/.config}/git/attributes" "$mlbranch_g"; do',
  '    [ -n "$mlbranch_f" ] && [ -f "$mlbranch_f" ] || continue',
  '    while IFS= read -r mlbranch_l || [ -n "$mlbranch_l" ]; do',
  '      case "$mlbranch_l" in *lockable*) mlbranch_work=1; break ;; esac',
  '    done < "$mlbranch_f"',
  "  done",
  `  if [ -z "$mlbranch_work" ] && git grep -q --cached -F lockable -- '*.gitattributes' 2>/dev/null; then mlbranch_work=1; fi`,
  "fi",
];

// A chained post-commit is work, unless it is Git LFS's own in .git/hooks (its post-commit only
// makes lockable files read-only, tested just before): Git LFS installs it in every repository
// that uses LFS, and starting Node to run it for nothing cost ~130 ms a commit. Where that
// cannot be told with the shell's own read (GIT_DIR steering, a linked worktree, an earlier
// core.hooksPath in the install record, any other line in the hook), Node runs and chains.
const lfsOnlyChain = [
  'if [ -z "$mlbranch_work" ]; then',
  "  mlbranch_work=1",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  '  if [ -z "${GIT_DIR-}${GIT_WORK_TREE-}" ] && [ -d .git ] && [ -f .git/mlbranch/install.json ]; then',
  '    while IFS= read -r mlbranch_l || [ -n "$mlbranch_l" ]; do',
  `      case "$mlbranch_l" in *'"previousHooksPath": null'*) mlbranch_work=""; break ;; esac`,
  "    done < .git/mlbranch/install.json",
  '    if [ -z "$mlbranch_work" ] && [ -f .git/hooks/post-commit ]; then',
  '      while IFS= read -r mlbranch_l || [ -n "$mlbranch_l" ]; do',
  '        case "$mlbranch_l" in',
  `          "#!/bin/sh" | "" | 'command -v git-lfs >/dev/null 2>&1 || {'* | 'git lfs post-commit "$@"') ;;`,
  "          *) mlbranch_work=1; break ;;",
  "        esac",
  "      done < .git/hooks/post-commit",
  "    fi",
  "  fi",
  "fi",
];

/**
 * The lines mlbranch puts in .husky/<hook>. The hook entry comes from the project's
 * node_modules/.bin (never npx); a linked worktree without node_modules uses the main one's.
 * pre-push reads stdin once and hands it back to any user lines that follow the block.
 */
export function hookBlock(hook: string, pkgPrefix: string, chains = false): string {
  // A hook mlbranch checks has its own door (dist/hooks/<hook>.js); one it only chains (or
  // runs Git LFS or the pre-commit framework in, as post-commit), or an installed mlbranch older
  // than those doors, goes through the mlbranch-hook door with the hook's name.
  const own = (MANAGED_HOOKS as readonly string[]).includes(hook) && hook !== "post-commit";
  const door = `${pkgPrefix}node_modules/.bin/mlbranch-hook`;
  const bin = own ? `${pkgPrefix}node_modules/mlbranch/dist/hooks/${hook}.js` : door;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  const args = '${mlbranch_name:+"$mlbranch_name"} "$@"';
  const call =
    hook === "pre-push"
      ? `printf '%s\\n' "$mlbranch_in" | node "$mlbranch_hook" ${args} || exit $?`
      : `node "$mlbranch_hook" ${args} || exit $?`;
  // commit-msg skips Node when pre-commit left a marker for this branch and HEAD (no trailer
  // rules); this runs on every commit, so it costs no process in the usual layout: a .git folder
  // here (no GIT_DIR / GIT_WORK_TREE steering), HEAD naming a branch whose loose ref file holds
  // the commit (git writes it on every commit), all read with the shell's own read. Otherwise
  // (a linked worktree, packed or reftable refs, an unborn or detached HEAD) one git call gives
  // the marker's path, HEAD and the branch. Anything unexpected leaves the two unequal, and Node
  // runs.
  const skip =
    hook === "commit-msg"
      ? [
          'mlbranch_mark=""; mlbranch_now=""',
          `if [ -z "\${GIT_DIR-}\${GIT_WORK_TREE-}" ] && [ -d .git ] && [ -f .git/${SKIP_PATH} ] && IFS= read -r mlbranch_h < .git/HEAD; then`,
          '  case "$mlbranch_h" in "ref: refs/heads/"*)',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
          '    mlbranch_ref="${mlbranch_h#ref: }"; mlbranch_head=""',
          '    [ -f ".git/$mlbranch_ref" ] && IFS= read -r mlbranch_head < ".git/$mlbranch_ref" || :',
          `    [ -n "$mlbranch_head" ] && mlbranch_now="$mlbranch_ref $mlbranch_head" && { IFS= read -r mlbranch_mark < .git/${SKIP_PATH} || :; } ;;`,
          "  esac",
          "fi",
          'if [ -z "$mlbranch_now" ]; then',
          `  mlbranch_rp="$(git rev-parse --path-format=absolute --git-path ${SKIP_PATH} HEAD --symbolic-full-name HEAD 2>/dev/null || :)"`,
          "  mlbranch_nl='",
          "'",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
          '  mlbranch_skip="${mlbranch_rp%%"$mlbranch_nl"*}"; mlbranch_rp="${mlbranch_rp#*"$mlbranch_nl"}"',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
          '  mlbranch_head="${mlbranch_rp%%"$mlbranch_nl"*}"; mlbranch_ref="${mlbranch_rp#*"$mlbranch_nl"}"',
          '  mlbranch_now="$mlbranch_ref $mlbranch_head"',
          '  [ -f "$mlbranch_skip" ] && { IFS= read -r mlbranch_mark < "$mlbranch_skip" || :; }',
          "fi",
          'if [ -n "$mlbranch_mark" ] && [ "$mlbranch_mark" = "$mlbranch_now" ]; then :; else',
        ]
      : hook === "post-commit"
        ? [
            // Only Git LFS (making lockable files read-only) and the pre-commit framework's
            // post-commit stage have work here: no Node otherwise.
            // The shell's own read, not grep: post-commit runs on every commit.
            'mlbranch_work=""',
            "for mlbranch_f in .gitattributes:lockable .pre-commit-config.yaml:post-commit; do",
            // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
            '  mlbranch_w="${mlbranch_f#*:}"; mlbranch_f="${mlbranch_f%%:*}"',
            '  [ -f "$mlbranch_f" ] || continue',
            '  while IFS= read -r mlbranch_l || [ -n "$mlbranch_l" ]; do',
            '    case "$mlbranch_l" in *"$mlbranch_w"*) mlbranch_work=1; break ;; esac',
            '  done < "$mlbranch_f"',
            "done",
            ...lockableElsewhere,
            ...(chains ? lfsOnlyChain : []),
            'if [ -n "$mlbranch_work" ]; then',
          ]
        : [];
  return [
    BEGIN,
    ...skip,
    ...(hook === "pre-push" ? ["mlbranch_in=$(cat)"] : []),
    `mlbranch_hook="${bin}"; mlbranch_name="${own ? "" : hook}"`,
    `[ -f "$mlbranch_hook" ] || mlbranch_hook="$(git rev-parse --path-format=absolute --git-common-dir)/../${bin}"`,
    ...(own
      ? [`[ -f "$mlbranch_hook" ] || { mlbranch_hook="${door}"; mlbranch_name="${hook}"; }`]
      : []),
    `if [ -f "$mlbranch_hook" ]; then`,
    `  ${call}`,
    "else",
    `  echo "mlbranch: ${bin} is missing, so this hook checks nothing; run npm install (or npx install-ml-hooks --uninstall)." >&2`,
    "fi",
    ...(hook === "pre-push" ? ["exec 0<<MLBRANCH_STDIN", "$mlbranch_in", "MLBRANCH_STDIN"] : []),
    ...(skip.length ? ["fi"] : []),
    END,
    "",
  ].join("\n");
}

/** A hook file's text with our block put first (after a shebang) or replaced in place. */
export function withBlock(existing: string | undefined, block: string): string {
  if (existing === undefined || !existing.trim()) return block;
  if (BLOCK.test(existing)) return existing.replace(BLOCK, block);
  const m = /^#![^\n]*\n/.exec(existing);
  return m ? m[0] + block + existing.slice(m[0].length) : block + existing;
}

/** A hook file's text without our block; undefined when nothing of the user's remains. */
export function withoutBlock(existing: string): string | undefined {
  const rest = existing.replace(BLOCK, "");
  return rest.replace(/^#![^\n]*\n/, "").trim() ? rest : undefined;
}

function isExecutable(path: string): boolean {
  try {
    const s = statSync(path);
    return s.isFile() && (s.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Hook names that have an executable hook in `dir` (the ones git ran before us). */
export function hooksIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => HUSKY_HOOKS.includes(n) && isExecutable(join(dir, n)));
}

/** Write our block into .husky/<hook> for every checked hook and every hook there is to chain. */
export function writeHookScripts(ctx: InstallContext, chained: string[]): void {
  const names = [...new Set([...MANAGED_HOOKS, ...chained])];
  for (const hook of names) {
    const file = join(ctx.root, ".husky", hook);
    const text = readText(file);
    const next = withBlock(text, hookBlock(hook, ctx.pkgPrefix, chained.includes(hook)));
    writeIfChanged(
      ctx,
      file,
      next,
      `.husky/${hook}: ${text === undefined ? "written" : BLOCK.test(text) ? "updated" : "mlbranch lines added before yours"}`,
      0o755,
    );
  }
}

/** The .husky hooks that hold lines of the user's own (husky adopted before or after us). */
export function userHuskyHooks(root: string): string[] {
  return HUSKY_HOOKS.filter((hook) => {
    const text = readText(join(root, ".husky", hook));
    return (
      text !== undefined && (BLOCK.test(text) ? withoutBlock(text) !== undefined : !!text.trim())
    );
  });
}

/** Remove our block from every .husky hook; files left with nothing of the user's are deleted. */
export function removeHookScripts(ctx: InstallContext): void {
  const dir = join(ctx.root, ".husky");
  if (!existsSync(dir)) return;
  for (const hook of HUSKY_HOOKS) {
    const file = join(dir, hook);
    const text = readText(file);
    if (text === undefined || !BLOCK.test(text)) continue;
    const rest = withoutBlock(text);
    if (rest === undefined) removeIfPresent(ctx, file, `.husky/${hook}: removed`);
    else writeIfChanged(ctx, file, rest, `.husky/${hook}: mlbranch lines removed, yours kept`);
  }
}
