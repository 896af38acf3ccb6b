/**
 * Bounds-checked little-endian byte reader. Every read names its field so that a short
 * or malformed input becomes a FormatError with field and offset, never a RangeError.
 */
import { FormatError } from "../errors.ts";

export class ByteReader {
  readonly bytes: Uint8Array;
  pos: number;
  /** prefix for field names, e.g. "JAR v2 blob" */
  readonly context: string;

  constructor(bytes: Uint8Array, context: string, pos = 0) {
    this.bytes = bytes;
    this.context = context;
    this.pos = pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Throws FormatError("truncated") unless `n` more bytes are available. */
  need(n: number, field: string): void {
    if (n < 0 || this.pos + n > this.bytes.length) {
      throw new FormatError(
        "truncated",
        `${this.context}: ${field}`,
        this.pos,
        `needs ${n} byte(s), only ${this.remaining} left`,
      );
    }
  }

  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.pos++]!;
  }

  /** Little-endian unsigned integer of `n` bytes (n <= 6 keeps it exact as a number). */
  uint(n: number, field: string): number {
    this.need(n, field);
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + this.bytes[this.pos + i]!;
    this.pos += n;
    return v;
  }

  u32(field: string): number {
    return this.uint(4, field);
  }

  bytesOf(n: number, field: string): Uint8Array {
    this.need(n, field);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  fail(field: string, problem: string, offset = this.pos): never {
    throw new FormatError("invalid", `${this.context}: ${field}`, offset, problem);
  }
}
