/**
 * What a lab command is, and how bad input becomes a one-line message with exit 2.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { FormatError } from "../engine/errors.ts";

export interface Command {
  /** one line for `bun lab --help` */
  summary: string;
  /** full text for `bun lab <name> --help` */
  usage: string;
  /** runs with the arguments after the command name; resolves to the exit status */
  run(argv: string[]): Promise<number>;
}

/** A usage or input error: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * node:util parseArgs in strict mode, with its errors turned into UsageErrors that name
 * the command.
 */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(`bun lab ${command}: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** Checks that `value` is one of `allowed`; throws a UsageError naming the option. */
export function oneOf<T extends string>(command: string, option: string, value: string | undefined, allowed: readonly T[], fallback: T): T;
export function oneOf<T extends string>(command: string, option: string, value: string | undefined, allowed: readonly T[]): T | undefined;
export function oneOf<T extends string>(command: string, option: string, value: string | undefined, allowed: readonly T[], fallback?: T): T | undefined {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`bun lab ${command}: --${option} must be one of ${allowed.join(", ")} (got "${value}")`);
  }
  return value as T;
}

/** Parses a non-negative integer option; throws a UsageError naming it. */
export function intOption(command: string, option: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`bun lab ${command}: --${option} must be an integer >= ${min} (got "${value}")`);
  return Number(value);
}

/** Prints an error as one line and returns the exit status for it. */
export function reportError(e: unknown): number {
  if (e instanceof UsageError || e instanceof FormatError) {
    console.error(`error: ${e.message}`);
    return 2;
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ENOENT") {
    console.error(`error: ${err.path ?? ""}: no such file or directory`);
    return 2;
  }
  console.error(`error: ${err?.stack ?? String(e)}`);
  return 1;
}
