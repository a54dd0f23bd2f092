//! Choosing the backends: plain settings in (which backend, which majors,
//! which image, URL or binaries), the [`Backend`]s to start out, with the
//! one line that says which and why.
//!
//! `auto` runs each major on the installed server binaries when they have
//! it (the fast backend) and in a container otherwise, so `--pg 15,17,18`
//! with PostgreSQL 15 installed is local for 15 and docker for 17 and 18.
//! With `--image`, `auto` means docker when an engine answers and every
//! image is present, else local. The default major is the installed
//! server's, or [`DOCKER_DEFAULT_MAJOR`] when no server is installed.
//!
//! Probing the machine (binaries, engine, images) is kept apart from the
//! decision (`auto`: plain data in, plan out), so that the decision is
//! tested without a machine that has it.
//!
//! Files: `settings` (what goes in and comes out, and the checks that need
//! no machine), `auto` (the decision of `auto`), `resolve` (probing the
//! machine, then deciding).

mod auto;
mod resolve;
mod settings;

pub use resolve::resolve_backends;
pub use settings::{
    BackendChoice, BackendPlan, BackendSettings, ContainerSweep, DOCKER_DEFAULT_MAJOR, MIN_MAJOR,
    PlanError, default_image,
};
