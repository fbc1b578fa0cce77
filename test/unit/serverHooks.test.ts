import { describe, expect, it } from "vitest";
import { GL_PREFIX, serverIo } from "../../src/hooks/gitlabIo.js";
import { UsageError } from "../../src/io/errors.js";
import type { Io } from "../../src/io/io.js";
import { GHES_DEFAULT_BUDGET_S, timeBudget, withinBudget } from "../../src/push/timeBudget.js";

function io(env: NodeJS.ProcessEnv): { io: Io; errs: string[] } {
  const errs: string[] = [];
  return {
    errs,
    io: { cwd: "/", env, out: () => {}, err: (t) => errs.push(t), stdin: async () => "" },
  };
}

describe("server hook time budget", () => {
  it("is off on a plain server, 4.5 s on GitHub Enterprise Server, MLBRANCH_TIME_BUDGET wins", () => {
    expect(timeBudget({})).toBeNull();
    const ghes = { GITHUB_REPO_NAME: "org/p", GITHUB_USER_LOGIN: "alice" };
    expect(timeBudget(ghes)).toBe(GHES_DEFAULT_BUDGET_S);
    expect(GHES_DEFAULT_BUDGET_S).toBeLessThan(5);
    expect(timeBudget({ ...ghes, MLBRANCH_TIME_BUDGET: "3" })).toBe(3);
    expect(timeBudget({ ...ghes, MLBRANCH_TIME_BUDGET: "0" })).toBeNull();
    expect(() => timeBudget({ MLBRANCH_TIME_BUDGET: "soon" })).toThrow(UsageError);
  });

  it("abandons a check that outlives it with a refusal (exit 1), never a pass", async () => {
    const never = () => new Promise<number>(() => {});
    await expect(withinBudget({ MLBRANCH_TIME_BUDGET: "0.001" }, never)).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining("did not finish within its time budget"),
    });
    await expect(withinBudget({}, async () => 7)).resolves.toBe(7);
  });
});

describe("GitLab messages", () => {
  it("prefixes every stderr line with GL-HOOK-ERR: when GitLab runs the hook (GL_ID set)", () => {
    const gl = io({ GL_ID: "user-1" });
    serverIo(gl.io).err("mlbranch: refused\n  fix: do it right");
    expect(gl.errs[0]).toBe(`${GL_PREFIX}mlbranch: refused\n${GL_PREFIX}  fix: do it right`);
    const plain = io({});
    serverIo(plain.io).err("mlbranch: refused");
    expect(plain.errs[0]).toBe("mlbranch: refused");
  });
});
