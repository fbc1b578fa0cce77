import { describe, expect, it } from "vitest";
import { installHooks, linkPackage } from "../helpers/installed.js";
import { withRepo } from "../helpers/withRepo.js";

describe("default attributes: model folders take the incoming side, records append", () => {
  it("two stable branches that each wrote models/metrics.json merge without conflict", () =>
    withRepo((repo) => {
      repo.write("train.py", "print(1)\n");
      repo.commit("start");
      linkPackage(repo.dir);
      expect(installHooks(repo).code).toBe(0);
      repo.write("models/metrics.json", '{"acc": 0.5}\n');
      repo.write("models/history.jsonl", '{"run":"r0"}\n');
      repo.commit("first model");
      repo.git("checkout", "-q", "-b", "stable/b");
      repo.write("models/metrics.json", '{"acc": 0.7, "f1": 0.6}\n');
      repo.write("models/history.jsonl", '{"run":"r0"}\n{"run":"b1"}\n');
      repo.commit("b trained");
      repo.git("checkout", "-q", "-");
      repo.git("checkout", "-q", "-b", "stable/a");
      repo.write("models/metrics.json", '{"acc": 0.6}\n');
      repo.write("models/history.jsonl", '{"run":"r0"}\n{"run":"a1"}\n');
      repo.commit("a trained");
      const m = repo.tryGit("merge", "--no-edit", "stable/b");
      expect(m.code, m.stdout + m.stderr).toBe(0);
      expect(repo.read("models/metrics.json")).toBe('{"acc": 0.7, "f1": 0.6}\n');
      // The record file beside the model still appends: both runs are kept.
      const history = repo.read("models/history.jsonl");
      expect(history).toContain('"a1"');
      expect(history).toContain('"b1"');
      expect(repo.git("check-attr", "merge", "--", "checkpoints/step-10/optimizer.bin")).toContain(
        "mlbranch-theirs",
      );
    }));
});
