import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../io/errors.js";
import { cliMsg } from "../io/messages/common.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parsed options and positionals. */
export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** node:util parseArgs with unknown options and bad values turned into a UsageError with help. */
export function parseArgs<O extends Options>(
  args: string[],
  options: O,
  help: string,
  allowPositionals = true,
): ReturnType<
  typeof nodeParseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>
> {
  try {
    return nodeParseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(
      cliMsg.badOption((e as Error).message.replace(/\. To specify.*$/s, "."), help),
    );
  }
}
