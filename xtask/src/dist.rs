//! `cargo xtask dist` (the two Zendesk app folders, dist/console and dist/tile) and `cargo xtask
//! package` (a zip of each).

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

/// One of the two Zendesk apps the workspace builds (ARCHITECTURE.md).
pub struct App {
    /// Its folder under dist/ and its name in messages: `console`, `tile`.
    pub key: &'static str,
    /// The cargo package.
    pub package: &'static str,
    /// The manifest (source of truth, copied into the app folder).
    pub manifest: &'static str,
    /// The section of `static/translations/<locale>.json` Zendesk reads for this app (name,
    /// descriptions, parameter labels): written as the app's `translations/<locale>.json` `app`.
    pub zendesk_section: &'static str,
    /// The `ui` sections the app's own strings come from (what `assets/i18n/` carries).
    pub ui_sections: &'static [&'static str],
    /// Where PurgeCSS looks for class names the app uses: every class is written out literally
    /// in the views and components (`class="c-btn"`, `classes!("is-selected")`), never assembled.
    pub css_content: &'static [&'static str],
    /// The icons Zendesk shows for the locations the app uses (one for `nav_bar`, `top_bar`).
    pub icons: &'static [&'static str],
    /// The calls `iframe.html` sends the moment the ZAF client exists, before the wasm is ready
    /// (issue 12), as JSON: `[{"get": path} | {"request": {"type": "GET", "url": url}}]`. The
    /// app's first screen sends the same calls and gets these answers (web/src/app.rs: Boot).
    /// Only reads: nothing that writes may be sent before the app has decided to.
    pub early: &'static str,
}

/// The element of `static/iframe.html` that [`App::early`] fills.
const EARLY_ELEMENT: &str = r#"<script type="application/json" id="deskset-early">[]</script>"#;

/// `iframe.html` for `app`: its early calls written into [`EARLY_ELEMENT`].
pub fn iframe_html(page: &str, app: &App) -> Result<String> {
    if !page.contains(EARLY_ELEMENT) {
        bail!(
            "static/iframe.html has no {EARLY_ELEMENT}: the app's early calls have nowhere to go"
        );
    }
    let calls: serde_json::Value =
        serde_json::from_str(app.early).context("App::early is not JSON")?;
    let all_reads = calls.as_array().is_some_and(|calls| {
        calls.iter().all(|c| {
            c.get("get").is_some_and(serde_json::Value::is_string)
                || c["request"]["type"] == "GET" && c["request"]["url"].is_string()
        })
    });
    if !all_reads {
        bail!(
            "App::early of {} must list only gets and GET requests",
            app.key
        );
    }
    Ok(page.replace(
        EARLY_ELEMENT,
        &EARLY_ELEMENT.replace("[]", &calls.to_string()),
    ))
}

/// The console (admins, `nav_bar`) and the tile (every agent, `top_bar` and the sidebars).
pub const APPS: [App; 2] = [
    App {
        key: "console",
        package: "deskset",
        manifest: "manifest.json",
        zendesk_section: "app",
        ui_sections: &[
            "app",
            "common",
            "errors",
            "console",
            "roles",
            "perm_group",
            "perm",
            "perm_value",
            "role_errors",
            "role_import",
            "account",
            "share_errors",
            "deploy",
            "access",
            "configurations",
        ],
        css_content: &["src/**/*.rs", "web/src/**/*.rs", "static/iframe.html"],
        icons: &["icon_nav_bar.svg"],
        // Who is signed in, and the Roles tab's list (the console opens on it: src/lib.rs).
        early: r#"[{"get":"currentUser"},{"request":{"type":"GET","url":"/api/v2/custom_roles"}}]"#,
    },
    App {
        key: "tile",
        package: "deskset-tile",
        manifest: "tile/manifest.json",
        zendesk_section: "tile_app",
        ui_sections: &["app", "common", "errors", "autotask"],
        css_content: &["tile/src/**/*.rs", "web/src/**/*.rs", "static/iframe.html"],
        icons: &["icon_top_bar.svg"],
        // Who is signed in; the tile's own first calls depend on the location and settings the
        // registration brings (tile/src/lib.rs).
        early: r#"[{"get":"currentUser"}]"#,
    },
];

impl App {
    /// `dist/<key>`.
    pub fn dir(&self) -> PathBuf {
        dist_dir().join(self.key)
    }

    /// The wasm cargo builds (`-` becomes `_` in file names).
    fn wasm_name(&self) -> String {
        format!("{}.wasm", self.package.replace('-', "_"))
    }
}

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

/// Builds both apps into `dist/console/` and `dist/tile/` and returns what each manifest says.
pub fn dist() -> Result<Vec<(&'static App, Manifest)>> {
    let r = root();
    let stat = r.join("static");

    // Check every input first, so one run lists everything that is missing.
    let mut missing: Vec<PathBuf> = Vec::new();
    let mut need = |p: PathBuf| {
        if !p.is_file() {
            missing.push(p);
        }
    };
    for f in ["iframe.html", "logo.png", "logo-small.png", "app.css"] {
        need(stat.join(f));
    }
    for app in &APPS {
        need(r.join(app.manifest));
        for icon in app.icons {
            need(stat.join(icon));
        }
    }
    for pkg in GARDEN_CSS {
        need(garden_css(pkg));
    }
    let mut manifests = Vec::new();
    for app in &APPS {
        let path = r.join(app.manifest);
        if path.is_file() {
            let m = read_manifest(&path)?;
            need(
                stat.join("translations")
                    .join(format!("{}.json", m.default_locale)),
            );
            manifests.push((app, m));
        }
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|p| format!("  {}", rel(p))).collect();
        bail!(
            "dist needs these files, which are missing:\n{}\n(static/ and the manifests are the apps' \
             sources; node_modules/ comes from `cargo xtask setup`)",
            list.join("\n")
        );
    }

    let dist = dist_dir();
    eprintln!("wiping {}", rel(&dist));
    fresh_dir(&dist)?;

    // 1. Both wasm modules in one cargo run (shared dependencies build once).
    let mut build = cargo();
    build.args(["build", "--release", "--target", WASM_TARGET]);
    for app in &APPS {
        build.args(["-p", app.package]);
    }
    run(&mut build).context("the apps did not build")?;
    let translations = read_translations(&stat.join("translations"))?;
    for (app, _) in &manifests {
        build_app(app, &stat, &translations)?;
    }
    eprintln!("dist ready: {}", dist.display());
    Ok(manifests)
}

/// A cargo-built wasm module as the browser gets it: `wasm-bindgen --target web` into `scratch`,
/// `wasm-opt -Oz` into `out/deskset_bg.wasm`, the JS glue minified by esbuild into
/// `out/deskset.js`. The apps' pipeline; `cargo xtask bench` runs its bare Yew app through it too.
pub fn wasm_pipeline(wasm: &Path, scratch: &Path, out: &Path) -> Result<()> {
    fresh_dir(scratch)?;
    fs::create_dir_all(out)?;
    run(cmd(crate::setup::cargo_bin("wasm-bindgen"))
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "deskset",
            "--out-dir",
        ])
        .arg(scratch)
        .arg(wasm))
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
        .arg(scratch.join("deskset_bg.wasm"))
        .arg("-o")
        .arg(out.join("deskset_bg.wasm")))?;
    // wasm-bindgen's glue is readable source; the browser gets it minified (an ES module still:
    // iframe.html imports its default export, and it finds the wasm beside it via import.meta.url).
    run(cmd(node_bin("esbuild"))
        .arg(scratch.join("deskset.js"))
        .args(["--minify", "--format=esm", "--log-level=warning"])
        .arg(format!("--outfile={}", out.join("deskset.js").display())))
    .context("esbuild could not minify the JS glue")?;
    Ok(())
}

/// Every locale's translation file: (file name, JSON).
fn read_translations(dir: &Path) -> Result<Vec<(String, serde_json::Value)>> {
    let mut all = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = fs::read_to_string(&path)?;
            let json = serde_json::from_str(&text)
                .with_context(|| format!("{} is not valid JSON", rel(&path)))?;
            all.push((name, json));
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(all)
}

/// What Zendesk reads for `app` (`translations/<locale>.json`) and what the app fetches
/// (`assets/i18n/<locale>.json`), from one locale's file.
pub fn split_translation(
    app: &App,
    file: &serde_json::Value,
) -> Result<(serde_json::Value, serde_json::Value)> {
    let zendesk = file
        .get(app.zendesk_section)
        .cloned()
        .ok_or_else(|| anyhow!("no \"{}\" section", app.zendesk_section))?;
    let mut ui = serde_json::Map::new();
    for section in app.ui_sections {
        if let Some(v) = file.get("ui").and_then(|u| u.get(*section)) {
            ui.insert((*section).to_string(), v.clone());
        }
    }
    Ok((
        serde_json::json!({ "app": zendesk }),
        serde_json::json!({ "ui": ui }),
    ))
}

/// One app's folder: its wasm through wasm-bindgen and wasm-opt, its CSS, static files,
/// manifest and translations.
fn build_app(app: &App, stat: &Path, translations: &[(String, serde_json::Value)]) -> Result<()> {
    let dir = app.dir();
    let assets = dir.join("assets");
    fs::create_dir_all(&assets)?;
    let wasm = util::target_dir()
        .join(WASM_TARGET)
        .join("release")
        .join(app.wasm_name());
    if !wasm.is_file() {
        bail!(
            "cargo built no {} (is {} still a cdylib?)",
            rel(&wasm),
            app.package
        );
    }

    // 2. wasm-bindgen into a scratch dir, 3. wasm-opt into the app's assets. Both apps' files
    // are named deskset.* so that one iframe.html serves both.
    let bindgen = util::target_dir()
        .join("xtask")
        .join("bindgen")
        .join(app.key);
    wasm_pipeline(&wasm, &bindgen, &assets)?;

    // 4. CSS: Garden, then the app's own; rules the app's sources do not name purged, minified.
    let mut css = String::new();
    for pkg in GARDEN_CSS {
        let path = garden_css(pkg);
        css.push_str(&format!("/* @zendeskgarden/{pkg} */\n"));
        css.push_str(&fs::read_to_string(&path)?);
        css.push('\n');
    }
    css.push_str("/* deskset: static/app.css */\n");
    css.push_str(&fs::read_to_string(stat.join("app.css"))?);
    let scratch = util::target_dir().join("xtask").join("css").join(app.key);
    fresh_dir(&scratch)?;
    let full = scratch.join("deskset.css");
    fs::write(&full, css)?;
    let purged = scratch.join("purged");
    run(cmd(node_bin("purgecss"))
        .current_dir(root())
        .arg("--css")
        .arg(&full)
        .arg("--content")
        .args(app.css_content)
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

    // 5. Static files, manifest, translations. The icons: Zendesk shows one for each of the
    // nav_bar and top_bar locations an app uses.
    for f in ["logo.png", "logo-small.png"].iter().chain(app.icons) {
        copy(&stat.join(f), &assets.join(f))?;
    }
    let page = fs::read_to_string(stat.join("iframe.html"))?;
    fs::write(assets.join("iframe.html"), iframe_html(&page, app)?)?;
    copy(&root().join(app.manifest), &dir.join("manifest.json"))?;
    for (name, file) in translations {
        let (zendesk, ui) =
            split_translation(app, file).with_context(|| format!("static/translations/{name}"))?;
        write_json(&dir.join("translations").join(name), &zendesk)?;
        // The app's own copy: the iframe can fetch only from assets/ (see web/src/i18n).
        write_json(&assets.join("i18n").join(name), &ui)?;
    }
    for f in ["deskset_bg.wasm", "deskset.js", "deskset.css"] {
        let len = fs::metadata(assets.join(f))?.len();
        eprintln!("  dist/{}/assets/{f:<18} {len:>9} bytes", app.key);
    }
    Ok(())
}

fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, serde_json::to_string_pretty(value)? + "\n")
        .with_context(|| format!("could not write {}", rel(path)))
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

/// `cargo xtask package`: one zip per app, `target/deskset-<version>.zip` (the console) and
/// `target/deskset-tile-<version>.zip`.
pub fn package() -> Result<()> {
    for (app, manifest) in dist()? {
        let out = package_app(app, &manifest)?;
        println!(
            "package: {} ({} bytes); upload it in Zendesk Admin Center > Apps > Zendesk Support apps > Upload private app",
            out.display(),
            fs::metadata(&out)?.len()
        );
    }
    Ok(())
}

/// The files an app's zip must hold.
fn required_files(app: &App, manifest: &Manifest) -> Vec<String> {
    let mut required: Vec<String> = [
        "manifest.json",
        "assets/iframe.html",
        "assets/logo.png",
        "assets/logo-small.png",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    required.extend(app.icons.iter().map(|i| format!("assets/{i}")));
    required.push(format!("translations/{}.json", manifest.default_locale));
    required
}

fn package_app(app: &App, manifest: &Manifest) -> Result<PathBuf> {
    let dir = app.dir();
    let version = manifest.version.clone().ok_or_else(|| {
        anyhow!(
            "{}'s manifest has no \"version\"; the package is named after it",
            app.key
        )
    })?;
    if version.is_empty()
        || !version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-+_".contains(c))
    {
        bail!(
            "{}'s manifest version {version:?} cannot be used in a file name",
            app.key
        );
    }

    let files = package_files(&dir)?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for r in required_files(app, manifest) {
        if !names.contains(&r.as_str()) {
            bail!(
                "the {} package needs {r}, which dist/{} lacks",
                app.key,
                app.key
            );
        }
    }
    for (name, want) in [("logo.png", 320), ("logo-small.png", 128)] {
        let bytes = fs::read(dir.join("assets").join(name))?;
        match png_size(&bytes) {
            Some((w, h)) if w == want && h == want => {}
            Some((w, h)) => bail!("static/{name} is {w}x{h}; Zendesk wants {want}x{want}"),
            None => bail!("static/{name} is not a PNG file"),
        }
    }

    let out = util::target_dir().join(format!("{}-{version}.zip", app.package));
    let tmp = out.with_extension("zip.part");
    fs::create_dir_all(util::target_dir())?;
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
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_app_s_iframe_html_carries_its_early_calls() {
        let page = fs::read_to_string(root().join("static/iframe.html")).unwrap();
        for app in &APPS {
            let written = iframe_html(&page, app).unwrap();
            let start =
                written.find(r#"id="deskset-early">"#).unwrap() + r#"id="deskset-early">"#.len();
            let list = &written[start..start + written[start..].find("</script>").unwrap()];
            let calls: serde_json::Value = serde_json::from_str(list).unwrap();
            assert!(
                calls.as_array().is_some_and(|c| !c.is_empty()),
                "{}: {list}",
                app.key
            );
            assert!(list.contains("currentUser"), "{}: {list}", app.key);
        }
        assert!(APPS[0].early.contains("/api/v2/custom_roles"));
        // A page without the element, or a call that writes, is refused.
        assert!(iframe_html("<html></html>", &APPS[0]).is_err());
        let writes = App {
            early: r#"[{"request":{"type":"POST","url":"/api/v2/custom_roles"}}]"#,
            ..APPS[0]
        };
        assert!(iframe_html(&page, &writes).is_err());
    }

    /// Every `.rs` file under `dir`.
    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn each_app_ships_the_string_sections_its_code_names() {
        let en: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(root().join("static/translations/en.json")).unwrap(),
        )
        .unwrap();
        let known: Vec<String> = en["ui"].as_object().unwrap().keys().cloned().collect();
        for app in &APPS {
            let crate_dir = root().join(app.manifest).parent().unwrap().to_path_buf();
            let mut files = Vec::new();
            sources(&crate_dir.join("src"), &mut files);
            sources(&root().join("web/src"), &mut files);
            assert!(files.len() > 3, "{}: no sources found", app.key);
            for file in files {
                let text = fs::read_to_string(&file).unwrap();
                for section in &known {
                    // A string literal that starts with a section's name and a dot is a key.
                    if text.contains(&format!("\"{section}.")) {
                        assert!(
                            app.ui_sections.contains(&section.as_str()),
                            "{} uses ui.{section} (in {}) but dist does not ship it to the {} app",
                            rel(&file),
                            rel(&file),
                            app.key
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn translations_split_into_zendesks_part_and_the_apps_strings() {
        let file = serde_json::json!({
            "app": {"name": "deskset"},
            "tile_app": {"name": "deskset tile"},
            "ui": {"app": {"loading": "L"}, "autotask": {"x": "y"}, "roles": {"r": "s"}},
        });
        let tile = &APPS[1];
        let (zendesk, ui) = split_translation(tile, &file).unwrap();
        assert_eq!(
            zendesk,
            serde_json::json!({"app": {"name": "deskset tile"}})
        );
        assert_eq!(
            ui,
            serde_json::json!({"ui": {"app": {"loading": "L"}, "autotask": {"x": "y"}}})
        );
        let (zendesk, ui) = split_translation(&APPS[0], &file).unwrap();
        assert_eq!(zendesk, serde_json::json!({"app": {"name": "deskset"}}));
        assert!(ui["ui"].get("autotask").is_none());
        assert!(ui["ui"].get("roles").is_some());
        assert!(split_translation(tile, &serde_json::json!({"ui": {}})).is_err());
    }

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
