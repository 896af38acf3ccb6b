/**
 * Reading a `program` argument of `bun lab run` / `disasm`: a test-vector JSON, a JAR v2
 * blob, a GP standard program blob or a generic code blob. The bytes tell JAR (magic
 * `JAR\x02`) and JSON (first non-blank byte `{`) apart; `--format` decides the rest
 * (default: gp).
 */
import type { CodeBlob } from "../engine/program/code-blob.ts";
import { decodeCodeBlob } from "../engine/program/code-blob.ts";
import type { ProgramImage } from "../engine/program/image.ts";
import { JAR_MAGIC, decodeJarBlob, jarImage } from "../engine/program/jar-blob.ts";
import { decodeStandardProgram, standardImage } from "../engine/program/standard-program.ts";
import { type TestVector, parseVector } from "../engine/vectors/vector.ts";
import { UsageError } from "./command.ts";

export const PROGRAM_FORMATS = ["jar", "gp", "generic"] as const;
export type ProgramFormat = (typeof PROGRAM_FORMATS)[number];

export type ProgramInput =
  | { kind: "vector"; vector: TestVector }
  | { kind: "blob"; format: ProgramFormat; image: ProgramImage; code: CodeBlob };

/** Which container `bytes` is, from their first bytes; undefined when they do not tell. */
export function sniffFormat(bytes: Uint8Array): "jar" | "vector" | undefined {
  if (bytes.length >= 4 && JAR_MAGIC.every((b, i) => bytes[i] === b)) return "jar";
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) return "vector";
  return undefined;
}

/** Loads `path`. Throws FormatError (malformed) or UsageError (format mismatch). */
export async function readProgram(path: string, format?: ProgramFormat): Promise<ProgramInput> {
  const bytes = new Uint8Array(await Bun.file(path).arrayBuffer());
  const sniffed = sniffFormat(bytes);
  if (sniffed === "vector") {
    if (format) throw new UsageError(`${path}: is a test-vector JSON; --format applies to blobs only`);
    return { kind: "vector", vector: parseVector(new TextDecoder().decode(bytes), path) };
  }
  const f: ProgramFormat = format ?? (sniffed === "jar" ? "jar" : "gp");
  if (sniffed === "jar" && f !== "jar") throw new UsageError(`${path}: starts with the JAR v2 magic but --format ${f} was given`);
  switch (f) {
    case "jar": {
      const image = jarImage(decodeJarBlob(bytes, path));
      return { kind: "blob", format: f, image, code: image.code };
    }
    case "gp": {
      const image = standardImage(decodeStandardProgram(bytes, path));
      return { kind: "blob", format: f, image, code: image.code };
    }
    case "generic": {
      const code = decodeCodeBlob(bytes, path);
      const image: ProgramImage = { code, regs: new Array(13).fill(0n), pc: 0, regions: [], heapStart: 0 };
      return { kind: "blob", format: f, image, code };
    }
  }
}
