import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";

const MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/** What the 100-byte header says about a database file. */
export interface SqliteHeader {
  empty: boolean;
  pageSize: number;
  /** True when the file is in WAL mode (bytes 18 and 19 are 2). */
  wal: boolean;
}

/** Check that a file is a whole SQLite database before opening it; throws InputError naming it. */
export function readHeader(path: string, role: string, allowEmpty: boolean): SqliteHeader {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new InputError(sqliteMsg.unreadable(role, path, (e as Error).message));
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) {
      if (allowEmpty) return { empty: true, pageSize: 0, wal: false };
      throw new InputError(sqliteMsg.notSqlite(role, path, "the file is empty"));
    }
    const h = Buffer.alloc(100);
    const n = readSync(fd, h, 0, 100, 0);
    if (n < 100 || !h.subarray(0, 16).equals(MAGIC))
      throw new InputError(
        sqliteMsg.notSqlite(role, path, "it does not start with the SQLite header"),
      );
    const raw = h.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
      throw new InputError(sqliteMsg.corrupt(role, path, `invalid page size ${raw}`));
    // The in-header page count is valid only when the change counter matches (SQLite >= 3.7.0).
    const pages = h.readUInt32BE(28);
    if (h.readUInt32BE(24) === h.readUInt32BE(92) && pages > 0 && size < pages * pageSize)
      throw new InputError(
        sqliteMsg.corrupt(role, path, `truncated: ${size} bytes, header says ${pages * pageSize}`),
      );
    if (size % pageSize !== 0)
      throw new InputError(
        sqliteMsg.corrupt(
          role,
          path,
          `size ${size} is not a multiple of the page size ${pageSize}`,
        ),
      );
    return { empty: false, pageSize, wal: h[18] === 2 || h[19] === 2 };
  } finally {
    closeSync(fd);
  }
}
