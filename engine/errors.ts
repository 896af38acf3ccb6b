/**
 * The one error class for malformed input to the engine (blobs, ELF files, vectors,
 * assembly). It names the field, the byte offset and the problem, so the CLI can print a
 * one-line message and exit 2 (STYLE.md item 7). VM outcomes are never errors.
 */
export type FormatErrorKind = "truncated" | "invalid" | "unsupported" | "trailing";

export class FormatError extends Error {
  readonly kind: FormatErrorKind;
  /** name of the field being read, e.g. "code blob: jump table length" */
  readonly field: string;
  /** byte offset in the input where the problem is (or -1 when not byte-addressed) */
  readonly offset: number;
  readonly problem: string;

  constructor(kind: FormatErrorKind, field: string, offset: number, problem: string) {
    super(offset >= 0 ? `${field} at offset ${offset}: ${problem}` : `${field}: ${problem}`);
    this.name = "FormatError";
    this.kind = kind;
    this.field = field;
    this.offset = offset;
    this.problem = problem;
  }
}
