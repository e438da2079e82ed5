//! The `homesafe` binary: a thin shell over the library crates.
#![forbid(unsafe_code)]

mod cli;
mod progress;

fn main() -> std::process::ExitCode {
    cli::run()
}
