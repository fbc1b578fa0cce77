import type { Io } from "../io/io.js";

/** GitLab shows a server hook's message in its UI only on lines that start with this. */
export const GL_PREFIX = "GL-HOOK-ERR: ";

/**
 * The Io a server hook writes through: under GitLab (its hooks run with GL_ID set) every line of
 * stderr is prefixed with GL-HOOK-ERR:, so the refusal shows in the web UI as well as in git.
 */
export function serverIo(io: Io): Io {
  if (!io.env.GL_ID) return io;
  const prefix = (text: string) =>
    text
      .split("\n")
      .map((l) => (l.startsWith(GL_PREFIX) ? l : `${GL_PREFIX}${l}`))
      .join("\n");
  return { ...io, err: (text) => io.err(prefix(text)) };
}
