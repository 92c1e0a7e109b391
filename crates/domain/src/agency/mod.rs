//! Agencies (行政机关) and their identifying codes.

pub mod code;
