//! Small helpers: paths, running commands (always printing what runs), file checks.

use anyhow::{bail, Context, Result};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The workspace root (the parent of `xtask/`).
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives in a workspace")
            .to_path_buf()
    })
}

/// Cargo's target directory (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        }
        None => root().join("target"),
    }
}

/// A command that runs in the workspace root.
pub fn cmd(program: impl AsRef<OsStr>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root());
    c
}

/// `cargo` as cargo itself was invoked (the `CARGO` cargo sets for `cargo run`), else `cargo`.
pub fn cargo() -> Command {
    cmd(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// How a command looks on a shell line, with the environment it was given.
pub fn display(c: &Command) -> String {
    let mut parts: Vec<String> = c
        .get_envs()
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_string_lossy(), v?.to_string_lossy())))
        .collect();
    let program = c.get_program().to_string_lossy();
    let program = program
        .strip_prefix(&format!("{}/", root().display()))
        .map(str::to_string)
        .unwrap_or_else(|| program.to_string());
    parts.push(program);
    let prefix = format!("{}/", root().display());
    parts.extend(c.get_args().map(|a| {
        let a = a.to_string_lossy().replace(&prefix, "");
        if a.is_empty() || a.contains(char::is_whitespace) {
            format!("'{a}'")
        } else {
            a
        }
    }));
    parts.join(" ")
}

/// Prints `$ <command>` on stderr (stdout stays for results).
pub fn announce(c: &Command) {
    eprintln!("$ {}", display(c));
}

/// Runs a command with inherited stdio; prints it first; fails if it fails.
pub fn run(c: &mut Command) -> Result<()> {
    announce(c);
    let status = c
        .status()
        .with_context(|| format!("could not start `{}`", display(c)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(c));
    }
    Ok(())
}

/// Runs a command silently (a check, not an action) and returns its stdout if it succeeded.
pub fn probe(c: &mut Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).stdin(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The modification time of a file, if it exists.
pub fn mtime(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).ok()?.modified().ok()
}

/// True if `output` is missing or older than any of `inputs` (missing inputs are ignored).
pub fn stale(output: &Path, inputs: &[&Path]) -> bool {
    let Some(out) = mtime(output) else {
        return true;
    };
    inputs.iter().filter_map(|p| mtime(p)).any(|t| t > out)
}

/// Path relative to the workspace root, for messages.
pub fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Removes a directory if it exists and creates it empty.
pub fn fresh_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("could not remove {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))
}

/// Copies a file, creating the destination's parent.
pub fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::copy(from, to).with_context(|| format!("could not copy {} to {}", rel(from), rel(to)))?;
    Ok(())
}
