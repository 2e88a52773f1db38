//! `cargo xtask dist` (the Zendesk app folder in dist/) and `cargo xtask package` (its zip).

use crate::setup::{node_bin, WASM_TARGET};
use crate::util::{self, cargo, cmd, copy, fresh_dir, rel, root, run};
use anyhow::{anyhow, bail, Context, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Zendesk Garden CSS packages, in cascade order (bedrock's reset first).
/// What the app uses them for: bedrock (base type, box-sizing), buttons, forms (inputs, selects,
/// checkboxes), callouts (notices and alerts), tables (roles list), tabs (console tabs).
/// Each ships plain CSS in `dist/index.css`; dist keeps only the rules whose classes the app's
/// sources name (PurgeCSS), so adding a package costs only what is used of it.
pub const GARDEN_CSS: &[&str] = &[
    "css-bedrock",
    "css-buttons",
    "css-forms",
    "css-callouts",
    "css-tables",
    "css-tabs",
];

/// Where PurgeCSS looks for class names the app uses: every class is written out literally in
/// the views and components (`class="c-btn"`, `classes!("is-selected")`), never assembled.
const CSS_CONTENT: &[&str] = &["src/**/*.rs", "static/iframe.html"];

/// The features Rust's wasm32-unknown-unknown target enables by default (Rust 1.82+); wasm-opt
/// must accept every instruction the compiler may emit.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// The parts of manifest.json xtask needs.
pub struct Manifest {
    pub version: Option<String>,
    pub default_locale: String,
}

pub fn read_manifest(path: &Path) -> Result<Manifest> {
    let text = fs::read_to_string(path).with_context(|| format!("could not read {}", rel(path)))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", rel(path)))?;
    let default_locale = json
        .get("defaultLocale")
        .and_then(|v| v.as_str())
        .ok_or_else(|| {
            anyhow!(
                "{} has no \"defaultLocale\" (Zendesk requires it)",
                rel(path)
            )
        })?
        .to_string();
    let version = json
        .get("version")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    Ok(Manifest {
        version,
        default_locale,
    })
}

/// Builds dist/ and returns what manifest.json says.
pub fn dist() -> Result<Manifest> {
    let r = root();
    let stat = r.join("static");
    let manifest_path = r.join("manifest.json");

    // Check every input first, so one run lists everything that is missing.
    let mut missing: Vec<PathBuf> = Vec::new();
    let mut need = |p: PathBuf| {
        if !p.is_file() {
            missing.push(p);
        }
    };
    need(manifest_path.clone());
    for f in [
        "iframe.html",
        "logo.png",
        "logo-small.png",
        "icon_nav_bar.svg",
        "icon_top_bar.svg",
        "app.css",
    ] {
        need(stat.join(f));
    }
    for pkg in GARDEN_CSS {
        need(garden_css(pkg));
    }
    let manifest = if manifest_path.is_file() {
        let m = read_manifest(&manifest_path)?;
        need(
            stat.join("translations")
                .join(format!("{}.json", m.default_locale)),
        );
        Some(m)
    } else {
        None
    };
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|p| format!("  {}", rel(p))).collect();
        bail!(
            "dist needs these files, which are missing:\n{}\n(static/ and manifest.json are the app's \
             sources; node_modules/ comes from `cargo xtask setup`)",
            list.join("\n")
        );
    }
    let manifest = manifest.expect("checked above");

    let dist = dist_dir();
    let assets = dist.join("assets");
    eprintln!("wiping {}", rel(&dist));
    fresh_dir(&dist)?;
    fs::create_dir_all(&assets)?;

    // 1. The wasm module.
    run(cargo().args([
        "build",
        "--release",
        "--target",
        WASM_TARGET,
        "-p",
        "deskset",
    ]))
    .context("the app did not build")?;
    let wasm = util::target_dir()
        .join(WASM_TARGET)
        .join("release")
        .join("deskset.wasm");
    if !wasm.is_file() {
        bail!("cargo built no {} (is deskset still a cdylib?)", rel(&wasm));
    }

    // 2. wasm-bindgen into a scratch dir, 3. wasm-opt into dist.
    let bindgen = util::target_dir().join("xtask").join("bindgen");
    fresh_dir(&bindgen)?;
    run(cmd(crate::setup::cargo_bin("wasm-bindgen"))
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "deskset",
            "--out-dir",
        ])
        .arg(&bindgen)
        .arg(&wasm))
    .context("wasm-bindgen failed; `cargo xtask setup` installs the version Cargo.lock needs")?;
    run(cmd(node_bin("wasm-opt"))
        .arg("-Oz")
        .args(WASM_FEATURES)
        // Sections the browser does not need (debug names, producers, target features).
        .args([
            "--strip-debug",
            "--strip-producers",
            "--strip-target-features",
        ])
        .arg(bindgen.join("deskset_bg.wasm"))
        .arg("-o")
        .arg(assets.join("deskset_bg.wasm")))?;
    // wasm-bindgen's glue is readable source; the browser gets it minified (an ES module still:
    // iframe.html imports its default export, and it finds the wasm beside it via import.meta.url).
    run(cmd(node_bin("esbuild"))
        .arg(bindgen.join("deskset.js"))
        .args(["--minify", "--format=esm", "--log-level=warning"])
        .arg(format!("--outfile={}", assets.join("deskset.js").display())))
    .context("esbuild could not minify the JS glue")?;

    // 4. CSS: Garden, then the app's own; unused rules purged, then minified.
    let mut css = String::new();
    for pkg in GARDEN_CSS {
        let path = garden_css(pkg);
        css.push_str(&format!("/* @zendeskgarden/{pkg} */\n"));
        css.push_str(&fs::read_to_string(&path)?);
        css.push('\n');
    }
    css.push_str("/* deskset: static/app.css */\n");
    css.push_str(&fs::read_to_string(stat.join("app.css"))?);
    let scratch = util::target_dir().join("xtask").join("css");
    fresh_dir(&scratch)?;
    let full = scratch.join("deskset.css");
    fs::write(&full, css)?;
    let purged = scratch.join("purged");
    run(cmd(node_bin("purgecss"))
        .current_dir(root())
        .arg("--css")
        .arg(&full)
        .arg("--content")
        .args(CSS_CONTENT)
        .arg("--output")
        .arg(&purged))
    .context("purgecss failed")?;
    run(cmd(node_bin("esbuild"))
        .arg(purged.join("deskset.css"))
        .args(["--minify", "--log-level=warning"])
        .arg(format!(
            "--outfile={}",
            assets.join("deskset.css").display()
        )))
    .context("esbuild could not minify the CSS")?;
    eprintln!(
        "wrote dist/assets/deskset.css (Garden: {}; unused rules purged, minified)",
        GARDEN_CSS.join(", ")
    );

    // 5. Static files, manifest, translations.
    // icon_nav_bar.svg, icon_top_bar.svg: the app's icons in Zendesk's left navigation bar and
    // top bar; Zendesk requires one for each of those locations an app uses.
    for f in [
        "iframe.html",
        "logo.png",
        "logo-small.png",
        "icon_nav_bar.svg",
        "icon_top_bar.svg",
    ] {
        copy(&stat.join(f), &assets.join(f))?;
    }
    copy(&manifest_path, &dist.join("manifest.json"))?;
    let mut translations = 0;
    for entry in fs::read_dir(stat.join("translations"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_name().unwrap();
            copy(&path, &dist.join("translations").join(name))?;
            // The app's own copy: the iframe can fetch only from assets/ (see src/i18n).
            copy(&path, &assets.join("i18n").join(name))?;
            translations += 1;
        }
    }
    eprintln!("copied static files, manifest.json and {translations} translations");

    for f in ["deskset_bg.wasm", "deskset.js", "deskset.css"] {
        let len = fs::metadata(assets.join(f))?.len();
        eprintln!("  dist/assets/{f:<18} {len:>9} bytes");
    }
    eprintln!("dist ready: {}", dist.display());
    Ok(manifest)
}

fn garden_css(pkg: &str) -> PathBuf {
    root()
        .join("node_modules/@zendeskgarden")
        .join(pkg)
        .join("dist/index.css")
}

/// Why Zendesk would reject a file of this name in an app package (see zaf.md), if it would.
pub fn rejected_reason(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "zip" => Some("zip archives are rejected"),
        "gz" | "gzip" | "tgz" => Some("gzip files are rejected"),
        "bin" => Some(".bin files are rejected"),
        _ => None,
    }
}

/// Width and height from a PNG's IHDR chunk.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.len() < 24 || !bytes.starts_with(SIG) || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((w, h))
}

/// Every file under `dir` as (zip name with `/`, path), sorted; refuses symlinks and rejected types.
pub fn package_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    fn walk(
        dir: &Path,
        prefix: &str,
        out: &mut Vec<(String, PathBuf)>,
        bad: &mut Vec<String>,
    ) -> Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let zip_name = format!("{prefix}{name}");
            let meta = fs::symlink_metadata(entry.path())?;
            if meta.file_type().is_symlink() {
                bad.push(format!("{zip_name}: symlinks are rejected"));
            } else if meta.is_dir() {
                walk(&entry.path(), &format!("{zip_name}/"), out, bad)?;
            } else if !meta.is_file() {
                bad.push(format!("{zip_name}: not a regular file"));
            } else if let Some(why) = rejected_reason(&name) {
                bad.push(format!("{zip_name}: {why}"));
            } else {
                out.push((zip_name, entry.path()));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    let mut bad = Vec::new();
    walk(dir, "", &mut files, &mut bad)?;
    if !bad.is_empty() {
        bail!("Zendesk would reject this package:\n  {}", bad.join("\n  "));
    }
    files.sort();
    Ok(files)
}

pub fn package() -> Result<()> {
    let manifest = dist()?;
    let dist = dist_dir();
    let version = manifest.version.ok_or_else(|| {
        anyhow!("manifest.json has no \"version\"; the package is named after it")
    })?;
    if version.is_empty()
        || !version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-+_".contains(c))
    {
        bail!("manifest.json's version {version:?} cannot be used in a file name");
    }

    let files = package_files(&dist)?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let required = [
        "manifest.json".to_string(),
        "assets/iframe.html".to_string(),
        "assets/logo.png".to_string(),
        "assets/logo-small.png".to_string(),
        "assets/icon_nav_bar.svg".to_string(),
        "assets/icon_top_bar.svg".to_string(),
        format!("translations/{}.json", manifest.default_locale),
    ];
    for r in &required {
        if !names.contains(&r.as_str()) {
            bail!("the package needs {r}, which dist/ lacks");
        }
    }
    for (name, want) in [("logo.png", 320), ("logo-small.png", 128)] {
        let bytes = fs::read(dist.join("assets").join(name))?;
        match png_size(&bytes) {
            Some((w, h)) if w == want && h == want => {}
            Some((w, h)) => bail!("static/{name} is {w}x{h}; Zendesk wants {want}x{want}"),
            None => bail!("static/{name} is not a PNG file"),
        }
    }

    let out = util::target_dir().join(format!("deskset-{version}.zip"));
    let tmp = out.with_extension("zip.part");
    fs::create_dir_all(out.parent().unwrap())?;
    {
        let mut zip = zip::ZipWriter::new(fs::File::create(&tmp)?);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(0o644);
        for (name, path) in &files {
            zip.start_file(name.as_str(), options)?;
            zip.write_all(&fs::read(path)?)?;
        }
        zip.finish()?;
    }
    fs::rename(&tmp, &out)?;
    for n in &names {
        eprintln!("  {n}");
    }
    println!(
        "package: {} ({} files, {} bytes); upload it in Zendesk Admin Center > Apps > Zendesk Support apps > Upload private app",
        out.display(),
        files.len(),
        fs::metadata(&out)?.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_zendesk_rejects() {
        assert!(rejected_reason("x.zip").is_some());
        assert!(rejected_reason("x.tar.GZ").is_some());
        assert!(rejected_reason("blob.bin").is_some());
        assert!(rejected_reason("deskset_bg.wasm").is_none());
        assert!(rejected_reason("iframe.html").is_none());
        assert!(rejected_reason("binary.js").is_none());
    }

    #[test]
    fn reads_png_size() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(320u32.to_be_bytes());
        png.extend(128u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((320, 128)));
        assert_eq!(png_size(b"GIF89a............................"), None);
    }

    #[test]
    fn package_files_are_sorted_and_refuse_symlinks_and_archives() {
        let dir = std::env::temp_dir().join(format!("xtask-pkg-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("assets")).unwrap();
        fs::write(dir.join("manifest.json"), "{}").unwrap();
        fs::write(dir.join("assets/iframe.html"), "").unwrap();
        let names: Vec<String> = package_files(&dir)
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["assets/iframe.html", "manifest.json"]);

        fs::write(dir.join("assets/old.zip"), "").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("manifest.json"), dir.join("assets/link.json"))
            .unwrap();
        let err = package_files(&dir).unwrap_err().to_string();
        assert!(err.contains("assets/old.zip"), "{err}");
        #[cfg(unix)]
        assert!(err.contains("assets/link.json: symlinks"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
