#!/usr/bin/env bun
/**
 * `bun lab <command> ...`: the single entry point of the lab (ARCHITECTURE.md,
 * "Command-line contract"). Each command lives in lab/commands/<name>.ts and exports a
 * default `Command`. Exit status: 0 success, 1 failed check, 2 bad usage or bad input.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type Command, reportError } from "./command.ts";

const dir = join(import.meta.dir, "commands");

function commandNames(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("_"))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function load(name: string): Promise<Command | undefined> {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return undefined;
  return (await import(join(dir, `${name}.ts`))).default as Command;
}

async function help(): Promise<void> {
  const lines = ["usage: bun lab <command> [options]   (bun lab <command> --help for details)", "", "commands:"];
  for (const n of commandNames()) {
    const c = await load(n);
    if (c) lines.push(`  ${n.padEnd(12)} ${c.summary}`);
  }
  console.log(lines.join("\n"));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    await help();
    return name ? 0 : 2;
  }
  const cmd = await load(name);
  if (!cmd) {
    console.error(`bun lab: unknown command "${name}" (see bun lab --help)`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(cmd.usage.trim());
    return 0;
  }
  return await cmd.run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.exitCode = reportError(e);
}
