//! `skillbridge`: the one binary. Each subcommand loads the configuration and hands over to
//! the server crate; failures end with one line on stderr and a non-zero exit.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use skillbridge_server::{Config, Overrides};

#[derive(Parser)]
#[command(
    name = "skillbridge",
    version,
    about = "Skills-to-jobs platform for migrant labour integration"
)]
struct Cli {
    /// Configuration file (default: ./skillbridge.toml when it exists).
    #[arg(long, global = true, env = "SKILLBRIDGE_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the GraphQL server (migrates the database first).
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080].
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Bring the database schema up to date and exit.
    Migrate {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Import the ESCO CSV download in DIR (every language present), all or nothing.
    ImportEsco {
        /// Directory holding skills_<lang>.csv, occupations_<lang>.csv, ISCOGroups_<lang>.csv, ...
        dir: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Import a shortage occupation list (CSV: region, isco_code or occupation_uri, severity,
    /// source, valid_from, valid_to).
    ImportShortages {
        file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Fill an empty database with realistic, deterministic demo data drawn from the
    /// taxonomy: migrants' profiles, employers' vacancies and trainers' courses.
    SeedDemo {
        #[arg(long, default_value_t = 2_000, value_name = "N")]
        profiles: usize,
        #[arg(long, default_value_t = 1_000, value_name = "N")]
        vacancies: usize,
        #[arg(long, default_value_t = 200, value_name = "N")]
        courses: usize,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 1, value_name = "S")]
        seed: u64,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Rebuild the search index from the database (stop the server first: the embedded
    /// index has one writer).
    Reindex {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Make an existing account an administrator.
    GrantAdmin {
        email: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Write the GraphQL schema (SDL) to a file, or to stdout with `--output -`.
    ExportSchema {
        #[arg(
            long,
            short,
            default_value = "graphql/schema.graphql",
            value_name = "PATH"
        )]
        output: PathBuf,
    },
}

#[derive(Args)]
struct StorageArgs {
    /// Data directory for the embedded database and indexes [default: ./data].
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// postgres://… or sqlite:… (default: the SQLite file in the data directory).
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
}

impl StorageArgs {
    fn overrides(self, listen: Option<std::net::SocketAddr>) -> Overrides {
        Overrides {
            listen,
            data_dir: self.data_dir,
            database_url: self.database_url,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", one_line(&err));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::ExportSchema { output } => export_schema(&output),
        Command::Serve { listen, storage } => {
            let config = load(cli.config, storage.overrides(listen))?;
            runtime()?.block_on(skillbridge_server::serve(config))
        }
        Command::Migrate { storage } => {
            let config = load(cli.config, storage.overrides(None))?;
            runtime()?.block_on(skillbridge_server::migrate(config))
        }
        Command::ImportEsco { dir, storage } => {
            let config = load(cli.config, storage.overrides(None))?;
            let report = runtime()?.block_on(skillbridge_server::import_esco(config, &dir))?;
            for file in &report.files {
                let skipped = match file.skipped {
                    0 => String::new(),
                    n => format!(" ({n} naming concepts not in the taxonomy were left out)"),
                };
                println!("{}: {} records{skipped}", file.name, file.records);
            }
            for name in &report.ignored {
                println!("{name}: not an ESCO file this importer reads; ignored");
            }
            let c = report.counts;
            println!(
                "taxonomy: {} skills, {} skill groups, {} occupations, {} ISCO groups, {} broader links, {} occupation-skill links",
                c.skills,
                c.skill_groups,
                c.occupations,
                c.isco_groups,
                c.broader_links,
                c.occupation_skill_links
            );
            Ok(())
        }
        Command::Reindex { storage } => {
            let config = load(cli.config, storage.overrides(None))?;
            let counts = runtime()?.block_on(skillbridge_server::reindex(config))?;
            let counts: Vec<String> = counts
                .iter()
                .map(|(kind, n)| format!("{n} {}", kind.code().to_lowercase()))
                .collect();
            println!("search index rebuilt: {}", counts.join(", "));
            Ok(())
        }
        Command::GrantAdmin { email, storage } => {
            let config = load(cli.config, storage.overrides(None))?;
            let user = runtime()?.block_on(skillbridge_server::grant_admin(config, &email))?;
            println!("{} is now an administrator", user.email);
            Ok(())
        }
        Command::SeedDemo {
            profiles,
            vacancies,
            courses,
            seed,
            storage,
        } => {
            let config = load(cli.config, storage.overrides(None))?;
            let options = skillbridge_taxonomy::demo::SeedOptions {
                profiles,
                vacancies,
                courses,
                seed,
            };
            let started = std::time::Instant::now();
            let r = runtime()?.block_on(skillbridge_server::seed_demo(config, options))?;
            println!(
                "{} profiles, {} vacancies ({} employers), {} courses ({} providers) from {} occupations ({} in shortage) in {:.1} s",
                r.profiles,
                r.vacancies,
                r.employers,
                r.courses,
                r.providers,
                r.occupations,
                r.shortage_occupations,
                started.elapsed().as_secs_f64()
            );
            if r.shortage_occupations == 0 {
                println!(
                    "no shortage list is in force today, so no vacancy is in a shortage occupation: import one with `skillbridge import-shortages FILE` and seed again"
                );
            }
            Ok(())
        }
        Command::ImportShortages { file, storage } => {
            let config = load(cli.config, storage.overrides(None))?;
            let count = runtime()?.block_on(skillbridge_server::import_shortages(config, &file))?;
            println!("{}: {count} shortage entries imported", file.display());
            Ok(())
        }
    }
}

fn load(file: Option<PathBuf>, overrides: Overrides) -> anyhow::Result<Config> {
    let config = Config::load(file.as_deref(), &overrides)?;
    skillbridge_server::init_logging(&config)?;
    Ok(config)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn export_schema(output: &std::path::Path) -> anyhow::Result<()> {
    let sdl = skillbridge_graphql::sdl();
    if output == std::path::Path::new("-") {
        print!("{sdl}");
        return Ok(());
    }
    std::fs::write(output, sdl)
        .map_err(|err| anyhow::anyhow!("cannot write {}: {err}", output.display()))
}

/// The error and its causes on one line, skipping a cause that only repeats the text before
/// it (database drivers often wrap an error in one that prints the same message).
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.ends_with(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}
