import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { MlbranchError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";

// One SQLite engine interface, the subset of better-sqlite3's API the driver uses, served by
// `node:sqlite` (Node >= 22.13, no native build) or by better-sqlite3 12.x (an optional peer
// dependency), whichever loads; neither is imported until a database is opened.

/** The result of running a statement. */
export interface SqlRunResult {
  changes: number;
}

/** A prepared statement. raw(): rows as arrays; pluck(): first column only; safeIntegers(): integers as bigint. */
export interface SqlStatement {
  run(...params: unknown[]): SqlRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  raw(on?: boolean): this;
  pluck(on?: boolean): this;
  safeIntegers(on?: boolean): this;
  columns(): { name: string }[];
}

/** A connection. */
export interface SqlDb {
  prepare(sql: string): SqlStatement;
  exec(sql: string): unknown;
  /** `PRAGMA <source>`: its rows, or with simple the first value. */
  pragma(source: string, opts?: { simple?: boolean }): unknown;
  /** Wrap fn in BEGIN/COMMIT (a savepoint when nested), rolled back when it throws. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): unknown;
}

/** How to open a database. */
export interface OpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
}

/** The engines, by name. */
export type EngineName = "node:sqlite" | "better-sqlite3";

interface Engine {
  name: EngineName;
  open(path: string, opts: OpenOptions): SqlDb;
}

/** No SQLite engine could be loaded (exit 1: a merge driver then keeps both sides as files). */
export class SqliteEngineMissing extends MlbranchError {
  constructor(why: string[]) {
    super(sqliteMsg.noEngine(why), 1);
    this.name = "SqliteEngineMissing";
  }
}

let wanted: EngineName | undefined;
let chosen: Engine | null = null;
const failures = new Map<EngineName, string>();

/**
 * Choose the engine (undefined: node:sqlite where Node has a usable one, else better-sqlite3).
 * Entries call this with MLBRANCH_SQLITE_ENGINE; tests call it to run one suite on each engine.
 */
export function useSqliteEngine(name?: string): void {
  if (name && name !== "node:sqlite" && name !== "better-sqlite3")
    throw new MlbranchError(sqliteMsg.unknownEngine(name));
  wanted = (name || undefined) as EngineName | undefined;
  chosen = null;
}

/** The engine in use, loading it at the first call; throws SqliteEngineMissing when none loads. */
export function sqliteEngine(): EngineName {
  return engine().name;
}

/** True when the named engine loads in this process (for tests that skip without it). */
export function engineAvailable(name: EngineName): boolean {
  return load(name) !== null;
}

/** Why the named engine did not load (after engineAvailable returned false). */
export function engineFailure(name: EngineName): string {
  return failures.get(name) ?? "";
}

/** Open a database with the engine in use. */
export function openWithEngine(path: string, opts: OpenOptions = {}): SqlDb {
  return engine().open(path, opts);
}

function engine(): Engine {
  if (chosen) return chosen;
  const order: EngineName[] = wanted ? [wanted] : ["node:sqlite", "better-sqlite3"];
  for (const n of order) {
    const e = load(n);
    if (e) {
      chosen = e;
      return e;
    }
  }
  throw new SqliteEngineMissing(order.map((n) => `${n}: ${failures.get(n)}`));
}

const loaded = new Map<EngineName, Engine | null>();

function load(name: EngineName): Engine | null {
  if (loaded.has(name)) return loaded.get(name) ?? null;
  let e: Engine | null = null;
  try {
    e = name === "node:sqlite" ? loadNode() : loadBetter();
  } catch (err) {
    const msg = (err as Error).message.replace(/\s+/g, " ").trim();
    failures.set(name, msg.length > 240 ? `${msg.slice(0, 237)}...` : msg);
  }
  loaded.set(name, e);
  return e;
}

function loadBetter(): Engine {
  // better-sqlite3 turns on URI filenames (read-only, immutable ATTACH) only when this is set as
  // its native addon loads, at the first `new Database` in the process.
  process.env.SQLITE_USE_URI ??= "1";
  const Database = createRequire(import.meta.url)("better-sqlite3") as new (
    path: string,
    opts?: OpenOptions,
  ) => SqlDb;
  new Database(":memory:").close(); // loads the addon: fails here when built for another Node
  return { name: "better-sqlite3", open: (path, opts) => new Database(path, opts) };
}

// node:sqlite's API, as far as it is used here (not in @types/node 20).
interface NodeStmt {
  run(...p: unknown[]): { changes: number | bigint };
  get(...p: unknown[]): unknown;
  all(...p: unknown[]): unknown[];
  iterate(...p: unknown[]): IterableIterator<unknown>;
  setReturnArrays(on: boolean): void;
  setReadBigInts(on: boolean): void;
  columns(): { name: string }[];
}
interface NodeDb {
  prepare(sql: string): NodeStmt;
  exec(sql: string): void;
  close(): void;
}
interface NodeSqlite {
  DatabaseSync: new (
    path: string,
    opts: { readOnly?: boolean; allowExtension?: boolean },
  ) => NodeDb;
  StatementSync?: { prototype: Partial<NodeStmt> };
}

function loadNode(): Engine {
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof get !== "function") throw new Error(`Node ${process.version} has no node:sqlite`);
  // Node 22 prints "SQLite is an experimental feature" when the module loads: not for our users.
  const emit = process.emitWarning;
  process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
    if (/SQLite/i.test(typeof w === "string" ? w : w?.message)) return;
    return (emit as (...a: unknown[]) => void).call(process, w, ...rest);
  }) as typeof process.emitWarning;
  let mod: NodeSqlite | undefined;
  try {
    mod = get.call(process, "node:sqlite") as NodeSqlite | undefined;
  } finally {
    process.emitWarning = emit;
  }
  if (!mod?.DatabaseSync) throw new Error(`Node ${process.version} has no node:sqlite`);
  if (typeof mod.StatementSync?.prototype.setReturnArrays !== "function")
    throw new Error(
      `node:sqlite of Node ${process.version} cannot return rows as arrays (Node 24 can)`,
    );
  const { DatabaseSync } = mod;
  return {
    name: "node:sqlite",
    open(path, opts) {
      if (
        opts.fileMustExist &&
        !path.startsWith("file:") &&
        path !== ":memory:" &&
        !existsSync(path)
      )
        throw sqliteError(14, "unable to open database file");
      return new NodeConnection(
        call(() => new DatabaseSync(path, { readOnly: !!opts.readonly, allowExtension: false })),
      );
    },
  };
}

const CODES: Record<number, string> = {
  1: "ERROR",
  5: "BUSY",
  7: "NOMEM",
  8: "READONLY",
  9: "INTERRUPT",
  10: "IOERR",
  11: "CORRUPT",
  13: "FULL",
  14: "CANTOPEN",
  19: "CONSTRAINT",
  20: "MISMATCH",
  21: "MISUSE",
  24: "FORMAT",
  25: "RANGE",
  26: "NOTADB",
};

function sqliteError(errcode: number, message: string): Error {
  return Object.assign(new Error(message), { code: `SQLITE_${CODES[errcode & 0xff] ?? "ERROR"}` });
}

/** Run fn; an error from node:sqlite gets better-sqlite3's code ("SQLITE_CONSTRAINT", …). */
function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const errcode = (e as { errcode?: number }).errcode;
    if (typeof errcode === "number")
      throw Object.assign(e as Error, { code: `SQLITE_${CODES[errcode & 0xff] ?? "ERROR"}` });
    throw e;
  }
}

// node:sqlite returns blobs as Uint8Array; the merge compares them as Buffers.
function buf(v: unknown): unknown {
  return v instanceof Uint8Array && !Buffer.isBuffer(v)
    ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
    : v;
}

class NodeStatement implements SqlStatement {
  private rawOn = false;
  private pluckOn = false;
  constructor(private readonly s: NodeStmt) {}
  raw(on = true): this {
    this.rawOn = on;
    this.s.setReturnArrays(this.rawOn || this.pluckOn);
    return this;
  }
  pluck(on = true): this {
    this.pluckOn = on;
    this.s.setReturnArrays(this.rawOn || this.pluckOn);
    return this;
  }
  safeIntegers(on = true): this {
    this.s.setReadBigInts(on);
    return this;
  }
  columns(): { name: string }[] {
    return this.s.columns().map((c) => ({ name: c.name }));
  }
  run(...p: unknown[]): SqlRunResult {
    const r = call(() => this.s.run(...p));
    return { changes: Number(r.changes) };
  }
  get(...p: unknown[]): unknown {
    const r = call(() => this.s.get(...p));
    return r === undefined ? undefined : this.out(r);
  }
  all(...p: unknown[]): unknown[] {
    return call(() => this.s.all(...p)).map((r) => this.out(r));
  }
  *iterate(...p: unknown[]): IterableIterator<unknown> {
    const it = call(() => this.s.iterate(...p));
    for (;;) {
      const n = call(() => it.next());
      if (n.done) return;
      yield this.out(n.value);
    }
  }
  private out(r: unknown): unknown {
    if (this.pluckOn) return buf((r as unknown[])[0]);
    if (Array.isArray(r)) {
      for (let i = 0; i < r.length; i++) if (r[i] instanceof Uint8Array) r[i] = buf(r[i]);
      return r;
    }
    const o = r as Record<string, unknown>;
    for (const k in o) if (o[k] instanceof Uint8Array) o[k] = buf(o[k]);
    return o;
  }
}

class NodeConnection implements SqlDb {
  private depth = 0;
  constructor(private readonly db: NodeDb) {}
  prepare(sql: string): SqlStatement {
    return new NodeStatement(call(() => this.db.prepare(sql)));
  }
  exec(sql: string): this {
    call(() => this.db.exec(sql));
    return this;
  }
  pragma(source: string, opts: { simple?: boolean } = {}): unknown {
    const st = this.prepare(`PRAGMA ${source}`);
    return opts.simple ? st.pluck().get() : st.all();
  }
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      const sp = `mlbranch_tx${this.depth}`;
      this.exec(this.depth ? `SAVEPOINT ${sp}` : "BEGIN");
      this.depth++;
      try {
        const r = fn(...args);
        this.depth--;
        this.exec(this.depth ? `RELEASE ${sp}` : "COMMIT");
        return r;
      } catch (e) {
        this.depth--;
        this.exec(this.depth ? `ROLLBACK TO ${sp}; RELEASE ${sp}` : "ROLLBACK");
        throw e;
      }
    };
  }
  close(): void {
    this.db.close();
  }
}
