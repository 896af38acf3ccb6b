/**
 * The dynamic jump table j of the output (GP A.18: djump(a) goes to j[a/Z_A - 1], Z_A = 2).
 * Every code address the program can hold as a value — return addresses, function
 * pointers, `switch` targets — is replaced by its jump-table address (i+1)·2, and entry
 * i holds the PVM offset of that code.
 *
 * Use: `add` every such old code address while scanning, `freeze`, then ask `address`.
 * Entries are sorted by old address so the table is deterministic.
 */

export class JumpTableBuilder {
  private readonly wanted = new Set<number>();
  private order: number[] | undefined;
  private readonly index = new Map<number, number>();

  /** Requests an entry for old code address `rv`. Throws once frozen. */
  add(rv: number): void {
    if (this.order) throw new Error(`jump table: entry 0x${rv.toString(16)} requested after freeze (transpiler bug)`);
    this.wanted.add(rv);
  }

  has(rv: number): boolean {
    return this.wanted.has(rv);
  }

  /** Fixes the entries; returns the old code addresses in entry order. */
  freeze(): readonly number[] {
    if (!this.order) {
      this.order = [...this.wanted].sort((a, b) => a - b);
      this.order.forEach((rv, i) => this.index.set(rv, i));
    }
    return this.order;
  }

  /** The jump-table address (i+1)·2 of old code address `rv`; it must have been added. */
  address(rv: number): number {
    const i = this.index.get(rv);
    if (i === undefined) throw new Error(`jump table: no entry for 0x${rv.toString(16)} (transpiler bug: missed in the scan)`);
    return (i + 1) * 2;
  }

  get size(): number {
    return this.wanted.size;
  }
}
