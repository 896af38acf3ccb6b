/**
 * The few libc functions the JIT needs, through bun:ffi: mmap/mprotect/munmap for code
 * and guest windows, sigaction to install the fault handler. Linux x86-64 only.
 */
import { dlopen, FFIType, type Pointer } from "bun:ffi";

export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
const MAP_PRIVATE = 0x02;
const MAP_ANONYMOUS = 0x20;
const MAP_NORESERVE = 0x4000;
const MAP_FAILED = -1;

let lib: ReturnType<typeof open> | undefined;

function open() {
  return dlopen("libc.so.6", {
    mmap: { args: [FFIType.ptr, FFIType.u64, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i64], returns: FFIType.ptr },
    mprotect: { args: [FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 },
    munmap: { args: [FFIType.ptr, FFIType.u64], returns: FFIType.i32 },
    sigaction: { args: [FFIType.i32, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  });
}

function libc() {
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error("jit: needs Linux on x86-64");
  return (lib ??= open()).symbols;
}

/** Reserves `bytes` of address space (PROT_NONE, no swap reservation). Throws when mmap fails. */
export function reserve(bytes: number): number {
  const p = libc().mmap(null, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) as unknown as number;
  if (!p || p === MAP_FAILED) throw new Error(`jit: mmap of ${bytes} bytes failed`);
  return p;
}

/** Changes the protection of [addr, addr+bytes) (page-aligned). Throws on failure. */
export function protect(addr: number, bytes: number, prot: number): void {
  if (libc().mprotect(addr as unknown as Pointer, bytes, prot) !== 0) throw new Error(`jit: mprotect(${addr.toString(16)}, ${bytes}, ${prot}) failed`);
}

export function release(addr: number, bytes: number): void {
  libc().munmap(addr as unknown as Pointer, bytes);
}

/** libc sigaction(sig, act, oldact); pointers are raw addresses (0 for NULL). */
export function sigaction(sig: number, act: number, oldact: number): number {
  return libc().sigaction(sig, (act || null) as unknown as Pointer, (oldact || null) as unknown as Pointer);
}
