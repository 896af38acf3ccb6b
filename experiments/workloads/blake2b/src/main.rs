//! blake2b: BLAKE2b-512 chained over a fixed message, with the `blake2b_simd` crate
//! (Debian's librust-blake2b-simd-dev, portable implementation on RISC-V and wasm32).
//!
//! state_0 = 64 zero bytes; state_{k+1} = BLAKE2b-512(state_k || MSG) for ROUNDS (1000) rounds,
//! where MSG is 1024 bytes with MSG[i] = (31 * i + 7) mod 256. Each round hashes 1088
//! bytes (9 compression calls). `main` returns the first 8 bytes of the last state as a
//! little-endian u64. ROUNDS is read with a volatile load so nothing can be folded.
#![no_std]
#![no_main]

use core::ptr::read_volatile;

const MSG_LEN: usize = 1024;

static mut ROUNDS: u64 = 1000;

#[no_mangle]
pub extern "C" fn main() -> u64 {
    let rounds = unsafe { read_volatile(&raw const ROUNDS) };
    let mut msg = [0u8; MSG_LEN];
    for (i, b) in msg.iter_mut().enumerate() {
        *b = (i as u32).wrapping_mul(31).wrapping_add(7) as u8;
    }
    let mut state = [0u8; 64];
    let params = blake2b_simd::Params::new();
    for _ in 0..rounds {
        let hash = params.to_state().update(&state).update(&msg).finalize();
        state.copy_from_slice(hash.as_bytes());
    }
    let mut first = [0u8; 8];
    first.copy_from_slice(&state[..8]);
    u64::from_le_bytes(first)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
