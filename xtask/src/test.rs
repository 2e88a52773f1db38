//! `cargo xtask test`: native tests, wasm browser tests, end-to-end tests in the simulator.
//! Streams each part's output, then ends with one line: `N passed, N failed`.

use crate::counts::{Counts, Format};
use crate::setup::{self, CHROMEDRIVER, WASM_TARGET};
use crate::util::{self, cargo, cmd, root};
use crate::{dist, sim};
use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Native,
    Wasm,
    E2e,
}

impl Part {
    const ALL: [Part; 3] = [Part::Native, Part::Wasm, Part::E2e];

    fn name(self) -> &'static str {
        match self {
            Part::Native => "native",
            Part::Wasm => "wasm",
            Part::E2e => "e2e",
        }
    }
}

#[derive(Debug, Default)]
pub struct Options {
    pub only: Vec<Part>,
    /// Extra arguments for `node --test` (after `--`), e.g. `--test-name-pattern=plan`.
    pub node_args: Vec<String>,
}

impl Options {
    pub fn parse(args: Vec<String>) -> Result<Options, String> {
        let mut opts = Options::default();
        let mut it = args.into_iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--only" => {
                    let v = it.next().ok_or("--only needs native, wasm or e2e")?;
                    for name in v.split(',') {
                        let part = Part::ALL
                            .into_iter()
                            .find(|p| p.name() == name)
                            .ok_or(format!("--only: unknown part `{name}` (native, wasm, e2e)"))?;
                        opts.only.push(part);
                    }
                }
                "--" => opts.node_args.extend(it.by_ref()),
                other => return Err(format!("test: unknown option `{other}`")),
            }
        }
        Ok(opts)
    }

    fn parts(&self) -> Vec<Part> {
        Part::ALL
            .into_iter()
            .filter(|p| self.only.is_empty() || self.only.contains(p))
            .collect()
    }
}

struct Outcome {
    part: Part,
    counts: Counts,
    /// Why the part did not complete cleanly, beyond its failed tests.
    problem: Option<String>,
    secs: f64,
}

pub fn run(opts: &Options) -> Result<()> {
    let parts = opts.parts();
    let mut outcomes = Vec::new();
    if let Err(err) = setup::run() {
        eprintln!("xtask: setup failed: {err:#}");
        for part in parts {
            outcomes.push(Outcome {
                part,
                counts: Counts::default(),
                problem: Some("setup failed".into()),
                secs: 0.0,
            });
        }
    } else {
        for part in parts {
            banner(&format!("{} tests", part.name()));
            let start = Instant::now();
            let result = match part {
                Part::Native => native(),
                Part::Wasm => wasm(),
                Part::E2e => e2e(&opts.node_args),
            };
            let (counts, problem) = match result {
                // A part that ran nothing proves nothing: it must not read as a pass.
                Ok((counts, problem)) => {
                    let problem = problem.or_else(|| counts.problem().map(str::to_string));
                    (counts, problem)
                }
                Err(err) => {
                    eprintln!("xtask: the {} tests could not run: {err:#}", part.name());
                    (Counts::default(), Some("could not run, see above".into()))
                }
            };
            outcomes.push(Outcome {
                part,
                counts,
                problem,
                secs: start.elapsed().as_secs_f64(),
            });
        }
    }

    banner("summary");
    let mut total = Counts::default();
    for o in &outcomes {
        let mut counts = o.counts;
        let note = match &o.problem {
            // A part that broke without a failed test still counts as one failure.
            Some(p) if counts.failed == 0 => {
                counts.failed = 1;
                format!("  ({p}; counted as 1 failure)")
            }
            Some(p) => format!("  ({p})"),
            None => String::new(),
        };
        println!(
            "{:<7} {:>4} passed, {:>3} failed  {:>6.1}s{note}",
            o.part.name(),
            counts.passed,
            counts.failed,
            o.secs
        );
        total.add(counts);
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    std::io::stdout().flush()?;
    if total.failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

fn banner(title: &str) {
    println!(
        "\n=== {title} {}",
        "=".repeat(60usize.saturating_sub(title.len()))
    );
}

/// Runs `c`, streaming its stdout (and counting summary lines) and inheriting its stderr.
/// Returns the counts and a problem if it exited unsuccessfully.
fn stream(c: &mut Command, format: Format) -> Result<(Counts, Option<String>)> {
    util::announce(c);
    let mut child = c
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .with_context(|| format!("could not start `{}`", util::display(c)))?;
    let mut counts = Counts::default();
    let stdout = child.stdout.take().expect("piped");
    let mut out = std::io::stdout();
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        counts.feed(format, &line);
        writeln!(out, "{line}")?;
        out.flush()?;
    }
    let status = child.wait()?;
    let problem = (!status.success()).then(|| format!("{} ended with {status}", program_name(c)));
    Ok((counts, problem))
}

fn program_name(c: &Command) -> String {
    let program = c.get_program().to_string_lossy();
    let name = program.rsplit('/').next().unwrap_or(&program).to_string();
    match c.get_args().next() {
        Some(first) => format!("`{name} {}`", first.to_string_lossy()),
        None => format!("`{name}`"),
    }
}

fn native() -> Result<(Counts, Option<String>)> {
    stream(
        cargo()
            .args([
                "test",
                "--workspace",
                "--exclude",
                "deskset",
                "--exclude",
                "deskset-tile",
                "--exclude",
                "deskset-web",
                // The bench's bare Yew app has no tests; clippy still compiles it.
                "--exclude",
                "deskset-bench-bare",
            ])
            // Setup has installed Chromium, node and the SDK bundle: the simulator's browser test
            // must run here, never pass by skipping.
            .env("DESKSET_SIM_BROWSER", "1"),
        Format::Libtest,
    )
}

fn wasm() -> Result<(Counts, Option<String>)> {
    let webdriver = root().join("webdriver.json");
    if !webdriver.is_file() {
        bail!("webdriver.json is missing at the repository root");
    }
    stream(
        cargo()
            // --tests: unit and integration tests; doctests of a browser crate do not run in a browser.
            .args([
                "test",
                "-p",
                "deskset-web",
                "-p",
                "deskset",
                "-p",
                "deskset-tile",
                "--target",
                WASM_TARGET,
                "--tests",
            ])
            // The runner setup installed (and checked the version of), not whatever PATH finds.
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                crate::setup::cargo_bin("wasm-bindgen-test-runner"),
            )
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver)
            // The runner's default is 20 s for a whole test binary; a 2-core CI machine needs more.
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180")
            .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "30"),
        Format::Libtest,
    )
}

fn e2e(node_args: &[String]) -> Result<(Counts, Option<String>)> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/e2e"))
        .context("tests/e2e/ is missing")?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no tests/e2e/*.test.mjs files");
    }
    dist::dist().context("dist failed, so the end-to-end tests cannot run")?;
    let exe = sim::build()?;
    let sim = sim::Sim::start(&exe, 0, "demo", Some(1800))?;
    eprintln!("simulator at {}", sim.url);
    let mut c = cmd("node");
    c.args(["--test", "--test-concurrency=1", "--test-reporter=tap"])
        .args(node_args)
        .args(files.iter().map(|f| f.strip_prefix(root()).unwrap_or(f)))
        .env("SIM_URL", &sim.url);
    let result = stream(&mut c, Format::Tap);
    drop(sim);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_options() {
        let o = Options::parse(args(
            "--only wasm --only native,e2e -- --test-name-pattern=plan",
        ))
        .unwrap();
        assert_eq!(o.only, [Part::Wasm, Part::Native, Part::E2e]);
        assert_eq!(o.node_args, ["--test-name-pattern=plan"]);
        assert_eq!(Options::parse(vec![]).unwrap().parts(), Part::ALL);
        assert_eq!(
            Options::parse(args("--only e2e")).unwrap().parts(),
            [Part::E2e]
        );
        assert!(Options::parse(args("--only docs")).is_err());
        assert!(Options::parse(args("--fast")).is_err());
    }
}
