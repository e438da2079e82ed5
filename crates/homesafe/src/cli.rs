//! Command-line interface. Each subcommand is a thin call into the library crates; errors are
//! turned into one plain line here, once.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use homesafe_core::history::{Hash, read_history};

#[derive(Parser)]
#[command(name = "homesafe", version, about = "The record of a social landlord's homes, repairs, hazards and complaints")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a history file without touching any database: every line parsed, chained and
    /// every reference resolved. With --canonical, print it in canonical (exported) form.
    Check {
        file: PathBuf,
        #[arg(long)]
        canonical: bool,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { file, canonical } => check(&file, canonical),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("homesafe: {message}");
            ExitCode::FAILURE
        }
    }
}

fn check(file: &PathBuf, canonical: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let events = read_history(&text, (), (0, Hash::GENESIS)).map_err(|e| format!("{}: {e}", file.display()))?;
    if canonical {
        let mut out = String::new();
        for e in &events {
            out.push_str(&e.line());
            out.push('\n');
        }
        print!("{out}");
    } else {
        eprintln!("{}: {} events, all valid", file.display(), events.len());
    }
    Ok(())
}
