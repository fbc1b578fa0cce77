import { describe, expect, it } from "vitest";
import { mergeSides } from "../helpers/mergeDrivers.js";
import { withRepo } from "../helpers/withRepo.js";

const J = "data/labels.jsonl";

describe("git rerere with the record drivers", () => {
  it("replays a recorded resolution of a driver conflict", () =>
    withRepo((repo) => {
      repo.git("config", "rerere.enabled", "true");
      const r = mergeSides(
        repo,
        J,
        '{"id":1,"y":"cat"}\n{"id":2}\n',
        '{"id":1,"y":"cow"}\n{"id":2}\n',
        '{"id":1,"y":"owl"}\n{"id":2}\n{"id":3}\n',
        { files: { [J]: { key: ["id"], appendOnly: false } } },
      );
      expect(r.code).toBe(1);
      expect(r.text).toMatch(/^<{7} ours/m);
      const resolved = '{"id":1,"y":"cow and owl"}\n{"id":2}\n{"id":3}\n';
      repo.write(J, resolved);
      repo.git("add", J);
      repo.git("commit", "-q", "--no-verify", "--no-edit");
      repo.git("reset", "-q", "--hard", "HEAD~1");
      const again = repo.tryGit("merge", "--no-edit", "b");
      expect(again.code).not.toBe(0);
      expect(again.stderr + again.stdout).toMatch(/using previous resolution/);
      expect(repo.read(J)).toBe(resolved);
    }));
});
