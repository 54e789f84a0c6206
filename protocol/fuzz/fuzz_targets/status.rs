//! The session status transition function over arbitrary (status, event) sequences.
//! The invariants live in `checks.rs`, shared with the corpus replay test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| capture_protocol_fuzz::status(data));
