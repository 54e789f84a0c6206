//! Background work every node runs: reaping and expiry, webhook delivery. Each pass is safe on
//! any number of nodes at once: expiry is a compare-and-set, deliveries are leased rows.

pub mod reaper;
pub mod webhooks;
