//! sort: 100,000 pseudo-random u32 sorted with core's `sort_unstable`, then checksummed.
//!
//! The array is a static (in .bss: no allocator, no large stack frame) refilled on every
//! call from a xorshift32 generator, so `main` can run repeatedly. The seed and length are
//! read with volatile loads from mutable statics so the optimiser can fold neither the
//! input nor the sort. The checksum is FNV-1a over the sorted words (order-sensitive):
//! a wrong order or a lost element changes it.
#![no_std]
#![no_main]

use core::ptr::{addr_of_mut, read_volatile};

const CAPACITY: usize = 100_000;

static mut SEED: u32 = 0x9e37_79b9;
static mut LEN: u64 = CAPACITY as u64;
static mut DATA: [u32; CAPACITY] = [0; CAPACITY];

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[no_mangle]
pub extern "C" fn main() -> u64 {
    let len = unsafe { read_volatile(&raw const LEN) } as usize;
    let n = if len < CAPACITY { len } else { CAPACITY };
    let mut x = unsafe { read_volatile(&raw const SEED) };
    // SAFETY: single-threaded guest; nothing else holds a reference to DATA.
    let data: &mut [u32; CAPACITY] = unsafe { &mut *addr_of_mut!(DATA) };
    let data = &mut data[..n];
    for v in data.iter_mut() {
        // xorshift32 (Marsaglia 13/17/5): full period over the non-zero u32.
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *v = x;
    }
    data.sort_unstable();
    let mut acc = FNV_OFFSET;
    for &v in data.iter() {
        acc = (acc ^ v as u64).wrapping_mul(FNV_PRIME);
    }
    acc
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
