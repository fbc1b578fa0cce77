// Times only the lineage() call (modules loaded, config read), so the table can show how much of
// the command's wall time is node startup and module loading. Prints milliseconds.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(dirname(fileURLToPath(import.meta.url))), "dist", "src");
const { loadConfig } = await import(join(dist, "config", "loadConfig.js"));
const { lineage } = await import(join(dist, "workflow", "lineage.js"));
const [root, rev] = process.argv.slice(2);
const config = loadConfig(root);
const t0 = process.hrtime.bigint();
await lineage({ root, config, rev });
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
