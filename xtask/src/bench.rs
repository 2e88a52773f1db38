//! `cargo xtask bench`: bundle sizes (computed here) and browser timings (measured by
//! `tests/bench/run.mjs` against the simulator). Prints a table and writes target/bench.json.
//!
//! To add a browser measurement, add it to `tests/bench/run.mjs`'s MEASUREMENTS: every key it
//! writes with `{median, runs}` is printed and stored here without changes to xtask.

use crate::util::{self, cmd, rel, root};
use crate::{dist, sim};
use anyhow::{anyhow, bail, Context, Result};
use flate2::{write::GzEncoder, Compression};
use serde_json::{json, Map, Value};
use std::fs;
use std::io::Write;

/// The files whose size matters to the user (what the iframe downloads besides the SDK).
const SIZED: &[&str] = &["deskset_bg.wasm", "deskset.js", "deskset.css"];

/// Size of `bytes` gzipped at the best compression level.
pub fn gzip_size(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len()
}

/// The budget for the app's wasm + JS + CSS, gzip (issue 2: "150 KB"), read the strict way:
/// 150,000 bytes. Reported, never enforced: sizes are measurements, not pass/fail tests.
pub const BUDGET_GZIP: usize = 150_000;

/// The verdict line for a gzip total.
pub fn budget_verdict(gz_total: usize) -> String {
    let kb = |b: usize| b as f64 / 1000.0;
    if gz_total <= BUDGET_GZIP {
        format!(
            "budget: {:.1} KB of {:.0} KB gzip: OK ({:.1} KB to spare)",
            kb(gz_total),
            kb(BUDGET_GZIP),
            kb(BUDGET_GZIP - gz_total)
        )
    } else {
        format!(
            "budget: {:.1} KB of {:.0} KB gzip: OVER by {:.1} KB",
            kb(gz_total),
            kb(BUDGET_GZIP),
            kb(gz_total - BUDGET_GZIP)
        )
    }
}

pub fn run(runs: u32) -> Result<()> {
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    dist::dist()?;

    // (a) sizes, per app: what its frame downloads besides the SDK.
    let mut sizes = Map::new();
    for app in &dist::APPS {
        let mut files = Map::new();
        let (mut raw_total, mut gz_total) = (0usize, 0usize);
        for f in SIZED {
            let bytes = fs::read(app.dir().join("assets").join(f))?;
            let gz = gzip_size(&bytes);
            raw_total += bytes.len();
            gz_total += gz;
            files.insert(f.to_string(), json!({"raw": bytes.len(), "gzip": gz}));
        }
        files.insert(
            "total".into(),
            json!({"raw": raw_total, "gzip": gz_total, "budget_gzip": BUDGET_GZIP}),
        );
        sizes.insert(app.key.to_string(), Value::Object(files));
    }

    // (b) the deploy plan's time (native, release), against its floor measured in the same run.
    let mut c = util::cargo();
    c.args([
        "run",
        "--quiet",
        "--release",
        "-j2",
        "-p",
        "deskset-domain",
        "--example",
        "plan_bench",
        "--",
    ])
    .arg(runs.to_string());
    util::announce(&c);
    let out = c.output().context("could not run the plan bench")?;
    if !out.status.success() {
        bail!(
            "the plan bench failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let plan_bench: Map<String, Value> = serde_json::from_slice(&out.stdout)
        .context("the plan bench did not print a JSON object")?;

    // (c) browser timings
    let exe = sim::build()?;
    let sim = sim::Sim::start(&exe, 0, "demo", Some(1800))?;
    let out = util::target_dir().join("bench-browser.json");
    let _ = fs::remove_file(&out);
    util::run(
        cmd("node")
            .arg("tests/bench/run.mjs")
            .env("SIM_URL", &sim.url)
            .env("BENCH_RUNS", runs.to_string())
            .env("BENCH_OUT", &out),
    )
    .context("the browser measurements failed")?;
    drop(sim);
    let browser: Map<String, Value> = serde_json::from_str(
        &fs::read_to_string(&out)
            .with_context(|| format!("tests/bench/run.mjs wrote no {}", rel(&out)))?,
    )
    .with_context(|| format!("{} is not a JSON object", rel(&out)))?;

    let mut report = Map::new();
    report.insert("sizes".into(), Value::Object(sizes.clone()));
    report.insert("deploy_plan".into(), Value::Object(plan_bench.clone()));
    for (k, v) in &browser {
        report.insert(k.clone(), v.clone());
    }

    // The table.
    for (app, files) in &sizes {
        println!();
        println!(
            "{:<22} {:>12} {:>12}",
            format!("{app} bundle"),
            "raw bytes",
            "gzip bytes"
        );
        for (name, v) in files.as_object().into_iter().flatten() {
            let n = |k: &str| v[k].as_u64().unwrap_or_default();
            println!("{:<22} {:>12} {:>12}", name, n("raw"), n("gzip"));
        }
        let total = files["total"]["gzip"].as_u64().unwrap_or_default() as usize;
        println!("{app} {}", budget_verdict(total));
    }
    println!();
    println!("{:<26} {:>12}  runs", "measurement", "median");
    for (name, v) in &browser {
        let median = v["median"]
            .as_f64()
            .ok_or_else(|| anyhow!("measurement {name} has no numeric median"))?;
        let runs: Vec<String> = v["runs"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_f64)
                    .map(|r| format!("{r:.0}"))
                    .collect()
            })
            .unwrap_or_default();
        println!("{:<26} {:>12.1}  [{}]", name, median, runs.join(", "));
    }
    for line in request_verdicts(&browser) {
        println!("{line}");
    }
    println!();
    let num = |k: &str, f: &str| {
        plan_bench
            .get(k)
            .and_then(|v| v.get(f))
            .and_then(Value::as_f64)
            .unwrap_or(f64::NAN)
    };
    println!(
        "deploy plan: {} components against {} items a side: {:.1} ms median; floor (every item indexed by name, the components' items in write shape, both sides) {:.1} ms; ratio {:.2}",
        plan_bench.get("components").and_then(Value::as_u64).unwrap_or_default(),
        plan_bench.get("inventory_per_side").and_then(Value::as_u64).unwrap_or_default(),
        num("deploy_plan_ms", "median"),
        num("deploy_plan_floor_ms", "median"),
        plan_bench.get("deploy_plan_ratio").and_then(Value::as_f64).unwrap_or(f64::NAN),
    );
    if let Some(line) = deploy_request_verdict(&browser) {
        println!("{line}");
    }

    let path = util::target_dir().join("bench.json");
    fs::write(
        &path,
        serde_json::to_string_pretty(&Value::Object(report))? + "\n",
    )?;
    println!(
        "\nwrote {}",
        path.strip_prefix(root()).unwrap_or(&path).display()
    );
    Ok(())
}

/// The Autotask tile's request targets (issue 4): every run of a tile load, not just the
/// median, within them.
const REQUEST_TARGETS: [(&str, f64); 3] = [
    ("tile_cold_requests", 4.0),
    ("tile_warm_requests", 2.0),
    ("tile_warm_frame_requests", 2.0),
];

fn request_verdicts(browser: &serde_json::Map<String, Value>) -> Vec<String> {
    REQUEST_TARGETS
        .iter()
        .filter_map(|(key, most)| {
            let runs: Vec<f64> = browser
                .get(*key)?
                .get("runs")?
                .as_array()?
                .iter()
                .filter_map(Value::as_f64)
                .collect();
            let worst = runs.iter().copied().fold(f64::MIN, f64::max);
            Some(if runs.is_empty() {
                format!("{key}: no runs")
            } else if worst <= *most {
                format!("{key}: at most {worst:.0} (target {most:.0}): OK")
            } else {
                format!("{key}: up to {worst:.0} (target {most:.0}): OVER")
            })
        })
        .collect()
}

/// The deploy's requests against their floor (one read per type and page on each side, one write
/// per change), from the browser measurement.
fn deploy_request_verdict(browser: &serde_json::Map<String, Value>) -> Option<String> {
    let m = browser.get("deploy_requests")?;
    let (median, floor) = (m.get("median")?.as_f64()?, m.get("floor")?.as_f64()?);
    Some(format!(
        "deploy requests: {median:.0} against a floor of {floor:.0} (ratio {:.2}); the rest: the undo data saved and read back, the history read and written",
        median / floor.max(1.0)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn request_targets_judge_every_run() {
        let browser = serde_json::json!({
            "tile_cold_requests": {"median": 4.0, "runs": [4.0, 4.0, 5.0]},
            "tile_warm_requests": {"median": 2.0, "runs": [2.0, 2.0]},
        });
        let lines = request_verdicts(browser.as_object().unwrap());
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].contains("up to 5 (target 4): OVER"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].contains("at most 2 (target 2): OK"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn budget_verdict_says_ok_or_over_by_how_much() {
        assert!(budget_verdict(BUDGET_GZIP).contains("OK (0.0 KB to spare)"));
        assert!(budget_verdict(BUDGET_GZIP - 1500).contains("OK (1.5 KB to spare)"));
        assert!(budget_verdict(BUDGET_GZIP + 2000).contains("OVER by 2.0 KB"));
    }

    #[test]
    fn gzip_size_is_the_size_of_a_valid_gzip() {
        let text = "deskset ".repeat(1000);
        let n = gzip_size(text.as_bytes());
        assert!(n > 18 && n < 200, "{n}");
        // Round-trips, so it measured a real gzip stream.
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        enc.write_all(text.as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(gz.len(), n);
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn gzip_of_nothing_is_the_header_and_trailer() {
        assert_eq!(gzip_size(b""), 20);
    }
}
