use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = pg_roundtrip::cli::Cli::parse();
    if let Err(e) = pg_roundtrip::cli::prepare_process() {
        eprintln!("error: {e}");
        return ExitCode::from(pg_roundtrip::cli::exit::BAD_INPUT);
    }
    match tokio::runtime::Runtime::new() {
        Ok(rt) => ExitCode::from(rt.block_on(pg_roundtrip::cli::run(cli))),
        Err(e) => {
            eprintln!("error: failed to start the async runtime: {e}");
            ExitCode::from(pg_roundtrip::cli::exit::INFRASTRUCTURE)
        }
    }
}
