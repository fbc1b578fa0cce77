import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A step that did not behave as the demo expects; the demo exits non-zero. */
export class DemoFailure extends Error {}

/** The result of one command. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Quote an argument the way a shell user would type it. */
export const quote = (a: string) =>
  /^[\w./:@=%^~+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;

/** Prints commands as a person would type them, runs them, and checks their exit codes. */
export class Shell {
  constructor(
    public cwd: string,
    readonly env: NodeJS.ProcessEnv,
    /** How `mlbranch` is run (node + the built CLI). */
    readonly mlbranchArgv: string[],
    readonly print: (line: string) => void,
  ) {}

  /** A heading for a part of the flow. */
  section(title: string): void {
    this.print(`\n== ${title}`);
  }

  /** A comment line, as a person would explain what comes next. */
  say(text: string): void {
    this.print(`# ${text}`);
  }

  /** Run a command; `expect` says whether it must succeed ("ok") or be refused ("fail"). */
  run(
    cmd: string,
    args: string[],
    opts: {
      expect?: "ok" | "fail" | "any";
      show?: string;
      quiet?: boolean;
      maxLines?: number;
    } = {},
  ): Ran {
    const shown = opts.show ?? [cmd, ...args].map(quote).join(" ");
    if (!opts.quiet) this.print(`$ ${shown}`);
    const argv = cmd === "mlbranch" ? [...this.mlbranchArgv, ...args] : [cmd, ...args];
    const r = spawnSync(argv[0], argv.slice(1), {
      cwd: this.cwd,
      env: this.env,
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    if (r.error) throw new DemoFailure(`could not run ${shown}: ${r.error.message}`);
    const ran = { code: r.status ?? 128, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
    if (!opts.quiet) {
      const text = `${ran.stdout}${ran.stderr}`.replace(/\n+$/, "");
      const lines = text ? text.split("\n") : [];
      const max = opts.maxLines ?? 40;
      for (const l of lines.slice(0, max)) this.print(`  ${l}`);
      if (lines.length > max) this.print(`  ... (${lines.length - max} more lines)`);
    }
    const expect = opts.expect ?? "ok";
    if (expect !== "any" && (expect === "ok") !== (ran.code === 0)) {
      throw new DemoFailure(
        `step "${shown}" ${expect === "ok" ? `failed (exit ${ran.code})` : "was expected to be refused but succeeded"}:\n${ran.stdout}${ran.stderr}`,
      );
    }
    return ran;
  }

  /** git, printed; returns stdout. */
  git(
    args: string[],
    opts: { expect?: "ok" | "fail"; quiet?: boolean; maxLines?: number } = {},
  ): string {
    return this.run("git", args, opts).stdout.trim();
  }

  /** mlbranch, printed; returns stdout. */
  ml(
    args: string[],
    opts: { expect?: "ok" | "fail"; quiet?: boolean; maxLines?: number } = {},
  ): string {
    return this.run("mlbranch", args, opts).stdout.trim();
  }

  /** Write a file in the repository, printing what a person did in one comment line. */
  write(path: string, content: string, comment?: string): void {
    if (comment) this.say(comment);
    const full = join(this.cwd, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }

  /** Fail the demo unless the condition holds. */
  assert(ok: boolean, what: string): void {
    if (!ok) throw new DemoFailure(`expected: ${what}`);
  }
}
