/**
 * A JIT instance's guest memory: its 4 GiB window (an mmap reservation) with page
 * rights mirrored in a JS table. Mapping a page mprotects it; host reads and writes go
 * through per-page views. Implements GuestMemory so the interpreter can step the same
 * state.
 */
import { toArrayBuffer } from "bun:ffi";
import type { GuestMemory } from "../memory/guest-memory.ts";
import { ACCESS_READ, ACCESS_WRITE, PAGE_COUNT, checkAccess } from "../memory/paged-memory.ts";
import { PAGE } from "./layout.ts";
import { PROT_READ, PROT_WRITE, protect } from "./native/libc.ts";

export class WindowMemory implements GuestMemory {
  readonly access = new Uint8Array(PAGE_COUNT);
  faultAddress = 0;
  readOnlyWritePanics = false;
  private readonly views = new Map<number, DataView>();
  private readonly mapped = new Set<number>();

  /**
   * `base`: address of guest byte 0. `rights`: the instance's page-rights table read by
   * inline bounds checks (kept equal to `access`), when the module uses them.
   */
  constructor(readonly base: number, private readonly rights?: Uint8Array) {}

  mapPages(first: number, count: number, writable: boolean): void {
    if (first < 0 || count < 0 || first + count > PAGE_COUNT) throw new RangeError(`pages [${first}, ${first + count}) outside the 4 GiB space`);
    if (count === 0) return;
    // one mprotect per run of pages whose rights change
    let runStart = -1;
    const flush = (end: number) => {
      if (runStart >= 0) protect(this.base + runStart * PAGE, (end - runStart) * PAGE, writable ? PROT_READ | PROT_WRITE : PROT_READ);
      runStart = -1;
    };
    const want = writable ? ACCESS_WRITE : ACCESS_READ;
    for (let p = first; p < first + count; p++) {
      if (this.access[p] !== want) {
        if (runStart < 0) runStart = p;
        this.access[p] = want;
        if (this.rights) this.rights[p] = want;
        this.mapped.add(p);
      } else flush(p);
    }
    flush(first + count);
  }

  private view(page: number): DataView {
    let v = this.views.get(page);
    if (!v) this.views.set(page, (v = new DataView(toArrayBuffer((this.base + page * PAGE) as never, 0, PAGE))));
    return v;
  }

  check(address: number, len: number, write: boolean): number {
    return checkAccess(this, address, len, write);
  }

  load(address: number, len: number): bigint {
    let r = 0n;
    for (let i = len - 1; i >= 0; i--) {
      const a = (address + i) >>> 0;
      r = (r << 8n) | BigInt(this.view(a >>> 12).getUint8(a & 0xfff));
    }
    return r;
  }

  store(address: number, len: number, value: bigint): void {
    for (let i = 0; i < len; i++) {
      const a = (address + i) >>> 0;
      this.view(a >>> 12).setUint8(a & 0xfff, Number((value >> BigInt(8 * i)) & 0xffn));
    }
  }

  poke(address: number, data: Uint8Array): void {
    let i = 0;
    while (i < data.length) {
      const a = address + i;
      const page = Math.floor(a / PAGE);
      if (page >= PAGE_COUNT || !this.access[page]) throw new RangeError(`poke: address ${a} is not mapped`);
      const off = a % PAGE;
      const n = Math.min(PAGE - off, data.length - i);
      const v = this.view(page);
      // the host writes read-only pages too (initial data): open the page for the copy
      const readOnly = this.access[page] === ACCESS_READ;
      if (readOnly) protect(this.base + page * PAGE, PAGE, PROT_READ | PROT_WRITE);
      new Uint8Array(v.buffer, off, n).set(data.subarray(i, i + n));
      if (readOnly) protect(this.base + page * PAGE, PAGE, PROT_READ);
      i += n;
    }
  }

  peek(address: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    let i = 0;
    while (i < len) {
      const a = address + i;
      const page = Math.floor(a / PAGE);
      if (page >= PAGE_COUNT || !this.access[page]) throw new RangeError(`peek: address ${a} is not mapped`);
      const off = a % PAGE;
      const n = Math.min(PAGE - off, len - i);
      out.set(new Uint8Array(this.view(page).buffer, off, n), i);
      i += n;
    }
    return out;
  }

  mappedPages(): number[] {
    return [...this.mapped].sort((a, b) => a - b);
  }
}
