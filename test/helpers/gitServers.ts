import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { run, testEnv } from "./withRepo.js";

/** A git server the test started on 127.0.0.1; stop() ends it. */
export interface GitServer {
  /** URL of a repository below the served root, by its folder name (e.g. "p.git"). */
  url(name: string): string;
  stop(): void;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => res(typeof a === "object" && a ? a.port : 0));
    });
  });
}

// Poll until the server answers for `url` (ls-remote of an existing repository).
function waitFor(url: string, cwd: string, child: ChildProcess, what: string): void {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited (${child.exitCode}) before answering`);
    if (run("git", ["ls-remote", url], cwd).code === 0) return;
    spawnSync("sleep", ["0.1"]);
  }
  child.kill("SIGTERM");
  throw new Error(`${what} did not answer on ${url}`);
}

/**
 * Smart HTTP as a git host serves it: git http-backend as a CGI program behind lighttpd, on
 * 127.0.0.1 and a free port, for every bare repository under `root` (receive-pack is enabled per
 * repository with http.receivepack). `env` is what the web server passes to git (and so to hooks).
 */
export async function startHttp(
  root: string,
  probe: string,
  env: Record<string, string> = {},
): Promise<GitServer> {
  const port = await freePort();
  const backend = join(
    spawnSync("git", ["--exec-path"], { encoding: "utf8" }).stdout.trim(),
    "git-http-backend",
  );
  const vars = {
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH: process.env.PATH ?? "",
    ...env,
  };
  const conf = join(root, "lighttpd.conf");
  writeFileSync(
    conf,
    [
      `server.document-root = "${root}"`,
      `server.bind = "127.0.0.1"`,
      `server.port = ${port}`,
      `server.modules = ("mod_alias", "mod_setenv", "mod_cgi")`,
      `server.errorlog = "${join(root, "lighttpd.log")}"`,
      `alias.url = ("/git" => "${backend}")`,
      `$HTTP["url"] =~ "^/git" {`,
      `  cgi.assign = ("" => "")`,
      `  setenv.set-environment = (${Object.entries(vars)
        .map(([k, v]) => `"${k}" => "${v}"`)
        .join(", ")})`,
      "}",
      "",
    ].join("\n"),
  );
  const bin = existsSync("/usr/sbin/lighttpd") ? "/usr/sbin/lighttpd" : "lighttpd";
  const child = spawn(bin, ["-D", "-f", conf], { env: testEnv(), stdio: "ignore" });
  const url = (name: string) => `http://127.0.0.1:${port}/git/${name}`;
  waitFor(url(probe), root, child, "lighttpd");
  return { url, stop: () => child.kill("SIGTERM") };
}

/** git daemon on 127.0.0.1 and a free port, receive-pack on, for the bare repositories under `root`. */
export async function startDaemon(
  root: string,
  probe: string,
  env: NodeJS.ProcessEnv = {},
): Promise<GitServer> {
  const port = await freePort();
  const child = spawn(
    "git",
    [
      "daemon",
      "--reuseaddr",
      "--listen=127.0.0.1",
      `--port=${port}`,
      `--base-path=${root}`,
      "--export-all",
      "--enable=receive-pack",
      root,
    ],
    { env: testEnv(env), stdio: "ignore" },
  );
  const url = (name: string) => `git://127.0.0.1:${port}/${name}`;
  waitFor(url(probe), root, child, "git daemon");
  return { url, stop: () => child.kill("SIGTERM") };
}
