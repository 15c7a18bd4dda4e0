//! `kaigiroku`: the command line. Parses arguments, calls the libraries,
//! turns errors into exit codes.

mod analyze;
mod cli;
mod discussnet;
mod harvest;
mod ingest;
mod robots;
mod search;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("kaigiroku: {err:#}");
            ExitCode::from(2)
        }
    }
}
