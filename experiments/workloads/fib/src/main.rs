//! fib: iterative Fibonacci, repeated.
//!
//! `main` computes fib(N) (wrapping u64) REPS times, folding each result into an
//! accumulator (`acc = acc * 3 + fib(N)`, wrapping), and returns the accumulator in a0.
//! N and REPS are read with volatile loads from mutable statics so the optimiser can
//! neither constant-fold the loop nor hoist the inner loop out of the outer one.
//! With N = 1000 and REPS = 1000 this runs about 6 million RV64 instructions at -O3.
#![no_std]
#![no_main]

use core::ptr::read_volatile;

static mut N: u64 = 1000;
static mut REPS: u64 = 1000;

fn fib(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    let mut k = 0;
    while k < n {
        let t = a.wrapping_add(b);
        a = b;
        b = t;
        k += 1;
    }
    a
}

#[no_mangle]
pub extern "C" fn main() -> u64 {
    let reps = unsafe { read_volatile(&raw const REPS) };
    let mut acc: u64 = 0;
    let mut i = 0;
    while i < reps {
        let n = unsafe { read_volatile(&raw const N) };
        acc = acc.wrapping_mul(3).wrapping_add(fib(n));
        i += 1;
    }
    acc
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
