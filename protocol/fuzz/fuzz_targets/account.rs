//! Account validators (card number, expiry, routing and account numbers, postal code, name) on arbitrary UTF-8.
//! The invariants live in `checks.rs`, shared with the corpus replay test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| capture_protocol_fuzz::account(data));
