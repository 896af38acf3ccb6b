//! keccak: SHA3-256 (Keccak-f[1600], FIPS 202) chained over a fixed message, with the
//! RustCrypto `sha3` 0.10 crate (Debian's librust-sha3-dev).
//!
//! state_0 = 32 zero bytes; state_{k+1} = SHA3-256(state_k || MSG) for ROUNDS (1000) rounds,
//! where MSG is 1024 bytes with MSG[i] = (31 * i + 7) mod 256. Each round absorbs 1056
//! bytes (8 Keccak-f permutations at rate 136). `main` returns the first 8 bytes of the
//! last state as a little-endian u64. ROUNDS is read with a volatile load.
#![no_std]
#![no_main]

use core::ptr::read_volatile;
use sha3::{Digest, Sha3_256};

const MSG_LEN: usize = 1024;

static mut ROUNDS: u64 = 1000;

#[no_mangle]
pub extern "C" fn main() -> u64 {
    let rounds = unsafe { read_volatile(&raw const ROUNDS) };
    let mut msg = [0u8; MSG_LEN];
    for (i, b) in msg.iter_mut().enumerate() {
        *b = (i as u32).wrapping_mul(31).wrapping_add(7) as u8;
    }
    let mut state = [0u8; 32];
    for _ in 0..rounds {
        let mut h = Sha3_256::new();
        h.update(state);
        h.update(msg);
        state.copy_from_slice(&h.finalize());
    }
    let mut first = [0u8; 8];
    first.copy_from_slice(&state[..8]);
    u64::from_le_bytes(first)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
