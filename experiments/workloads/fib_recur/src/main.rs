//! fib_recur: recursive Fibonacci where every call is a new VM (jar profile, capability
//! kernel; ARCHITECTURE.md "Kernel ABI"). fib(20) = 6765 runs 2 * fib(21) - 1 = 21,891
//! VMs, all created from the same CODE cap, so the JIT compiles the code once.
//!
//! Each VM, for its argument n:
//!   n < 2:  REPLY n.
//!   else:   CREATE a child from the CODE cap (slot 64) into slot LEFT, CALL it with
//!           n - 1; CREATE another into slot RIGHT, CALL it with n - 2; REPLY the sum.
//!
//! Kernel calls use the transpiler's host-call ABI (`li t0, N` + `ecall` = `ecalli N`,
//! φ7..φ12 = a0..a5):
//!   ecalli 64    CREATE: φ7 = bitmask of slots 0..63 to copy (none: a child needs
//!                no cap of ours; it gets its own memory from the CODE cap's manifest and
//!                that CODE cap at slot 64, as in javm), φ12 = slot for the new HANDLE;
//!                φ7 = 0 on success.
//!   ecalli LEFT/RIGHT  CALL the HANDLE: φ7 = n, φ8 = CHILD_TAG, φ12 = 0 (lend no IPC
//!                cap); returns the callee's REPLY value in φ7.
//!   ecalli 255   REPLY φ7 to the caller; from the root VM it ends the run (halt, φ7).
//!
//! The root VM starts with whatever the loader puts in φ7/φ8; φ8 != CHILD_TAG marks it
//! as the root, which takes n from the mutable static N (volatile load: not foldable).
//! An error from CREATE replies ERROR, so a broken kernel cannot produce 6765.
#![no_std]
#![no_main]

use core::arch::asm;
use core::ptr::read_volatile;

static mut N: u64 = 20;

/// Marks a call from a parent VM (φ8); any other φ8 means "root VM".
const CHILD_TAG: u64 = 0x6669_625f_7265_6375; // "fib_recu"
/// Cap slots for the two children's HANDLEs (not protocol caps 1..28, not 64+).
const LEFT: u32 = 40;
const RIGHT: u32 = 41;
const CODE_CAP: u32 = 64;
const IPC_CAP: u32 = 255;
/// Replied when a kernel call fails; far from any Fibonacci number the test expects.
const ERROR: u64 = u64::MAX;

/// `ecalli SLOT` with φ7 = a0, φ8 = a1, φ12 = a5; returns φ7.
#[inline(always)]
fn kernel_call<const SLOT: u32>(a0: u64, a1: u64, a5: u64) -> u64 {
    let mut r = a0;
    // SAFETY: a kernel call reads and writes registers only (the callee VM has its own
    // memory); a1..a5 may come back changed.
    unsafe {
        asm!(
            "li t0, {slot}",
            "ecall",
            slot = const SLOT,
            inout("a0") r,
            inout("a1") a1 => _,
            inout("a5") a5 => _,
            out("t0") _, out("a2") _, out("a3") _, out("a4") _,
            options(nostack),
        );
    }
    r
}

/// CREATE a child VM from our CODE cap into `SLOT` and CALL it with `n`.
#[inline(always)]
fn spawn_and_call<const SLOT: u32>(n: u64) -> Option<u64> {
    if kernel_call::<CODE_CAP>(0, 0, SLOT as u64) != 0 {
        return None;
    }
    Some(kernel_call::<SLOT>(n, CHILD_TAG, 0))
}

fn fib_vm(n: u64) -> u64 {
    if n < 2 {
        return n;
    }
    let Some(a) = spawn_and_call::<LEFT>(n - 1) else { return ERROR };
    let Some(b) = spawn_and_call::<RIGHT>(n - 2) else { return ERROR };
    if a == ERROR || b == ERROR {
        return ERROR;
    }
    a.wrapping_add(b)
}

#[no_mangle]
pub extern "C" fn main(arg: u64, tag: u64) -> u64 {
    let n = if tag == CHILD_TAG { arg } else { unsafe { read_volatile(&raw const N) } };
    let result = fib_vm(n);
    // REPLY never returns to this VM; the loop only satisfies the type checker.
    kernel_call::<IPC_CAP>(result, 0, 0);
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
