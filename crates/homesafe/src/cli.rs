//! Command-line interface. Each subcommand is a thin call into the library crates; errors are
//! turned into one plain line here, once.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use homesafe_core::demo::{DemoConfig, generate};
use homesafe_core::history::{Draft, Hash, RecordId, Role, london, read_history};
use homesafe_core::rules::{RuleEntry, rules_in_force};
use homesafe_store::{DocumentStore, Store, parse_as_of};

use crate::progress::ProgressLine;

#[derive(Parser)]
#[command(
    name = "homesafe",
    version,
    about = "The record of a social landlord's homes, repairs, hazards and complaints"
)]
struct Cli {
    /// Where the record lives: sqlite://PATH (created on first run) or postgres://…
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://homesafe.db",
        global = true
    )]
    database_url: String,
    /// Where document bytes are kept (content-addressed by SHA-256).
    #[arg(
        long,
        env = "HOMESAFE_DOCUMENTS_DIR",
        default_value = "documents",
        global = true
    )]
    documents_dir: PathBuf,
    /// The named local operator the CLI acts as (recorded on its events and imports).
    #[arg(long, env = "HOMESAFE_OPERATOR", global = true)]
    operator: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Store a document (photo, report, letter, invoice) and record it, content-addressed.
    Document {
        #[command(subcommand)]
        command: DocumentCommand,
    },
    /// Serve the JSON API (and, with --demo, fill an empty database with the demo landlord first).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// Generate the demo landlord if the database is empty, and issue a demo API token.
        #[arg(long)]
        demo: bool,
    },
    /// Import a history file (JSON Lines): all of it, or nothing.
    Import { file: PathBuf },
    /// Export the whole history as JSON Lines (to a file, or standard output).
    Export {
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Recompute the hash chain; exits non-zero naming the first event that does not match.
    Verify,
    /// Re-derive all current-state tables from history.
    Rebuild,
    /// Generate a realistic, deterministic synthetic landlord.
    Demo {
        #[arg(long, default_value_t = 500)]
        homes: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the history to this file instead of importing it into the database.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Check a history file without any database: every line parsed, chained and every
    /// reference resolved. With --canonical, print it in canonical (exported) form.
    Check {
        file: PathBuf,
        #[arg(long)]
        canonical: bool,
    },
    /// Benchmark baseline: bulk-insert the file's lines into a bare table (see docs/benchmarks.md).
    #[command(hide = true)]
    BenchRawInsert { file: PathBuf },
    /// Working days: due dates and counts on the England-and-Wales calendar.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// The rule table in force on a date: every clock, its limit, status (confirmed or
    /// UNCONFIRMED), whether the landlord may set its own value, and its source.
    Rules {
        /// The date, YYYY-MM-DD (default: today in Europe/London).
        #[arg(long, visible_alias = "on")]
        at: Option<String>,
        /// `table` to read, or `json` for every field.
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// The alerts a dashboard showed at a moment, as a worklist (most urgent first). Exits 0
    /// whether or not there are alerts.
    Alerts {
        /// 2022-04-08T09:00 (Europe/London wall-clock time), an RFC 3339 instant
        /// (2022-04-08T08:00:00Z), or a date (the end of that London day). Default: now.
        #[arg(long)]
        as_of: Option<String>,
        /// `table` to read, or `json` for every field.
        #[arg(long, default_value = "table")]
        format: String,
        /// Only this home's alerts (a property id).
        #[arg(long)]
        home: Option<String>,
        /// How many alerts of each code, severity and stage, instead of the worklist.
        #[arg(long, conflicts_with = "home")]
        counts: bool,
        /// A page of the worklist: this many alerts (from --offset), read in worklist order
        /// without building the rest.
        #[arg(long, conflicts_with_all = ["home", "counts"], value_parser = clap::value_parser!(u64).range(1..))]
        limit: Option<u64>,
        /// With --limit: how many alerts of the worklist to skip first.
        #[arg(long, requires = "limit")]
        offset: Option<u64>,
    },
    /// Every commitment's fate at a moment — broken, at risk, unverified, open, kept — most
    /// urgent first, with what its works did. Exits 0 whatever the fates.
    Commitments {
        /// 2022-04-08T09:00 (Europe/London wall-clock time), an RFC 3339 instant
        /// (2022-04-08T08:00:00Z), or a date (the end of that London day). Default: now.
        #[arg(long)]
        as_of: Option<String>,
        /// Only this fate, or several separated by commas: broken, at_risk, unverified, open, kept.
        #[arg(long)]
        fate: Option<String>,
        /// `table` to read, or `json` for every field.
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// What was raised, when the landlord said it would be done, and whether and when it was:
    /// for a home, a household (its tenancy) or a complaint.
    #[command(group(clap::ArgGroup::new("scope").required(true).args(["home", "complaint", "tenancy"])))]
    PromisedVsDone {
        /// A property id.
        #[arg(long)]
        home: Option<String>,
        /// A complaint id.
        #[arg(long)]
        complaint: Option<String>,
        /// A tenancy id: the household, from the start of its tenancy.
        #[arg(long)]
        tenancy: Option<String>,
        /// As the record stood then (as for `commitments`). Default: now.
        #[arg(long)]
        as_of: Option<String>,
        /// `table` to read, or `json` for every field.
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// The remedies ledger for a complaint or Ombudsman case, a household (its tenancy) or a home:
    /// every remedy from offer to paid, with the Ombudsman's and the landlord's bands beside each
    /// amount, and totals by head.
    #[command(group(clap::ArgGroup::new("scope").required(true).args(["case", "household", "property"])))]
    Remedies {
        /// A complaint id or an Ombudsman case id.
        #[arg(long)]
        case: Option<String>,
        /// A tenancy id: the household, remedies for its home offered during the tenancy.
        #[arg(long)]
        household: Option<String>,
        /// A property id: every remedy about the home.
        #[arg(long)]
        property: Option<String>,
        /// As the record stood then (as for `commitments`). Default: now.
        #[arg(long)]
        as_of: Option<String>,
        /// `table` to read, or `json` for every field.
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// What came before a report or works order: the earlier reports, jobs and surveys for the
    /// same home, block, shared component, building element or hazard within the recurrence
    /// window, each with why it is linked.
    Recurrence {
        /// A report or works order id.
        record: String,
        /// As the record stood then (as for `commitments`). Default: now.
        #[arg(long)]
        as_of: Option<String>,
        /// `table` to read, or `json` for every field.
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// Alerts benchmark: all alerts as at one instant, and one home's, each beside the raw SQL
    /// scan of the same rows (see docs/benchmarks.md).
    #[command(hide = true)]
    BenchAlerts {
        /// Default: when the history was last recorded.
        #[arg(long)]
        as_of: Option<String>,
        /// Homes sampled for the one-home measurement.
        #[arg(long, default_value_t = 200)]
        homes: usize,
        /// Runs of the all-alerts measurement (each: raw, then HomeSafe).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Complaint response letters: drafted from the record, issued only when complete.
    Letter {
        #[command(subcommand)]
        command: LetterCommand,
    },
}

/// How `rules` and `alerts` print.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Json,
}

fn parse_format(s: &str) -> Result<Format, String> {
    match s {
        "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        _ => Err(format!(
            "--format: '{s}' is not a format; one of table, json"
        )),
    }
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// The due date N working days after a trigger date (the trigger day is day 0).
    Due {
        #[arg(long)]
        from: String,
        #[arg(long)]
        working_days: u32,
        /// Also skip the landlord's closure days (for its own targets, never statutory ones).
        #[arg(long)]
        landlord: bool,
    },
    /// The working days after A up to and including B.
    Between {
        a: String,
        b: String,
        #[arg(long)]
        landlord: bool,
    },
    /// Add years from a GOV.UK bank-holidays.json feed; what the calendar knows is kept.
    Import { file: PathBuf },
    /// Record a day the landlord's offices are closed.
    Closure {
        date: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
enum DocumentCommand {
    /// Add a file: its bytes are kept under --documents-dir and a document.added event names
    /// its SHA-256, media type, title and the records it evidences.
    Add {
        file: PathBuf,
        #[arg(long)]
        title: String,
        /// e.g. image/jpeg; guessed from the file name when omitted.
        #[arg(long)]
        media_type: Option<String>,
        /// Ids of the records it is evidence for (repeat, or separate with commas).
        #[arg(long, value_delimiter = ',')]
        evidences: Vec<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a bearer token; its secret is printed once and stored only as a hash.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
    },
    /// Revoke a token by name.
    Revoke {
        #[arg(long)]
        name: String,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("homesafe: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("homesafe: {message}");
            ExitCode::FAILURE
        }
    }
}

fn operator(cli_operator: &Option<String>) -> String {
    let name = cli_operator
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "operator".into());
    format!("local:{name}")
}

async fn open(url: &str) -> Result<Store, String> {
    Store::open(url).await.map_err(|e| e.to_string())
}

/// For a bulk load by this process alone (see `Store::open_for_bulk_load`); close it after.
async fn open_for_bulk_load(url: &str) -> Result<Store, String> {
    Store::open_for_bulk_load(url)
        .await
        .map_err(|e| e.to_string())
}

async fn dispatch(cli: Cli) -> Result<(), String> {
    let op = operator(&cli.operator);
    match cli.command {
        Command::Check { file, canonical } => check(&file, canonical),
        Command::Serve { listen, demo } => {
            let store = open(&cli.database_url).await?;
            if demo {
                if store.event_count().await.map_err(|e| e.to_string())? == 0 {
                    demo_into(
                        &store,
                        &DemoConfig {
                            homes: 500,
                            ..DemoConfig::default()
                        },
                        &op,
                    )
                    .await?;
                }
                let token = store
                    .rotate_token("demo", Role::Staff, &op)
                    .await
                    .map_err(|e| e.to_string())?;
                eprintln!("Demo API token (role staff): {}", token.secret);
            }
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
            eprintln!("HomeSafe on http://{listen}  (API: /api/v1, OpenAPI: /api/v1/openapi.json)");
            homesafe_web::serve(store, DocumentStore::new(&cli.documents_dir), listener)
                .await
                .map_err(|e| e.to_string())
        }
        Command::Import { file } => {
            let store = open_for_bulk_load(&cli.database_url).await?;
            let f = File::open(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let mut bar = ProgressLine::new("importing", None);
            let report = store
                .import(BufReader::with_capacity(1 << 20, f), &op, &mut |n| {
                    bar.set(n)
                })
                .await
                .map_err(|e| format!("{}: {e} (nothing was imported)", file.display()));
            store.close().await;
            let report = report?;
            bar.finish();
            println!(
                "import events={} seconds={:.3} rate={:.0}",
                report.events,
                bar.seconds(),
                report.events as f64 / bar.seconds()
            );
            eprintln!(
                "imported {} events (seq {}–{}) from {} (sha256 {})",
                report.events,
                report.first_seq,
                report.last_seq,
                file.display(),
                report.file_sha256
            );
            Ok(())
        }
        Command::Export { out } => {
            let store = open(&cli.database_url).await?;
            let total = store.event_count().await.map_err(|e| e.to_string())?;
            let mut bar = ProgressLine::new("exporting", Some(total));
            let mut sink: Box<dyn Write> = match &out {
                Some(path) => Box::new(BufWriter::new(
                    File::create(path).map_err(|e| format!("{}: {e}", path.display()))?,
                )),
                None => Box::new(BufWriter::new(std::io::stdout().lock())),
            };
            store
                .export(&mut sink, &mut |n| bar.set(n))
                .await
                .map_err(|e| e.to_string())?;
            drop(sink);
            if out.is_some() {
                bar.finish();
            }
            Ok(())
        }
        Command::Verify => {
            let store = open(&cli.database_url).await?;
            let total = store.event_count().await.map_err(|e| e.to_string())?;
            let mut bar = ProgressLine::new("verifying", Some(total));
            let report = store
                .verify(&mut |n| bar.set(n))
                .await
                .map_err(|e| e.to_string())?;
            bar.finish();
            println!(
                "ok: {} events verified; head {}",
                report.events, report.head
            );
            Ok(())
        }
        Command::Rebuild => {
            let store = open(&cli.database_url).await?;
            let total = store.event_count().await.map_err(|e| e.to_string())?;
            let mut bar = ProgressLine::new("rebuilding", Some(total));
            let n = store
                .rebuild(&mut |n| bar.set(n))
                .await
                .map_err(|e| e.to_string())?;
            bar.finish();
            println!("ok: current state re-derived from {n} events");
            Ok(())
        }
        Command::Demo { homes, seed, out } => {
            let config = DemoConfig {
                homes,
                seed,
                ..DemoConfig::default()
            };
            match out {
                Some(path) => demo_to_file(&config, &path),
                None => {
                    let store = open_for_bulk_load(&cli.database_url).await?;
                    let result = demo_into(&store, &config, &op).await;
                    store.close().await;
                    result
                }
            }
        }
        Command::BenchRawInsert { file } => {
            // The same journal as `import`, so the two rates compare like with like.
            let store = open_for_bulk_load(&cli.database_url).await?;
            let f = File::open(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let started = std::time::Instant::now();
            let n = store
                .bench_raw_insert(BufReader::with_capacity(1 << 20, f))
                .await
                .map_err(|e| e.to_string())?;
            let secs = started.elapsed().as_secs_f64();
            store.close().await;
            println!(
                "raw-insert rows={n} seconds={secs:.3} rate={:.0}",
                n as f64 / secs
            );
            Ok(())
        }
        Command::Calendar { command } => calendar(&cli.database_url, command, &op).await,
        Command::Rules { at, format } => rules(&cli.database_url, at, &format).await,
        Command::Alerts {
            as_of,
            format,
            home,
            counts,
            limit,
            offset,
        } => {
            if counts {
                alert_counts(&cli.database_url, as_of, &format).await
            } else {
                let page = limit.map(|limit| (offset.unwrap_or(0), limit));
                alerts(&cli.database_url, as_of, &format, home, page).await
            }
        }
        Command::Commitments {
            as_of,
            fate,
            format,
        } => commitments(&cli.database_url, as_of, fate, &format).await,
        Command::PromisedVsDone {
            home,
            complaint,
            tenancy,
            as_of,
            format,
        } => {
            promised_vs_done(
                &cli.database_url,
                [home, complaint, tenancy],
                as_of,
                &format,
            )
            .await
        }
        Command::Remedies {
            case,
            household,
            property,
            as_of,
            format,
        } => {
            remedies(
                &cli.database_url,
                [case, household, property],
                as_of,
                &format,
            )
            .await
        }
        Command::Recurrence {
            record,
            as_of,
            format,
        } => recurrence(&cli.database_url, &record, as_of, &format).await,
        Command::BenchAlerts { as_of, homes, runs } => {
            bench_alerts(&cli.database_url, as_of, homes, runs).await
        }
        Command::Letter { command } => {
            letter(&cli.database_url, &cli.documents_dir, command, &op).await
        }
        Command::Document { command } => {
            let DocumentCommand::Add {
                file,
                title,
                media_type,
                evidences,
            } = command;
            let store = open(&cli.database_url).await?;
            add_document(
                &store,
                &cli.documents_dir,
                &file,
                &title,
                media_type,
                &evidences,
                &op,
            )
            .await
        }
        Command::Token { command } => {
            let store = open(&cli.database_url).await?;
            match command {
                TokenCommand::Create { name, role } => {
                    let role = Role::parse(&role).ok_or_else(|| {
                        let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
                        format!("--role: '{role}' is not a role; one of {}", all.join(", "))
                    })?;
                    let token = store
                        .create_token(&name, role, &op)
                        .await
                        .map_err(|e| e.to_string())?;
                    eprintln!(
                        "token '{}' (role {}) created; this is the only time its secret is shown:",
                        token.name,
                        role.as_str()
                    );
                    println!("{}", token.secret);
                    Ok(())
                }
                TokenCommand::Revoke { name } => {
                    store.revoke_token(&name).await.map_err(|e| e.to_string())?;
                    eprintln!("token '{name}' revoked");
                    Ok(())
                }
            }
        }
    }
}

/// Generates the demo landlord straight into the store, in chunks, as one atomic import.
async fn demo_into(store: &Store, config: &DemoConfig, op: &str) -> Result<(), String> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<Draft>>(8);
    let config_for_thread = config.clone();
    let producer = std::thread::spawn(move || {
        let mut chunk = Vec::with_capacity(5_000);
        generate(&config_for_thread, |d| {
            chunk.push(d);
            if chunk.len() == 5_000 {
                let _ = tx.blocking_send(std::mem::take(&mut chunk));
            }
        });
        if !chunk.is_empty() {
            let _ = tx.blocking_send(chunk);
        }
    });
    let mut bar = ProgressLine::new("generating demo", None);
    let report = store
        .import_drafts(rx, op, &mut |n| bar.set(n))
        .await
        .map_err(|e| format!("demo: {e}"))?;
    producer
        .join()
        .map_err(|_| "demo generator failed".to_string())?;
    bar.finish();
    eprintln!(
        "demo landlord: {} homes, {} events (seed {})",
        config.homes, report.events, config.seed
    );
    Ok(())
}

fn demo_to_file(config: &DemoConfig, path: &PathBuf) -> Result<(), String> {
    let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut bar = ProgressLine::new("generating demo", None);
    let (mut seq, mut prev) = (0u64, Hash::GENESIS);
    let mut error = None;
    generate(config, |draft| {
        if error.is_some() {
            return;
        }
        seq += 1;
        let event = draft.seal(seq, prev);
        prev = event.hash;
        let line = event.line();
        if let Err(e) = out
            .write_all(line.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
        {
            error = Some(e);
        }
        if seq % 10_000 == 0 {
            bar.set(seq);
        }
    });
    if let Some(e) = error {
        return Err(format!("{}: {e}", path.display()));
    }
    out.flush()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    bar.set(seq);
    bar.finish();
    Ok(())
}

fn check(file: &PathBuf, canonical: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let events = read_history(&text, (), (0, Hash::GENESIS))
        .map_err(|e| format!("{}: {e}", file.display()))?;
    if canonical {
        let mut out = BufWriter::new(std::io::stdout().lock());
        for e in &events {
            writeln!(out, "{}", e.line()).map_err(|e| e.to_string())?;
        }
    } else {
        eprintln!("{}: {} events, all valid", file.display(), events.len());
    }
    Ok(())
}

fn parse_date(what: &str, s: &str) -> Result<jiff::civil::Date, String> {
    s.parse()
        .map_err(|e| format!("{what}: '{s}' is not a date (YYYY-MM-DD): {e}"))
}

async fn calendar(url: &str, command: CalendarCommand, op: &str) -> Result<(), String> {
    let store = open(url).await?;
    let pick = |landlord: bool| {
        let store = store.clone();
        async move {
            if landlord {
                store.landlord_calendar().await
            } else {
                store.statutory_calendar().await
            }
            .map_err(|e| e.to_string())
        }
    };
    match command {
        CalendarCommand::Due {
            from,
            working_days,
            landlord,
        } => {
            let from = parse_date("--from", &from)?;
            let cal = pick(landlord).await?;
            let due = cal
                .working_day_deadline(from, working_days)
                .map_err(|e| e.to_string())?;
            println!("{}", due.date);
            if due.provisional {
                eprintln!(
                    "note: counts days in a year whose bank holidays are not yet published (provisional)"
                );
            }
            Ok(())
        }
        CalendarCommand::Between { a, b, landlord } => {
            let (a, b) = (parse_date("A", &a)?, parse_date("B", &b)?);
            let cal = pick(landlord).await?;
            println!(
                "{}",
                cal.working_days_between(a, b).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        CalendarCommand::Import { file } => {
            let json =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let report = store
                .import_calendar_feed(&json, op)
                .await
                .map_err(|e| format!("{}: {e} (nothing was changed)", file.display()))?;
            let years = |v: &[i16]| {
                v.iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            println!(
                "added years: [{}]; confirmed provisional years: [{}]; dates added {}, confirmed {}, replaced {}, kept though absent from the feed {}",
                years(&report.years_added),
                years(&report.years_confirmed),
                report.added.len(),
                report.confirmed.len(),
                report.replaced.len(),
                report.kept_not_in_feed.len()
            );
            Ok(())
        }
        CalendarCommand::Closure { date, reason } => {
            let day = parse_date("DATE", &date)?;
            store
                .add_closure_day(day, &reason, op)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!("{day} recorded as a closure day ({reason})");
            Ok(())
        }
    }
}

/// `homesafe rules`: the rule table in force on a date.
async fn rules(url: &str, at: Option<String>, format: &str) -> Result<(), String> {
    let format = parse_format(format)?;
    let on = match at {
        Some(s) => parse_date("--at", &s)?,
        None => jiff::Timestamp::now().to_zoned(london()).date(),
    };
    let store = open(url).await?;
    let config = store.rules_config().await.map_err(|e| e.to_string())?;
    let rows = rules_in_force(on, &config);
    let text = match format {
        Format::Json => json_object(&[
            ("at", serde_json::to_string(&on).map_err(|e| e.to_string())?),
            (
                "rules",
                serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?,
            ),
        ]),
        Format::Table => {
            let configurable = |r: &RuleEntry| match (&r.landlord, r.landlord_configurable) {
                (Some(l), _) => format!("yes ({l})"),
                (None, true) => "yes".to_string(),
                (None, false) => "no".to_string(),
            };
            let table: Vec<[String; 5]> = rows
                .iter()
                .map(|r| {
                    [
                        r.id.to_string(),
                        r.limit.map_or_else(|| "-".to_string(), |l| l.to_string()),
                        r.status.as_str().to_string(),
                        configurable(r),
                        r.source.to_string(),
                    ]
                })
                .collect();
            format!(
                "{} rules in force on {on}\n{}",
                rows.len(),
                fixed_width(["ID", "LIMIT", "STATUS", "CONFIGURABLE", "SOURCE"], &table)
            )
        }
    };
    print_out(&text)
}

/// `homesafe alerts`: what a dashboard showed at a moment.
/// Brings the alert tables up to date, with a progress line when that means work.
async fn refresh_alerts(store: &Store) -> Result<homesafe_store::Refreshed, String> {
    let mut bar = ProgressLine::new("bringing alerts up to date", None);
    let refreshed = store
        .refresh_alerts(&mut |n| bar.set(n))
        .await
        .map_err(|e| e.to_string())?;
    if refreshed != homesafe_store::Refreshed::UpToDate {
        bar.finish();
    }
    Ok(refreshed)
}

async fn alerts(
    url: &str,
    as_of: Option<String>,
    format: &str,
    home: Option<String>,
    page: Option<(u64, u64)>,
) -> Result<(), String> {
    let format = parse_format(format)?;
    let as_of = as_of_or_now(as_of)?;
    let store = open(url).await?;
    refresh_alerts(&store).await?;
    let (alerts, total) = match (home, page) {
        (Some(home), _) => {
            let id = RecordId::parse(home.as_str()).map_err(|e| format!("--home: {e}"))?;
            (store.household_alerts(&id, as_of).await, None)
        }
        (None, Some((offset, limit))) => match store.alerts_page(as_of, offset, limit).await {
            Ok(page) => (Ok(page.alerts), Some(page.total)),
            Err(e) => (Err(e), None),
        },
        (None, None) => (store.alerts_as_of(as_of).await, None),
    };
    let alerts = alerts.map_err(|e| e.to_string())?;
    let text = match format {
        Format::Json => {
            let mut members = vec![(
                "as_of",
                serde_json::to_string(&as_of).map_err(|e| e.to_string())?,
            )];
            if let Some(total) = total {
                members.push(("total", total.to_string()));
            }
            members.push((
                "alerts",
                serde_json::to_string_pretty(&alerts).map_err(|e| e.to_string())?,
            ));
            json_object(&members)
        }
        Format::Table => {
            let when = london_minute(as_of);
            let of_total = match (total, page) {
                (Some(total), Some((offset, _))) if !alerts.is_empty() => format!(
                    " (alerts {} to {} of {total})",
                    offset + 1,
                    offset + alerts.len() as u64
                ),
                (Some(total), _) => format!(" ({total} in all)"),
                _ => String::new(),
            };
            if alerts.is_empty() {
                format!("no alerts at {when} (Europe/London){of_total}\n")
            } else {
                let mut table: Vec<[String; 7]> = Vec::with_capacity(alerts.len());
                for a in &alerts {
                    let mut vulnerabilities = a
                        .vulnerabilities
                        .iter()
                        .map(|v| {
                            serde_json::to_string(v)
                                .map(|s| s.trim_matches('"').to_string())
                                .map_err(|e| e.to_string())
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    if a.suspected_vulnerability {
                        vulnerabilities.push("suspected".into());
                    }
                    let records: Vec<&str> = a.span.records.iter().map(|r| r.as_str()).collect();
                    table.push([
                        a.span.severity.as_str().to_string(),
                        a.span.code.as_str().to_string(),
                        london_minute(a.span.due),
                        a.span
                            .property
                            .as_ref()
                            .map_or("-", |p| p.as_str())
                            .to_string(),
                        cut(&records.join(","), 48),
                        if vulnerabilities.is_empty() {
                            "-".to_string()
                        } else {
                            vulnerabilities.join(",")
                        },
                        cut(&a.span.detail, 100),
                    ]);
                }
                format!(
                    "{} alerts at {when} (Europe/London), most urgent first{of_total}\n{}",
                    alerts.len(),
                    fixed_width(
                        [
                            "SEVERITY",
                            "CODE",
                            "DUE",
                            "PROPERTY",
                            "RECORDS",
                            "VULNERABILITIES",
                            "DETAIL",
                        ],
                        &table,
                    )
                )
            }
        }
    };
    print_out(&text)
}

/// A pretty-printed JSON object with its members in the order given (a `serde_json` map would
/// sort them). Each value is already JSON; JSON text never holds a raw newline inside a string,
/// so indenting line by line is safe.
fn json_object(members: &[(&str, String)]) -> String {
    let body: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("  \"{name}\": {}", value.replace('\n', "\n  ")))
        .collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

/// Writes to standard output. A reader that stops early (`| head`) is not an error.
fn print_out(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

/// An instant as London wall-clock time to the minute: `2022-04-29 00:00`.
fn london_minute(t: jiff::Timestamp) -> String {
    t.to_zoned(london()).strftime("%Y-%m-%d %H:%M").to_string()
}

/// At most `n` characters, ending in `…` when cut.
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let kept: String = s.chars().take(n.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// A fixed-width table: every column but the last padded to its widest cell.
fn fixed_width<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> String {
    let mut widths: [usize; N] = header.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let mut line = |cells: [&str; N]| {
        let start = text.len();
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < N {
                let pad = widths[i] - cell.chars().count() + 2;
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
        let end = text[start..].trim_end().len() + start;
        text.truncate(end);
        text.push('\n');
    };
    line(header);
    for row in rows {
        line(std::array::from_fn(|i| row[i].as_str()));
    }
    text
}

fn guess_media_type(file: &std::path::Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("heic") => "image/heic",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain",
        Some("html" | "htm") => "text/html",
        Some("eml") => "message/rfc822",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

async fn add_document(
    store: &Store,
    dir: &std::path::Path,
    file: &std::path::Path,
    title: &str,
    media_type: Option<String>,
    evidences: &[String],
    op: &str,
) -> Result<(), String> {
    use homesafe_core::documents::{DocumentAdded, id_for_sha256};
    use homesafe_core::events::EventData;
    use homesafe_core::history::{Actor, HistoryTime, RecordId};
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    if bytes.is_empty() {
        return Err(format!("{}: the file is empty", file.display()));
    }
    let evidences = evidences
        .iter()
        .map(|e| RecordId::parse(e.as_str()).map_err(|err| format!("--evidences: {err}")))
        .collect::<Result<Vec<_>, _>>()?;
    let stored = DocumentStore::new(dir)
        .put(&bytes)
        .map_err(|e| e.to_string())?;
    let id = id_for_sha256(&stored.sha256).ok_or("a SHA-256 made an invalid id")?;
    if store
        .record(&id)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        println!("{id} (already recorded)");
        return Ok(());
    }
    let draft = Draft {
        id: None,
        subject: id.clone(),
        at: HistoryTime::now(),
        recorded: None,
        actor: Actor::new(op, Role::Staff),
        reason: None,
        corrects: None,
        data: EventData::DocumentAdded(DocumentAdded {
            media_type: media_type.unwrap_or_else(|| guess_media_type(file).to_string()),
            title: title.to_string(),
            filename: file.file_name().map(|n| n.to_string_lossy().into_owned()),
            size: Some(stored.size),
            held: true,
            evidences,
        }),
    };
    store.append(vec![draft]).await.map_err(|e| {
        format!(
            "{}: {e} (the bytes are kept; nothing was recorded)",
            file.display()
        )
    })?;
    println!("{id}");
    Ok(())
}

async fn alert_counts(url: &str, as_of: Option<String>, format: &str) -> Result<(), String> {
    let format = parse_format(format)?;
    let as_of = as_of_or_now(as_of)?;
    let store = open(url).await?;
    refresh_alerts(&store).await?;
    let counts = store
        .alert_counts_as_of(as_of)
        .await
        .map_err(|e| e.to_string())?;
    match format {
        Format::Json => println!(
            "{}",
            json_object(&[
                (
                    "as_of",
                    serde_json::to_string(&as_of).map_err(|e| e.to_string())?
                ),
                (
                    "counts",
                    serde_json::to_string_pretty(&counts).map_err(|e| e.to_string())?
                ),
            ])
        ),
        Format::Table => {
            let total: u64 = counts.iter().map(|c| c.count).sum();
            println!("{total} alerts at {} (Europe/London)", london_minute(as_of));
            for c in &counts {
                println!(
                    "{:>8}  {:<8}  {:<8}  {}",
                    c.count,
                    c.severity.as_str(),
                    c.stage.as_str(),
                    c.code.as_str()
                );
            }
        }
    }
    Ok(())
}

/// The alerts benchmark (docs/benchmarks.md): brings the tables up to date (timed), then measures
/// all alerts as at one instant and one home's alerts, each beside the raw SQL scan of the same
/// rows, alternating the two so drift in the machine is shared.
async fn bench_alerts(
    url: &str,
    as_of: Option<String>,
    homes: usize,
    runs: usize,
) -> Result<(), String> {
    use std::time::Instant;
    let store = open(url).await?;
    let started = Instant::now();
    let refreshed = refresh_alerts(&store).await?;
    println!(
        "refresh {refreshed:?} seconds={:.3}",
        started.elapsed().as_secs_f64()
    );
    let as_of = match as_of {
        Some(s) => s,
        None => store
            .bench_last_recorded()
            .await
            .map_err(|e| e.to_string())?
            .ok_or("the history is empty")?,
    };
    let as_of = parse_as_of(&as_of).map_err(|e| format!("--as-of: {e}"))?;
    let spans = store.bench_span_count().await.map_err(|e| e.to_string())?;
    println!("as_of={as_of} spans={spans}");
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (mut raw, mut ours) = (Vec::new(), Vec::new());
    let mut shown = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let scan = store
            .bench_alerts_raw_scan(as_of)
            .await
            .map_err(|e| e.to_string())?;
        raw.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let alerts = store.alerts_as_of(as_of).await.map_err(|e| e.to_string())?;
        ours.push(t.elapsed().as_secs_f64());
        shown = alerts.len();
        let _ = scan;
    }
    let (raw_s, ours_s) = (median(raw), median(ours));
    println!(
        "all-alerts alerts={shown} raw_seconds={raw_s:.3} homesafe_seconds={ours_s:.3} ratio={:.2}",
        raw_s / ours_s
    );
    // Pages of 100 as a dashboard reads them: the first, and one in the middle of the list
    // (OFFSET reads past the rows it skips).
    for (name, offset) in [("first-page", 0), ("middle-page", shown as u64 / 2)] {
        let (mut raw, mut ours) = (Vec::new(), Vec::new());
        let mut got = 0;
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            store
                .bench_page_raw_scan(as_of, offset, 100)
                .await
                .map_err(|e| e.to_string())?;
            raw.push(t.elapsed().as_secs_f64());
            let t = Instant::now();
            got = store
                .alerts_page(as_of, offset, 100)
                .await
                .map_err(|e| e.to_string())?
                .alerts
                .len();
            ours.push(t.elapsed().as_secs_f64());
        }
        let (raw_s, ours_s) = (median(raw), median(ours));
        println!(
            "{name} offset={offset} alerts={got} raw_seconds={raw_s:.3} homesafe_seconds={ours_s:.3} ratio={:.2}",
            raw_s / ours_s
        );
    }
    let (mut raw, mut ours) = (Vec::new(), Vec::new());
    let mut tiles = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        store
            .bench_counts_raw_scan(as_of)
            .await
            .map_err(|e| e.to_string())?;
        raw.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        tiles = store
            .alert_counts_as_of(as_of)
            .await
            .map_err(|e| e.to_string())?
            .len();
        ours.push(t.elapsed().as_secs_f64());
    }
    let (raw_s, ours_s) = (median(raw), median(ours));
    println!(
        "counts tiles={tiles} raw_seconds={raw_s:.3} homesafe_seconds={ours_s:.3} ratio={:.2}",
        raw_s / ours_s
    );
    let sample = store
        .bench_sample_homes(homes)
        .await
        .map_err(|e| e.to_string())?;
    let (mut raw, mut ours) = (Vec::new(), Vec::new());
    let mut total = 0;
    for home in &sample {
        let id = RecordId::parse(home.as_str()).map_err(|e| e.to_string())?;
        let t = Instant::now();
        store
            .bench_household_raw_scan(home, as_of)
            .await
            .map_err(|e| e.to_string())?;
        raw.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        total += store
            .household_alerts(&id, as_of)
            .await
            .map_err(|e| e.to_string())?
            .len();
        ours.push(t.elapsed().as_secs_f64());
    }
    if sample.is_empty() {
        println!("one-home none: no home has alerts");
    } else {
        let p95 = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[(v.len() * 95 / 100).min(v.len() - 1)]
        };
        let (raw_m, ours_m) = (median(raw.clone()), median(ours.clone()));
        println!(
            "one-home homes={} alerts={total} raw_median_ms={:.3} homesafe_median_ms={:.3} homesafe_p95_ms={:.3} raw_p95_ms={:.3} ratio={:.2}",
            sample.len(),
            raw_m * 1e3,
            ours_m * 1e3,
            p95(ours) * 1e3,
            p95(raw) * 1e3,
            raw_m / ours_m
        );
    }
    Ok(())
}

// --- Commitments: fates and promised-vs-done. ---

/// A time as a person reads it, at the precision it was recorded: "7 April 2022",
/// "March 2022", "2022", or an instant as London wall-clock time.
fn in_words(t: &homesafe_core::history::HistoryTime) -> String {
    use homesafe_core::history::HistoryTime;
    match t {
        HistoryTime::Year(y) => y.to_string(),
        HistoryTime::Month(..) => t.first_date().strftime("%B %Y").to_string(),
        HistoryTime::Day(d) => d.strftime("%-d %B %Y").to_string(),
        HistoryTime::Instant(ts) => london_minute(*ts),
    }
}

/// A fate in words: `at risk` for `at_risk`.
fn fate_words(f: homesafe_core::commitments::Fate) -> String {
    f.as_str().replace('_', " ")
}

/// Where a works order stands, in words.
fn work_words(s: homesafe_core::commitments::WorkState) -> &'static str {
    use homesafe_core::commitments::WorkState as W;
    match s {
        W::Verified => "verified",
        W::Unverified => "unverified",
        W::Disputed => "disputed",
        W::FailedInspection => "failed inspection",
        W::Cancelled => "cancelled",
        W::VisitFailed => "visit failed",
        W::NotDone => "not done",
    }
}

/// `--as-of`, or now.
fn as_of_or_now(as_of: Option<String>) -> Result<jiff::Timestamp, String> {
    match as_of {
        Some(s) => parse_as_of(&s).map_err(|e| format!("--as-of: {e}")),
        None => Ok(jiff::Timestamp::now()),
    }
}

/// `homesafe commitments`: every commitment's fate at a moment, most urgent first.
async fn commitments(
    url: &str,
    as_of: Option<String>,
    fate: Option<String>,
    format: &str,
) -> Result<(), String> {
    use homesafe_core::commitments::Fate;
    use homesafe_store::FATES_BY_URGENCY;
    let format = parse_format(format)?;
    let as_of = as_of_or_now(as_of)?;
    let wanted: Option<Vec<Fate>> = match fate {
        Some(s) => Some(
            s.split(',')
                .map(|part| {
                    let part = part.trim();
                    FATES_BY_URGENCY
                        .iter()
                        .copied()
                        .find(|f| f.as_str() == part)
                        .ok_or_else(|| {
                            format!(
                                "--fate: '{part}' is not a fate; one of broken, at_risk, unverified, open, kept (or several, comma-separated)"
                            )
                        })
                })
                .collect::<Result<_, _>>()?,
        ),
        None => None,
    };
    let store = open(url).await?;
    let all = store
        .commitment_fates_as_of(as_of)
        .await
        .map_err(|e| e.to_string())?;
    let counts: Vec<(Fate, usize)> = FATES_BY_URGENCY
        .iter()
        .map(|f| (*f, all.iter().filter(|c| c.fate == *f).count()))
        .collect();
    let shown: Vec<_> = all
        .iter()
        .filter(|c| wanted.as_ref().is_none_or(|w| w.contains(&c.fate)))
        .collect();
    let text = match format {
        Format::Json => json_object(&[
            (
                "as_of",
                serde_json::to_string(&as_of).map_err(|e| e.to_string())?,
            ),
            (
                "counts",
                json_object(
                    &counts
                        .iter()
                        .map(|(f, n)| (f.as_str(), n.to_string()))
                        .collect::<Vec<_>>(),
                )
                .trim_end()
                .to_string(),
            ),
            (
                "commitments",
                serde_json::to_string_pretty(&shown).map_err(|e| e.to_string())?,
            ),
        ]),
        Format::Table => {
            let tally: Vec<String> = counts
                .iter()
                .map(|(f, n)| format!("{n} {}", fate_words(*f)))
                .collect();
            let head = format!(
                "{} commitments at {} (Europe/London): {}",
                all.len(),
                london_minute(as_of),
                tally.join(", ")
            );
            if shown.is_empty() {
                format!("{head}\nnone to show\n")
            } else {
                let table: Vec<[String; 7]> = shown
                    .iter()
                    .map(|c| {
                        let works: Vec<String> = c
                            .works
                            .iter()
                            .map(|w| format!("{} {}", w.works_order, work_words(w.state)))
                            .collect();
                        [
                            fate_words(c.fate),
                            in_words(&c.due),
                            c.commitment.to_string(),
                            c.source.to_string(),
                            c.owner.clone().unwrap_or_else(|| "-".into()),
                            if works.is_empty() {
                                "no works order".into()
                            } else {
                                cut(&works.join(", "), 70)
                            },
                            cut(&c.description, 80),
                        ]
                    })
                    .collect();
                format!(
                    "{head}; most urgent first\n{}",
                    fixed_width(
                        [
                            "FATE",
                            "DUE",
                            "COMMITMENT",
                            "SOURCE",
                            "OWNER",
                            "WORKS",
                            "PROMISED"
                        ],
                        &table
                    )
                )
            }
        }
    };
    print_out(&text)
}

/// `homesafe promised-vs-done`: the table for a home, a household or a complaint. `scope` is
/// `[home, complaint, tenancy]`, exactly one given (clap's group says so).
async fn promised_vs_done(
    url: &str,
    scope: [Option<String>; 3],
    as_of: Option<String>,
    format: &str,
) -> Result<(), String> {
    use homesafe_core::commitments::promised_vs_done::Scope;
    let format = parse_format(format)?;
    let as_of = as_of_or_now(as_of)?;
    let [home, complaint, tenancy] = scope;
    let (flag, scope) = match (home, complaint, tenancy) {
        (Some(id), None, None) => ("--home", id),
        (None, Some(id), None) => ("--complaint", id),
        (None, None, Some(id)) => ("--tenancy", id),
        _ => return Err("give exactly one of --home, --complaint or --tenancy".into()),
    };
    let id = RecordId::parse(scope.as_str()).map_err(|e| format!("{flag}: {e}"))?;
    let scope = match flag {
        "--home" => Scope::Property(id),
        "--complaint" => Scope::Complaint(id),
        _ => Scope::Household(id),
    };
    let store = open(url).await?;
    let table = match store.promised_vs_done(scope, as_of).await {
        Err(homesafe_store::StoreError::NotFound(why)) => return Err(format!("{flag}: {why}")),
        other => other.map_err(|e| e.to_string())?,
    };
    let text = match format {
        Format::Json => json_object(&[
            (
                "as_of",
                serde_json::to_string(&as_of).map_err(|e| e.to_string())?,
            ),
            (
                "scope",
                serde_json::to_string(&table.scope).map_err(|e| e.to_string())?,
            ),
            (
                "rows",
                serde_json::to_string_pretty(&table.rows).map_err(|e| e.to_string())?,
            ),
        ]),
        Format::Table => {
            let (kind, id) = match &table.scope {
                Scope::Property(id) => ("home", id),
                Scope::Household(id) => ("household (tenancy)", id),
                Scope::Complaint(id) => ("complaint", id),
            };
            let head = format!(
                "Promised vs done for {kind} {id}, as the record stood at {} (Europe/London): {} rows",
                london_minute(as_of),
                table.rows.len()
            );
            let rows: Vec<[String; 6]> = table
                .rows
                .iter()
                .map(|r| {
                    let said: Vec<String> = r.said.iter().map(|s| in_words(&s.due)).collect();
                    [
                        in_words(&r.raised),
                        cut(&r.what, 60),
                        if said.is_empty() {
                            "never said".into()
                        } else {
                            said.join("; ")
                        },
                        match &r.done {
                            Some(d) if d.verified => format!("{}, verified", in_words(&d.on)),
                            Some(d) => format!("{}, not verified", in_words(&d.on)),
                            None => "not done".into(),
                        },
                        r.state.map_or("no works order", work_words).to_string(),
                        r.root.to_string(),
                    ]
                })
                .collect();
            format!(
                "{head}\n{}",
                fixed_width(["RAISED", "WHAT", "SAID", "DONE", "WORK", "RECORD"], &rows)
            )
        }
    };
    print_out(&text)
}

// --- Remedies: the ledger. ---

/// Where an amount falls in a set of bands, in a few words: `£100–£600`, `below £50–£100`.
fn band_words(fit: &homesafe_core::rules::remedy_bands::BandFit) -> String {
    use homesafe_core::rules::remedy_bands::BandFit;
    match fit {
        BandFit::Within { bands } => bands
            .iter()
            .map(|b| b.range())
            .collect::<Vec<_>>()
            .join(" / "),
        BandFit::Below { lowest } => format!("below {}", lowest.range()),
        BandFit::Above { highest } => format!("above {}", highest.range()),
        BandFit::InAGap => "between bands".into(),
        BandFit::NotBanded { .. } => "not banded".into(),
        BandFit::NoneInForce => "none held".into(),
    }
}

/// `homesafe remedies`: the ledger for a case, a household or a home. `scope` is
/// `[case, household, property]`, exactly one given (clap's group says so).
async fn remedies(
    url: &str,
    scope: [Option<String>; 3],
    as_of: Option<String>,
    format: &str,
) -> Result<(), String> {
    use homesafe_core::remedies::ledger::{DueFrom, Scope};
    use homesafe_core::remedies::pounds;
    let format = parse_format(format)?;
    let as_of = as_of_or_now(as_of)?;
    let [case, household, property] = scope;
    let (flag, id) = match (case, household, property) {
        (Some(id), None, None) => ("--case", id),
        (None, Some(id), None) => ("--household", id),
        (None, None, Some(id)) => ("--property", id),
        _ => return Err("give exactly one of --case, --household or --property".into()),
    };
    let id = RecordId::parse(id.as_str()).map_err(|e| format!("{flag}: {e}"))?;
    let scope = match flag {
        "--case" => Scope::Case(id),
        "--household" => Scope::Household(id),
        _ => Scope::Property(id),
    };
    let store = open(url).await?;
    let ledger = match store.remedies_ledger(scope, as_of).await {
        Err(homesafe_store::StoreError::NotFound(why)) => return Err(format!("{flag}: {why}")),
        other => other.map_err(|e| e.to_string())?,
    };
    let json = |v: serde_json::Result<String>| v.map_err(|e| e.to_string());
    let text = match format {
        Format::Json => json_object(&[
            (
                "as_of",
                serde_json::to_string(&as_of).map_err(|e| e.to_string())?,
            ),
            ("scope", json(serde_json::to_string(&ledger.scope))?),
            (
                "remedies",
                json(serde_json::to_string_pretty(&ledger.remedies))?,
            ),
            (
                "by_head",
                json(serde_json::to_string_pretty(&ledger.by_head))?,
            ),
            (
                "totals",
                json(serde_json::to_string_pretty(&ledger.totals))?,
            ),
        ]),
        Format::Table => {
            let (kind, id) = match &ledger.scope {
                Scope::Case(id) => ("case", id),
                Scope::Household(id) => ("household (tenancy)", id),
                Scope::Property(id) => ("home", id),
            };
            let t = &ledger.totals;
            let head = format!(
                "Remedies for {kind} {id}, as the record stood at {} (Europe/London): {} remedies; {} standing, {} paid ({} to the rent account), {} credited, {} outstanding, {} overdue",
                london_minute(as_of),
                ledger.remedies.len(),
                pounds(t.standing),
                pounds(t.paid),
                pounds(t.to_rent_account),
                pounds(t.credited),
                pounds(t.outstanding),
                pounds(t.overdue),
            );
            let rows: Vec<[String; 10]> = ledger
                .remedies
                .iter()
                .map(|r| {
                    let due = match (r.due_date, r.due_from) {
                        (None, _) => "unknown".to_string(),
                        (Some(d), DueFrom::Remedy) => d.strftime("%-d %B %Y").to_string(),
                        (Some(d), DueFrom::Order) => format!("{} (order)", d.strftime("%-d %B %Y")),
                        (Some(d), DueFrom::Policy) => {
                            format!("{} (policy)", d.strftime("%-d %B %Y"))
                        }
                    };
                    [
                        r.status.as_str().replace('_', " "),
                        r.head.describe().to_string(),
                        pounds(r.amount),
                        pounds(r.paid),
                        pounds(r.outstanding),
                        due,
                        in_words(&r.offered_on),
                        band_words(&r.bands.ombudsman),
                        band_words(&r.bands.landlord_policy),
                        r.remedy.to_string(),
                    ]
                })
                .collect();
            let heads: Vec<[String; 5]> = ledger
                .by_head
                .iter()
                .map(|h| {
                    [
                        h.head.describe().to_string(),
                        pounds(h.totals.standing),
                        pounds(h.totals.paid),
                        pounds(h.totals.outstanding),
                        pounds(h.totals.withdrawn),
                    ]
                })
                .collect();
            format!(
                "{head}\n{}\nBy head\n{}",
                fixed_width(
                    [
                        "STATUS",
                        "HEAD",
                        "AMOUNT",
                        "PAID",
                        "OUTSTANDING",
                        "DUE",
                        "OFFERED",
                        "OMBUDSMAN BAND",
                        "POLICY BAND",
                        "REMEDY",
                    ],
                    &rows
                ),
                fixed_width(
                    ["HEAD", "STANDING", "PAID", "OUTSTANDING", "WITHDRAWN"],
                    &heads
                )
            )
        }
    };
    print_out(&text)
}

// --- Recurrence: what came before. ---

/// `homesafe recurrence ID`: the earlier items linked to a report or works order.
async fn recurrence(
    url: &str,
    record: &str,
    as_of: Option<String>,
    format: &str,
) -> Result<(), String> {
    use homesafe_core::recurrence::Link;
    let format = parse_format(format)?;
    let as_of = as_of_or_now(as_of)?;
    let id = RecordId::parse(record).map_err(|e| format!("record: {e}"))?;
    let store = open(url).await?;
    let earlier = match store.earlier(&id, as_of).await {
        Err(homesafe_store::StoreError::NotFound(why)) => return Err(format!("record: {why}")),
        other => other.map_err(|e| e.to_string())?,
    };
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&earlier).map_err(|e| e.to_string())?,
        Format::Table => {
            let why = |l: &Link| match l {
                Link::FollowOnChain => "same follow-on chain".to_string(),
                Link::SameHazard { hazard } => format!("same hazard case {hazard}"),
                Link::SameComponent { component } => format!("same component {component}"),
                Link::SameElement { element } => format!("same element {element}"),
                Link::SameHazardType { hazard_type } => format!(
                    "same hazard type {}",
                    serde_json::to_value(hazard_type)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
                Link::SameBlock { block } => format!("survey of block {block}"),
                Link::SameHome => "same home".to_string(),
            };
            let rows: Vec<[String; 5]> = earlier
                .items
                .iter()
                .map(|i| {
                    [
                        in_words(&i.at),
                        i.kind.as_str().replace('_', " "),
                        i.status.to_string(),
                        i.links.iter().map(why).collect::<Vec<_>>().join("; "),
                        format!("{} — {}", i.record, first_words(&i.what, 70)),
                    ]
                })
                .collect();
            format!(
                "Before {} at {}, since {} ({} months), as the record stood at {} (Europe/London): {} earlier item{}\n{}",
                earlier.record,
                earlier.property,
                earlier.since.strftime("%-d %B %Y"),
                earlier.window_months,
                london_minute(as_of),
                earlier.items.len(),
                if earlier.items.len() == 1 { "" } else { "s" },
                fixed_width(["WHEN", "KIND", "STATUS", "WHY", "WHAT"], &rows)
            )
        }
    };
    print_out(&text)
}

/// The first `n` characters of a text, on one line, with an ellipsis if cut.
fn first_words(text: &str, n: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

#[derive(Subcommand)]
enum LetterCommand {
    /// A response letter drafted from the record, as JSON to complete (the decision and reasons
    /// are the officer's); what it still lacks is listed on standard error.
    Draft {
        #[arg(long)]
        complaint: String,
        /// 1 or 2.
        #[arg(long)]
        stage: u8,
        /// The letter's date (the record as it stood at the end of that day). Default: today.
        #[arg(long)]
        date: Option<String>,
        /// Write the JSON here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Issue a completed letter (JSON): refused, naming every missing element, unless complete;
    /// then its HTML and PDF are kept by SHA-256 and recorded as evidence for the complaint.
    Issue { file: PathBuf },
}

async fn letter(
    url: &str,
    documents_dir: &std::path::Path,
    command: LetterCommand,
    op: &str,
) -> Result<(), String> {
    use homesafe_core::complaints::Stage;
    use homesafe_core::complaints::letters::ResponseLetter;
    use homesafe_core::history::Actor;
    use homesafe_store::IssueError;
    match command {
        LetterCommand::Draft {
            complaint,
            stage,
            date,
            out,
        } => {
            let stage = Stage::try_from(stage).map_err(|e| format!("--stage: {e}"))?;
            let complaint =
                RecordId::parse(complaint.as_str()).map_err(|e| format!("--complaint: {e}"))?;
            let on = match date {
                Some(d) => parse_date("--date", &d)?,
                None => jiff::Timestamp::now().to_zoned(london()).date(),
            };
            let store = open(url).await?;
            let letter = store
                .letter_draft(&complaint, stage, on)
                .await
                .map_err(|e| e.to_string())?;
            let json = serde_json::to_string_pretty(&letter).map_err(|e| e.to_string())?;
            match &out {
                Some(path) => std::fs::write(path, format!("{json}\n"))
                    .map_err(|e| format!("{}: {e}", path.display()))?,
                None => println!("{json}"),
            }
            if let Err(incomplete) = letter.check() {
                eprintln!("still to complete before it can be issued:");
                for p in &incomplete.problems {
                    eprintln!("  {p}");
                }
            }
            Ok(())
        }
        LetterCommand::Issue { file } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let letter: ResponseLetter = serde_json::from_str(&text)
                .map_err(|e| format!("{}: not a response letter: {e}", file.display()))?;
            if let Err(incomplete) = letter.check() {
                for p in &incomplete.problems {
                    eprintln!("missing: {p} ({})", p.element.provision());
                }
                return Err(format!(
                    "{}: the letter cannot be issued: {} element(s) missing or invalid; nothing was written",
                    file.display(),
                    incomplete.problems.len()
                ));
            }
            let store = open(url).await?;
            let issued = store
                .issue_letter(
                    &DocumentStore::new(documents_dir),
                    letter,
                    Actor::new(op, Role::Staff),
                )
                .await
                .map_err(|e| match e {
                    IssueError::Incomplete(i) => i.to_string(),
                    IssueError::Store(e) => e.to_string(),
                })?;
            for d in &issued.documents {
                println!(
                    "{}  {}  {}{}",
                    d.sha256,
                    d.media_type,
                    d.filename,
                    if d.new { "" } else { " (already recorded)" }
                );
            }
            Ok(())
        }
    }
}
