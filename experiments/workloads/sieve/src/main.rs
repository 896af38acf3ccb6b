//! sieve: count the primes below LIMIT = 100000 with a sieve of Eratosthenes (9592).
//!
//! The sieve is a static byte array (in .bss, no allocator, no large stack frame); it is
//! cleared on every call, so `main` can be run repeatedly. The limit is read with a
//! volatile load from a mutable static so the optimiser cannot fold the count.
//! About 1.5 million RV64 instructions at -O3.
#![no_std]
#![no_main]

use core::ptr::{addr_of_mut, read_volatile};

const CAPACITY: usize = 100_000;

static mut LIMIT: u64 = 100_000;
static mut COMPOSITE: [u8; CAPACITY] = [0; CAPACITY];

#[no_mangle]
pub extern "C" fn main() -> u64 {
    let limit = unsafe { read_volatile(&raw const LIMIT) } as usize;
    let n = if limit < CAPACITY { limit } else { CAPACITY };
    // SAFETY: single-threaded guest; nothing else holds a reference to COMPOSITE.
    let composite: &mut [u8; CAPACITY] = unsafe { &mut *addr_of_mut!(COMPOSITE) };
    let sieve = &mut composite[..n];
    sieve.fill(0);

    let mut count: u64 = 0;
    let mut i = 2;
    while i < n {
        if sieve[i] == 0 {
            count += 1;
            let mut j = i * i;
            while j < n {
                sieve[j] = 1;
                j += i;
            }
        }
        i += 1;
    }
    count
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
