//! hostcall: 100,000 calls to the host's no-op function (`ecalli 0`, lab/host.ts).
//!
//! Host-call ABI of the transpiler (engine/transpiler): `li t0, N` immediately followed by
//! `ecall` becomes `ecalli N`; arguments and results travel in a0..a5 (φ7..φ12). The
//! no-op leaves every register unchanged, so call i returns its argument i and `main`
//! returns the sum 0 + 1 + ... + (COUNT - 1) = 4,999,950,000: a host that dropped a call
//! or clobbered a0 changes the answer.
//!
//! The same source builds for the lab's anchors: on wasm32 the no-op is a function
//! imported from the JavaScript host (`pvm_lab.host_noop`, the identity); on any other
//! target it is an out-of-line native call through a function pointer the optimiser
//! cannot see through (the physical limit of a host call).
#![no_std]
#![no_main]

use core::ptr::read_volatile;

static mut COUNT: u64 = 100_000;

/// Host call 0 (no-op): returns `a0` unchanged.
#[cfg(target_arch = "riscv64")]
#[inline(always)]
fn host_noop(a0: u64) -> u64 {
    let mut r = a0;
    // SAFETY: the host call reads and writes only registers; a1..a5 may carry results.
    unsafe {
        core::arch::asm!(
            "li t0, 0",
            "ecall",
            inout("a0") r,
            out("t0") _, out("a1") _, out("a2") _, out("a3") _, out("a4") _, out("a5") _,
            options(nostack),
        );
    }
    r
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "pvm_lab")]
extern "C" {
    #[link_name = "host_noop"]
    fn host_noop_import(a0: u64) -> u64;
}

/// Host call 0 (no-op) on wasm32: the JavaScript host's identity function.
#[cfg(target_arch = "wasm32")]
#[inline(always)]
fn host_noop(a0: u64) -> u64 {
    // SAFETY: the import takes and returns a plain integer.
    unsafe { host_noop_import(a0) }
}

/// Host call 0 (no-op) natively: an out-of-line call the optimiser cannot remove.
#[cfg(not(any(target_arch = "riscv64", target_arch = "wasm32")))]
#[inline(always)]
fn host_noop(a0: u64) -> u64 {
    #[inline(never)]
    extern "C" fn identity(x: u64) -> u64 {
        x
    }
    let f: extern "C" fn(u64) -> u64 = core::hint::black_box(identity);
    f(a0)
}

#[no_mangle]
pub extern "C" fn main() -> u64 {
    let count = unsafe { read_volatile(&raw const COUNT) };
    let mut acc: u64 = 0;
    let mut i = 0;
    while i < count {
        acc = acc.wrapping_add(host_noop(i));
        i += 1;
    }
    acc
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
