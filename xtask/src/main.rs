//! deskset's build tool. Run as `cargo xtask <command>` (the alias is in `.cargo/config.toml`).
//!
//! Every command except `setup` first runs `setup`, which installs whatever is missing and is
//! silent when everything is already there.

mod bench;
mod counts;
mod dist;
mod setup;
mod sim;
mod test;
mod util;

use anyhow::{bail, Result};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup              install what is missing: wasm32 target, chromium + chromedriver, wasm-bindgen-cli,
                     npm packages (npm ci), the local ZAF SDK bundle (target/zaf/zaf_sdk.js)
  dist               build the Zendesk app folder into dist/
  package            dist, then zip it as target/deskset-<version>.zip (upload as a private app)
  dev                dist, then run the simulator at http://127.0.0.1:4567/ until Ctrl-C
                     (options: --port N, --scenario NAME)
  test               native tests, wasm browser tests, end-to-end tests; ends with `N passed, N failed`
                     (options: --only native|wasm|e2e (repeatable), -- <args for node --test, e2e only>)
  bench              bundle sizes and browser timings; prints a table, writes target/bench.json
                     (options: --runs N, default 10)
";

fn main() {
    if let Err(err) = real_main() {
        eprintln!("xtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn real_main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || matches!(args[0].as_str(), "-h" | "--help" | "help") {
        print!("{USAGE}");
        return Ok(());
    }
    let cmd = args.remove(0);
    match cmd.as_str() {
        "setup" => {
            no_args(&cmd, &args)?;
            setup::run()
        }
        "dist" => {
            no_args(&cmd, &args)?;
            setup::run()?;
            dist::dist().map(|_| ())
        }
        "package" => {
            no_args(&cmd, &args)?;
            setup::run()?;
            dist::package()
        }
        "dev" => {
            let mut port = 4567u16;
            let mut scenario = "demo".to_string();
            let mut it = args.into_iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--port" => port = value(&mut it, "--port")?.parse()?,
                    "--scenario" => scenario = value(&mut it, "--scenario")?,
                    other => bail!("dev: unknown option `{other}`\n\n{USAGE}"),
                }
            }
            setup::run()?;
            sim::dev(port, &scenario)
        }
        "test" => {
            let opts = test::Options::parse(args).map_err(|e| anyhow::anyhow!("{e}\n\n{USAGE}"))?;
            test::run(&opts)
        }
        "bench" => {
            let mut runs = 10u32;
            let mut it = args.into_iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--runs" => runs = value(&mut it, "--runs")?.parse()?,
                    other => bail!("bench: unknown option `{other}`\n\n{USAGE}"),
                }
            }
            setup::run()?;
            bench::run(runs)
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

fn no_args(cmd: &str, args: &[String]) -> Result<()> {
    if let Some(a) = args.first() {
        bail!("{cmd}: unexpected argument `{a}`\n\n{USAGE}");
    }
    Ok(())
}

fn value(it: &mut impl Iterator<Item = String>, name: &str) -> Result<String> {
    it.next()
        .ok_or_else(|| anyhow::anyhow!("{name} needs a value"))
}
