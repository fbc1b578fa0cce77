import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig.js";
import { codeOrigin } from "../../src/workflow/codeOrigin.js";
import { withRepo } from "../helpers/withRepo.js";

// The code of a snapshot is named from the dev branches that contain it, as git name-rev would
// name it, without name-rev's walk of the whole history when a first-parent count answers.
describe("codeOrigin names the dev commit the code came from", () => {
  it("dev/m~N on the first-parent line, name-rev's name off it, null when no dev branch has it", () =>
    withRepo(async (repo) => {
      repo.write("README.md", "# x\n");
      repo.commit("start");
      repo.git("checkout", "-q", "-b", "dev/m");
      repo.write("train.py", "a = 1\n");
      const c1 = repo.commit("c1");
      repo.write("notes.md", "n\n");
      repo.commit("docs only");
      repo.write("notes.md", "m\n");
      repo.commit("docs again");
      const config = loadConfig(repo.dir);
      expect(codeOrigin(repo.dir, config, "HEAD")).toMatchObject({ commit: c1, name: "dev/m~2" });
      // A side branch merged into dev/m: its code commit sits on the second parent.
      repo.git("checkout", "-q", "-b", "dev/side", c1);
      repo.write("train.py", "a = 2\n");
      const side = repo.commit("side");
      repo.git("checkout", "-q", "dev/m");
      repo.git("merge", "-q", "--no-ff", "-m", "merge side", "dev/side");
      repo.git("branch", "-D", "dev/side");
      const o = codeOrigin(repo.dir, config, "HEAD");
      expect(o?.commit).toBe(side);
      expect(o?.name).toBe(repo.git("name-rev", "--name-only", "--refs=refs/heads/dev/m", side));
      // Code on a branch no dev branch contains: no name.
      repo.git("checkout", "-q", "-b", "stable/m", "main");
      repo.write("serve.py", "b = 1\n");
      repo.commit("stable code");
      expect(codeOrigin(repo.dir, config, "HEAD")?.name).toBeNull();
    }));
});
