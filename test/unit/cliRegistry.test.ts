import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands.js";
import { main } from "../../src/cli/main.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    cwd: process.cwd(),
    env: process.env,
    out: (t: string) => out.push(t),
    err: (t: string) => err.push(t),
    stdin: async () => "",
  };
  return { io, out, err };
}

describe("command registry", () => {
  it("lists each command once, and each entry loads the command of that name", async () => {
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
    for (const entry of commands) {
      const cmd = await entry.load();
      expect(cmd.name).toBe(entry.name);
      expect(entry.summary.length).toBeGreaterThan(10);
    }
  });

  it("gives every command's --help and lists every command in mlbranch --help", async () => {
    const all = capture();
    expect(await main(["--help"], all.io)).toBe(0);
    for (const entry of commands) {
      expect(all.out.join("\n")).toContain(`  ${entry.name} `);
      const one = capture();
      expect(await main([entry.name, "--help"], one.io)).toBe(0);
      expect(one.out.join("\n")).toMatch(/^Usage: /);
    }
  });

  it("refuses an unknown command with the list of commands", async () => {
    const c = capture();
    expect(await main(["frobnicate"], c.io)).toBe(2);
    expect(c.err.join("\n")).toMatch(/unknown command "frobnicate"[\s\S]*drift/);
  });
});
