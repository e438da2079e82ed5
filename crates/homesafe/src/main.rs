//! The `homesafe` binary: a thin shell over the library crates.
#![forbid(unsafe_code)]

mod cli;
mod progress;

// glibc's allocator spent about half the import's main-thread time in malloc/free at scale
// (fragmentation: malloc_consolidate, unlink_chunk); mimalloc does not (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
