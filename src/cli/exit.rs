//! Exit codes, as documented in the README.

/// Every revision round-trips and matches its snapshot.
pub const OK: u8 = 0;
/// A round-trip, snapshot or irreversibility failure.
pub const FAILED: u8 = 1;
/// Bad usage or bad input (arguments, history files, snapshot files), or
/// a url server that must not be used.
pub const BAD_INPUT: u8 = 2;
/// Infrastructure: no PostgreSQL could be started or reached, the server
/// went away mid-walk, or the run passed `--timeout`.
pub const INFRASTRUCTURE: u8 = 3;
/// Interrupted by Ctrl-C or SIGTERM (after cleaning up).
pub const INTERRUPTED: u8 = 130;
