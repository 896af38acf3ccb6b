/**
 * Guest RAM for the interpreter: 2^20 pages of 4 KiB (GP µ), each inaccessible,
 * read-only or read-write, allocated on first mapping.
 *
 * Access rule (GP A.7–A.8): for the bytes an instruction touches (addresses mod 2^32),
 * let x be those not accessible (for writes: not writable). If x is empty the access
 * happens; if min(x) < 2^16 the machine panics; otherwise it page-faults at the start of
 * the page holding min(x). Memory is unchanged in both exceptional cases. With
 * `readOnlyWritePanics` (profiles gp-0.8-draft and jar, see READ_ONLY_WRITE in
 * engine/isa/profiles.ts) a write whose min(x) lies in a read-only page panics instead.
 */
import { PAGE_SIZE } from "../program/layout.ts";
import type { MemoryRegion } from "../program/image.ts";
import type { GuestMemory } from "./guest-memory.ts";

export const PAGE_COUNT = 1 << 20;
export const ACCESS_NONE = 0;
export const ACCESS_READ = 1;
export const ACCESS_WRITE = 2;

/** Result of an access check. */
export const MEM_OK = 0;
export const MEM_PANIC = 1;
export const MEM_FAULT = 2;

const LOW_LIMIT = 1 << 16;

export class PagedMemory implements GuestMemory {
  /** page number -> 1 + index into pageData/pageViews (0: never mapped); typed, so cheap to allocate */
  private readonly slot = new Int32Array(PAGE_COUNT);
  private readonly pageData: Uint8Array[] = [];
  private readonly pageViews: DataView[] = [];
  /** mapped page numbers, for enumeration without a 2^20 scan */
  private readonly mapped = new Set<number>();
  /** access per page: ACCESS_NONE | ACCESS_READ | ACCESS_WRITE (write implies read) */
  readonly access = new Uint8Array(PAGE_COUNT);
  /** page-aligned address of the last MEM_FAULT */
  faultAddress = 0;
  /** a write to a read-only page panics instead of faulting */
  readOnlyWritePanics = false;

  /** Makes `count` pages from page `first` accessible (zero-filled when new). */
  mapPages(first: number, count: number, writable: boolean): void {
    if (first < 0 || count < 0 || first + count > PAGE_COUNT) throw new RangeError(`pages [${first}, ${first + count}) outside the 4 GiB space`);
    for (let p = first; p < first + count; p++) {
      // storage comes on first touch (view()), so mapping a large heap costs nothing
      this.access[p] = writable ? ACCESS_WRITE : ACCESS_READ;
      this.mapped.add(p);
    }
  }

  /** Maps a page-aligned region and copies its initial data. */
  mapRegion(r: MemoryRegion): void {
    if (r.address % PAGE_SIZE || r.length % PAGE_SIZE) throw new RangeError(`region ${r.name} is not page-aligned`);
    this.mapPages(r.address / PAGE_SIZE, r.length / PAGE_SIZE, r.writable);
    if (r.data) this.poke(r.address, r.data);
  }

  isMapped(page: number): boolean {
    return this.access[page] !== ACCESS_NONE;
  }

  /** Checks an access of `len` (1..8) bytes at `address` (u32). */
  check(address: number, len: number, write: boolean): number {
    return checkAccess(this, address, len, write);
  }

  /** Unsigned little-endian load of `len` bytes (1, 2, 4 or 8); call check() first. */
  load(address: number, len: number): bigint {
    const off = address & 0xfff;
    if (off + len <= PAGE_SIZE) {
      const v = this.view(address >>> 12);
      switch (len) {
        case 1: return BigInt(v.getUint8(off));
        case 2: return BigInt(v.getUint16(off, true));
        case 4: return BigInt(v.getUint32(off, true));
        default: return v.getBigUint64(off, true);
      }
    }
    let r = 0n;
    for (let i = len - 1; i >= 0; i--) r = (r << 8n) | BigInt(this.byteAt((address + i) >>> 0));
    return r;
  }

  /** Little-endian store of the low `len` bytes of `value`; call check() first. */
  store(address: number, len: number, value: bigint): void {
    const off = address & 0xfff;
    if (off + len <= PAGE_SIZE) {
      const v = this.view(address >>> 12);
      switch (len) {
        case 1: v.setUint8(off, Number(value & 0xffn)); return;
        case 2: v.setUint16(off, Number(value & 0xffffn), true); return;
        case 4: v.setUint32(off, Number(value & 0xffffffffn), true); return;
        default: v.setBigUint64(off, BigInt.asUintN(64, value), true); return;
      }
    }
    for (let i = 0; i < len; i++) this.setByte((address + i) >>> 0, Number((value >> BigInt(8 * i)) & 0xffn));
  }

  /** The page's storage, allocated zero-filled on first touch. */
  private view(p: number): DataView {
    let s = this.slot[p]!;
    if (s === 0) {
      const page = new Uint8Array(PAGE_SIZE);
      this.pageData.push(page);
      this.pageViews.push(new DataView(page.buffer));
      this.slot[p] = s = this.pageData.length;
    }
    return this.pageViews[s - 1]!;
  }

  /** A mapped page's bytes (allocated on first touch); undefined when unmapped. */
  private page(p: number): Uint8Array | undefined {
    if (this.access[p] === ACCESS_NONE) return undefined;
    this.view(p);
    return this.pageData[this.slot[p]! - 1];
  }

  private byteAt(a: number): number {
    return this.page(a >>> 12)![a & 0xfff]!;
  }

  private setByte(a: number, b: number): void {
    this.page(a >>> 12)![a & 0xfff] = b;
  }

  /** Host write ignoring access rights (pages must be mapped). Throws RangeError otherwise. */
  poke(address: number, data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) {
      const a = address + i;
      const page = this.page(a >>> 12);
      if (!page) throw new RangeError(`poke: address ${a} is not mapped`);
      page[a & 0xfff] = data[i]!;
    }
  }

  /** Host read ignoring access rights; unmapped bytes read as undefined -> throws RangeError. */
  peek(address: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const a = address + i;
      const page = this.page(a >>> 12);
      if (!page) throw new RangeError(`peek: address ${a} is not mapped`);
      out[i] = page[a & 0xfff]!;
    }
    return out;
  }

  /** Page numbers of all accessible pages, ascending. */
  mappedPages(): number[] {
    return [...this.mapped].sort((a, b) => a - b);
  }

  /** The bytes of an accessible page (a live view). */
  pageBytes(page: number): Uint8Array | undefined {
    return this.page(page);
  }
}

/**
 * The access rule of GP A.7–A.8 over a page-rights table (shared by every GuestMemory):
 * MEM_OK, MEM_PANIC, or MEM_FAULT with `mem.faultAddress` set to the page of min(x).
 */
export function checkAccess(mem: Pick<GuestMemory, "access" | "faultAddress" | "readOnlyWritePanics">, address: number, len: number, write: boolean): number {
  const need = write ? ACCESS_WRITE : ACCESS_READ;
  const access = mem.access;
  if ((address & 0xfff) + len <= PAGE_SIZE && access[address >>> 12]! >= need) return MEM_OK;
  let min = -1;
  for (let i = 0; i < len; i++) {
    const a = (address + i) >>> 0;
    if (access[a >>> 12]! < need && (min < 0 || a < min)) min = a;
  }
  if (min < 0) return MEM_OK;
  if (min < LOW_LIMIT) return MEM_PANIC;
  if (write && mem.readOnlyWritePanics && access[min >>> 12] === ACCESS_READ) return MEM_PANIC;
  mem.faultAddress = min - (min % PAGE_SIZE);
  return MEM_FAULT;
}
