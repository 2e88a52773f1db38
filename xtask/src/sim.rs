//! Building and running the simulator (`deskset-sim`, see docs/contracts.md), and `cargo xtask dev`.

use crate::util::{self, cargo, cmd, rel};
use anyhow::{anyhow, bail, Context, Result};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Builds deskset-sim (debug profile, shared with `cargo test`) and returns its executable.
pub fn build() -> Result<PathBuf> {
    let mut c = cargo();
    c.args([
        "build",
        "-p",
        "deskset-sim",
        "--bin",
        "deskset-sim",
        "--message-format=json-render-diagnostics",
    ]);
    util::announce(&c);
    let out = c
        .stderr(Stdio::inherit())
        .output()
        .context("could not run cargo")?;
    if !out.status.success() {
        bail!("the simulator did not build ({})", out.status);
    }
    executable_from_messages(&String::from_utf8_lossy(&out.stdout), "deskset-sim")
        .ok_or_else(|| anyhow!("cargo built no deskset-sim executable"))
}

/// The `executable` of the binary target `name` in cargo's JSON messages.
pub fn executable_from_messages(messages: &str, name: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

/// The URL in the simulator's first stdout line: `deskset-sim listening on http://127.0.0.1:PORT`.
pub fn url_from_banner(line: &str) -> Option<String> {
    let url = line
        .trim()
        .strip_prefix("deskset-sim listening on ")?
        .trim();
    let port = url.strip_prefix("http://127.0.0.1:")?;
    port.parse::<u16>().ok()?;
    Some(format!("{url}/"))
}

/// A running simulator; killed when dropped.
pub struct Sim {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
}

impl Sim {
    /// Starts the simulator on `port` (0: a free one) and waits for its banner.
    pub fn start(exe: &PathBuf, port: u16, scenario: &str, exit_after: Option<u32>) -> Result<Sim> {
        Sim::start_with_floor(exe, port, scenario, exit_after, None)
    }

    /// [`Sim::start`], serving `floor` as the bench's floor app (`--floor`).
    pub fn start_with_floor(
        exe: &PathBuf,
        port: u16,
        scenario: &str,
        exit_after: Option<u32>,
        floor: Option<&std::path::Path>,
    ) -> Result<Sim> {
        let mut c = cmd(exe);
        c.args(["--port", &port.to_string(), "--scenario", scenario])
            .arg("--dist")
            .arg(crate::dist::dist_dir())
            .arg("--sdk")
            .arg(crate::setup::zaf_sdk_path());
        if let Some(dir) = floor {
            c.arg("--floor").arg(dir);
        }
        if let Some(secs) = exit_after {
            c.args(["--exit-after", &secs.to_string()]);
        }
        util::announce(&c);
        die_with_parent(&mut c);
        let mut child = c
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(Stdio::null())
            .spawn()
            .with_context(|| format!("could not start {}", rel(exe)))?;
        let stdout = child.stdout.take().expect("piped");
        let stderr = child.stderr.take().expect("piped");
        // The simulator's log (stderr), marked so it stands apart from the tests' output.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[sim] {line}");
            }
        });
        let (tx, rx) = mpsc::channel();
        // Reads the banner, then keeps forwarding the simulator's stdout (so its pipe never fills).
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next();
            let _ = tx.send(first);
            for line in lines.map_while(Result::ok) {
                eprintln!("[sim] {line}");
            }
        });
        let mut sim = Sim {
            child,
            url: String::new(),
        };
        let first = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Some(Ok(line))) => line,
            Ok(_) => {
                let status = sim.child.wait()?;
                bail!("the simulator exited before saying where it listens ({status})");
            }
            Err(_) => bail!("the simulator said nothing on stdout for 60 s"),
        };
        sim.url = url_from_banner(&first).ok_or_else(|| {
            anyhow!(
                "the simulator's first line should be `deskset-sim listening on http://127.0.0.1:PORT`, \
                 it was: {first:?}"
            )
        })?;
        Ok(sim)
    }

    pub fn wait(mut self) -> Result<std::process::ExitStatus> {
        Ok(self.child.wait()?)
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Linux: the child gets SIGTERM when xtask exits, however it exits (Ctrl-C, kill, panic).
#[cfg(target_os = "linux")]
fn die_with_parent(c: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: prctl and getppid are async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        let parent = libc::getpid();
        c.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // The parent may have died before prctl took effect.
            if libc::getppid() != parent {
                libc::raise(libc::SIGTERM);
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_: &mut std::process::Command) {}

/// `cargo xtask dev`.
pub fn dev(port: u16, scenario: &str) -> Result<()> {
    crate::dist::dist()?;
    let exe = build()?;
    let sim = Sim::start(&exe, port, scenario, None)?;
    println!();
    println!("    deskset is running in the simulator: {}", sim.url);
    println!("    (scenario `{scenario}`; rebuild with `cargo xtask dist` in another terminal and reload; Ctrl-C stops)");
    println!();
    let status = sim.wait()?;
    if !status.success() {
        bail!("the simulator stopped ({status})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_banner() {
        assert_eq!(
            url_from_banner("deskset-sim listening on http://127.0.0.1:40123\n").as_deref(),
            Some("http://127.0.0.1:40123/")
        );
        assert_eq!(url_from_banner("listening on http://127.0.0.1:1"), None);
        assert_eq!(
            url_from_banner("deskset-sim listening on http://0.0.0.0:80"),
            None
        );
        assert_eq!(
            url_from_banner("deskset-sim listening on http://127.0.0.1:x"),
            None
        );
    }

    #[test]
    fn finds_the_executable() {
        let msgs = r#"{"reason":"compiler-artifact","target":{"name":"deskset-domain"},"executable":null}
{"reason":"compiler-artifact","target":{"name":"deskset-sim"},"executable":"/t/debug/deskset-sim"}
{"reason":"build-finished","success":true}"#;
        assert_eq!(
            executable_from_messages(msgs, "deskset-sim"),
            Some(PathBuf::from("/t/debug/deskset-sim"))
        );
    }
}
