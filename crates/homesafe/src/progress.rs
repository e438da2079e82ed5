//! A progress line for long commands, on standard error, redrawn at most five times a second
//! when standard error is a terminal. No dependency: a counter and a rate is all that is needed.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct ProgressLine {
    label: &'static str,
    total: Option<u64>,
    started: Instant,
    last_draw: Instant,
    done: u64,
    tty: bool,
}

impl ProgressLine {
    pub fn new(label: &'static str, total: Option<u64>) -> Self {
        let now = Instant::now();
        ProgressLine {
            label,
            total,
            started: now,
            last_draw: now - Duration::from_secs(1),
            done: 0,
            tty: std::io::stderr().is_terminal(),
        }
    }

    fn line(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = self.done as f64 / secs;
        match self.total {
            Some(total) if total > 0 => {
                let pct = (self.done as f64 / total as f64 * 100.0).min(100.0);
                let filled = (pct / 5.0) as usize;
                format!(
                    "{} [{}{}] {:>5.1}% {} events, {:.0}/s",
                    self.label,
                    "#".repeat(filled),
                    " ".repeat(20 - filled.min(20)),
                    pct,
                    self.done,
                    rate
                )
            }
            _ => format!(
                "{} {} events, {:.0}/s, {:.1}s",
                self.label, self.done, rate, secs
            ),
        }
    }

    pub fn set(&mut self, done: u64) {
        self.done = done;
        if self.tty && self.last_draw.elapsed() >= Duration::from_millis(200) {
            self.last_draw = Instant::now();
            eprint!("\r{}\x1b[K", self.line());
            let _ = std::io::stderr().flush();
        }
    }

    /// Prints the final line (always, terminal or not).
    pub fn finish(&self) {
        if self.tty {
            eprint!("\r\x1b[K");
        }
        eprintln!("{}", self.line());
    }

    pub fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}
