import type { Repo } from "./withRepo.js";

/** Shas of the pipeline a lineage test walks back through. */
export interface Pipeline {
  raw1: string;
  raw2: string;
  clean: string;
  split: string;
  dev: string;
  trained: string;
}

/** Commit with trailers (hooks are not installed in these repositories). */
export function commitWith(repo: Repo, subject: string, trailers: string[] = []): string {
  repo.git("add", "-A");
  repo.git("commit", "-q", "-m", subject, ...trailers.flatMap((t) => ["--trailer", t]));
  return repo.git("rev-parse", "HEAD");
}

/**
 * main -> raw (two appends with Data-Source) -> clean (pull-data, Derived-From raw) -> split
 * (Derived-From clean) ; dev/model (code) ; stable/model = main + merge dev + merge split +
 * a training commit with a tracking record, tagged acme-1.
 */
export function buildPipeline(repo: Repo): Pipeline {
  repo.write("README.md", "# demo\n");
  repo.commit("main");
  repo.git("switch", "-q", "-c", "raw");
  repo.write("data/iris.csv", "id,x,y\n1,1,2\n2,2,4\n3,,6\n");
  const raw1 = commitWith(repo, "raw 1", ["Data-Source: s3://a/1.csv"]);
  repo.write("data/iris.csv", "id,x,y\n1,1,2\n2,2,4\n3,,6\n4,4,8\n");
  repo.write("data/labels.jsonl", '{"id":1,"l":"a"}\n');
  repo.write("data/vendor/2026/extra.csv", "id\n9\n");
  const raw2 = commitWith(repo, "raw 2", ["Data-Source: s3://a/2.csv"]);
  repo.git("switch", "-q", "-c", "clean", "main");
  repo.write("data/iris.csv", "id,x,y\n1,1,2\n2,2,4\n4,4,8\n");
  repo.write("data/labels.jsonl", '{"id":1,"l":"a"}\n');
  const clean = commitWith(repo, "clean", [`Derived-From: raw@${raw2}`]);
  repo.git("switch", "-q", "-c", "split", "main");
  repo.write("data/train.csv", "id,x,y\n1,1,2\n4,4,8\n");
  repo.write("data/test.csv", "id,x,y\n2,2,4\n");
  const split = commitWith(repo, "split", [`Derived-From: clean@${clean}`]);
  repo.git("switch", "-q", "-c", "dev/model", "main");
  repo.write("train.py", "print('train')\n");
  const dev = commitWith(repo, "dev: train.py");
  repo.git("switch", "-q", "-c", "stable/model", "main");
  repo.git("merge", "-q", "--no-ff", "--no-edit", "dev/model");
  repo.git("merge", "-q", "--no-ff", "--no-edit", "split");
  repo.write("models/model.pt", "weights-1\n");
  repo.write("tracking/runs.jsonl", '{"run_id":"r1","tag":"acme-1","metrics":{"rmse":0.5}}\n');
  const trained = commitWith(repo, "train acme-1");
  repo.git("tag", "-a", "-m", "acme-1", "acme-1");
  return { raw1, raw2, clean, split, dev, trained };
}
