/**
 * What the interpreter needs of guest memory. PagedMemory (JS pages) implements it for
 * the interpreter backend; the JIT's WindowMemory implements it over an instance's mmap
 * window, so the interpreter can step a JIT instance (instruction-mode gas, crosscheck).
 */
export interface GuestMemory {
  /** page rights: 0 none, 1 read, 2 read+write; indexed by page number (2^20 pages) */
  readonly access: Uint8Array;
  /** page-aligned address of the last MEM_FAULT */
  faultAddress: number;
  /** a write to a read-only page panics instead of faulting (profile rule) */
  readOnlyWritePanics: boolean;
  /** MEM_OK, MEM_PANIC or MEM_FAULT for an access of `len` bytes at u32 `address` */
  check(address: number, len: number, write: boolean): number;
  /** little-endian unsigned load of 1, 2, 4 or 8 bytes (after check) */
  load(address: number, len: number): bigint;
  /** little-endian store of the low `len` bytes (after check) */
  store(address: number, len: number, value: bigint): void;
  mapPages(first: number, count: number, writable: boolean): void;
  poke(address: number, data: Uint8Array): void;
  peek(address: number, len: number): Uint8Array;
  mappedPages(): number[];
}

/** Every accessible page of `m`, ascending, with whether it is writable (Instance.pages). */
export function pageList(m: GuestMemory): Array<{ page: number; writable: boolean }> {
  return m.mappedPages().map((page) => ({ page, writable: m.access[page] === 2 }));
}
