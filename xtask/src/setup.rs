//! `cargo xtask setup`: install whatever is missing, print nothing when nothing is.

use crate::util::{self, cmd, probe, root, stale};
use anyhow::{anyhow, bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Written after a successful `npm ci`; `npm ci` runs again when package-lock.json is newer.
const NPM_STAMP: &str = "node_modules/.deskset-npm-ci";

pub fn run() -> Result<()> {
    wasm_target()?;
    chromium()?;
    wasm_bindgen_cli()?;
    npm_packages()?;
    zaf_sdk()?;
    Ok(())
}

/// `target/zaf/zaf_sdk.js`: the local build of the ZAF SDK the simulator serves.
pub fn zaf_sdk_path() -> PathBuf {
    util::target_dir().join("zaf").join("zaf_sdk.js")
}

/// A program `cargo install` put in `$CARGO_HOME/bin` (where setup installs wasm-bindgen-cli),
/// even when that directory is not on PATH; else the name, looked up on PATH.
pub fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    match home.map(|h| h.join("bin").join(name)) {
        Some(p) if p.is_file() => p,
        _ => PathBuf::from(name),
    }
}

/// A program from `node_modules/.bin`.
pub fn node_bin(name: &str) -> PathBuf {
    root().join("node_modules").join(".bin").join(name)
}

fn wasm_target() -> Result<()> {
    let installed =
        probe(cmd("rustup").args(["target", "list", "--installed"])).ok_or_else(|| {
            anyhow!("`rustup` is needed (https://rustup.rs), but `rustup target list` failed")
        })?;
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        util::run(cmd("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    Ok(())
}

fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    // apt needs root; use sudo when we are not root and it exists.
    let is_root = probe(cmd("id").arg("-u")).is_some_and(|s| s.trim() == "0");
    let apt = |args: &[&str]| {
        let mut c = if is_root {
            cmd("apt-get")
        } else {
            let mut c = cmd("sudo");
            c.arg("apt-get");
            c
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    let hint = "chromium and chromium-driver (Debian packages) are needed for the browser tests; \
                install them with `apt-get install chromium chromium-driver` as root";
    util::run(&mut apt(&["update"])).context(hint)?;
    util::run(&mut apt(&["install", "-y", "chromium", "chromium-driver"])).context(hint)?;
    for p in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(p).exists() {
            bail!("{p} is still missing after installing chromium and chromium-driver");
        }
    }
    Ok(())
}

/// The version of the `wasm-bindgen` crate in a Cargo.lock. wasm-bindgen-cli must match it exactly.
pub fn wasm_bindgen_version(lock: &str) -> Result<String> {
    let lock: toml::Table = toml::from_str(lock).context("Cargo.lock is not valid TOML")?;
    let packages = lock
        .get("package")
        .and_then(|p| p.as_array())
        .ok_or_else(|| anyhow!("Cargo.lock has no [[package]] entries"))?;
    let mut versions: Vec<&str> = packages
        .iter()
        .filter(|p| p.get("name").and_then(|n| n.as_str()) == Some("wasm-bindgen"))
        .filter_map(|p| p.get("version").and_then(|v| v.as_str()))
        .collect();
    versions.sort_unstable();
    versions.dedup();
    match versions.as_slice() {
        [one] => Ok(one.to_string()),
        [] => bail!(
            "Cargo.lock has no `wasm-bindgen` package (is deskset's wasm-bindgen dependency gone?)"
        ),
        many => bail!(
            "Cargo.lock has several wasm-bindgen versions ({}); the CLI can match only one: \
             pin one version in Cargo.toml",
            many.join(", ")
        ),
    }
}

pub fn locked_wasm_bindgen_version() -> Result<String> {
    let path = root().join("Cargo.lock");
    let text = fs::read_to_string(&path).with_context(|| {
        format!(
            "could not read {} (run `cargo generate-lockfile`)",
            path.display()
        )
    })?;
    wasm_bindgen_version(&text)
}

fn wasm_bindgen_cli() -> Result<()> {
    let want = locked_wasm_bindgen_version()?;
    let have = |prog: &str| {
        probe(cmd(cargo_bin(prog)).arg("--version"))
            .and_then(|s| s.split_whitespace().nth(1).map(str::to_string))
    };
    let bindgen = have("wasm-bindgen");
    let runner = have("wasm-bindgen-test-runner");
    if bindgen.as_deref() == Some(want.as_str()) && runner.as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    eprintln!(
        "wasm-bindgen-cli {want} is needed (found {}); installing it takes a few minutes",
        bindgen.as_deref().unwrap_or("none")
    );
    // No --locked: wasm-bindgen-cli's own lock file does not build with current Rust.
    util::run(util::cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &format!("={want}"),
    ]))
    .context("could not install wasm-bindgen-cli; is crates.io reachable?")?;
    Ok(())
}

fn npm_packages() -> Result<()> {
    let lock = root().join("package-lock.json");
    let stamp = root().join(NPM_STAMP);
    if !root().join("node_modules").is_dir()
        || stale(&stamp, &[&lock, &root().join("package.json")])
    {
        check_node()?;
        util::run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))
            .context("`npm ci` failed; is the npm registry reachable? is package-lock.json in sync with package.json?")?;
        fs::write(&stamp, "written by `cargo xtask setup` after `npm ci`\n")?;
    }
    Ok(())
}

fn check_node() -> Result<()> {
    let version = probe(cmd("node").arg("--version")).ok_or_else(|| {
        anyhow!("Node.js 20 or newer is needed (with npm): `node --version` failed")
    })?;
    let major: u32 = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 20 {
        bail!("Node.js 20 or newer is needed; found {}", version.trim());
    }
    Ok(())
}

fn zaf_sdk() -> Result<()> {
    let out = zaf_sdk_path();
    let input = root().join("node_modules/zendesk_app_framework_sdk/lib/index.js");
    if !stale(&out, &[&root().join(NPM_STAMP), &input]) {
        return Ok(());
    }
    if let Some(dir) = out.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut esbuild = cmd(node_bin("esbuild"));
    esbuild
        .args([
            "node_modules/zendesk_app_framework_sdk/lib/index.js",
            "--bundle",
            "--format=iife",
            "--global-name=ZAFClient",
            "--minify",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", util::rel(&out)));
    util::run(&mut esbuild).context(
        "could not bundle the ZAF SDK (delete node_modules and run `cargo xtask setup` again)",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "00"
dependencies = ["wasm-bindgen-macro"]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.80"
"#;

    #[test]
    fn reads_the_wasm_bindgen_version() {
        assert_eq!(wasm_bindgen_version(LOCK).unwrap(), "0.2.130");
    }

    #[test]
    fn missing_wasm_bindgen_is_an_error() {
        let lock = "version = 4\n[[package]]\nname = \"yew\"\nversion = \"0.23.0\"\n";
        assert!(wasm_bindgen_version(lock)
            .unwrap_err()
            .to_string()
            .contains("no `wasm-bindgen`"));
    }

    #[test]
    fn two_wasm_bindgen_versions_are_an_error() {
        let lock = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");
        let err = wasm_bindgen_version(&lock).unwrap_err().to_string();
        assert!(err.contains("0.2.130") && err.contains("0.2.99"), "{err}");
    }

    #[test]
    fn the_workspace_lock_has_one_wasm_bindgen() {
        // The real Cargo.lock: setup depends on this.
        locked_wasm_bindgen_version().unwrap();
    }
}
