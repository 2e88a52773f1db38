//! host.js in a real browser: the app iframe on the other loopback name (cross-origin, as in
//! Zendesk), the ZAF handshake and `get` across origins, events with `needsReply`, the app kept
//! off the simulator's own endpoints, and changing a ticket's requester (`__simSetRequester`).
//!
//! Needs node, Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium), the workspace's
//! `node_modules/playwright-core` and the SDK bundle `target/zaf/zaf_sdk.js` (`cargo xtask setup`).
//! Without them the test says so and passes, unless `DESKSET_SIM_BROWSER=1` demands them.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

#[test]
fn host_js_speaks_zaf_to_a_cross_origin_app() {
    let sim_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = sim_dir.parent().map(PathBuf::from).unwrap_or_default();
    let fixtures = sim_dir.join("tests/fixtures/browser");
    let playwright = root.join("node_modules/playwright-core");
    let sdk = root.join("target/zaf/zaf_sdk.js");
    let chromium =
        PathBuf::from(std::env::var("CHROMIUM_PATH").unwrap_or("/usr/bin/chromium".into()));
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing: Vec<String> = [
        (!node_ok).then(|| "node".to_owned()),
        (!chromium.is_file()).then(|| chromium.display().to_string()),
        (!playwright.is_dir()).then(|| playwright.display().to_string()),
        (!sdk.is_file()).then(|| sdk.display().to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        let message = format!("browser test skipped, missing: {}", missing.join(", "));
        if std::env::var("DESKSET_SIM_BROWSER").is_ok_and(|v| v == "1") {
            panic!("{message}");
        }
        eprintln!("{message}");
        return;
    }

    let mut sim = Command::new(env!("CARGO_BIN_EXE_deskset-sim"))
        .args(["--port", "0", "--exit-after", "60", "--dist"])
        .arg(&fixtures)
        .arg("--sdk")
        .arg(&sdk)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    let stdout = sim.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("read: {e}"));
    let base = line
        .trim()
        .strip_prefix("deskset-sim listening on ")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .to_owned();
    let port = base.rsplit(':').next().unwrap_or_default().to_owned();

    let run = Command::new("node")
        .arg(fixtures.join("check.mjs"))
        .arg(&playwright)
        .arg(&chromium)
        .arg(format!("{base}/?account=acme&user=admin"))
        .arg(format!(
            "{base}/?account=acme&user=admin&location=ticket_sidebar&ticket=1001"
        ))
        .output();
    let _ = sim.kill();
    let _ = sim.wait();
    let run = run.unwrap_or_else(|e| panic!("node: {e}"));
    let stdout = String::from_utf8_lossy(&run.stdout);
    let out: Value = stdout
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| {
            panic!(
                "no result: {stdout}\n{}",
                String::from_utf8_lossy(&run.stderr)
            )
        });
    assert!(out.get("error").is_none(), "{out}");
    let host_origin = format!("http://127.0.0.1:{port}");
    let app_origin = format!("http://localhost:{port}");
    assert_eq!(out["pageOrigin"], host_origin.as_str(), "{out}");
    assert_eq!(out["frameOrigin"], app_origin.as_str(), "{out}");
    assert!(
        out["src"].as_str().is_some_and(|s| s.starts_with(&format!(
            "{app_origin}/app/console/assets/iframe.html?origin="
        ))),
        "{out}"
    );
    assert_eq!(out["pageReadsFrame"], "blocked", "{out}");
    // The handshake, `get` and a proxied request crossed the origins.
    assert_eq!(out["user"], "Ada Admin", "{out}");
    assert_eq!(out["me"], "ada.admin@acme.example", "{out}");
    // One event with needsReply got one reply; both events reached the handler.
    let replies = out["replies"].as_array().cloned().unwrap_or_default();
    assert_eq!(replies.len(), 1, "{out}");
    assert_eq!(replies[0]["name"], "app.activated", "{out}");
    assert_eq!(replies[0]["error"], Value::Null, "{out}");
    assert_eq!(out["activated"], 2, "{out}");
    assert_eq!(out["appFetch"], 403, "{out}");

    // __simSetRequester and the toolbar's Requester select (ticket 1001: Chris).
    assert_eq!(
        out["requesterBefore"],
        json!({"name": "Chris Customer", "email": "chris@customer.example"}),
        "{out}"
    );
    assert_eq!(out["setReturned"], "Nora Phone", "{out}");
    assert_eq!(
        out["requesterAfterSet"],
        json!({"name": "Nora Phone", "email": null}),
        "{out}"
    );
    assert_eq!(out["selectBefore"], "noemail", "{out}");
    assert_eq!(
        out["requesterAfterSelect"],
        json!({"name": "Sam Shared", "email": "sam.shared@acme.example"}),
        "{out}"
    );
    assert_eq!(
        out["requesterEvents"],
        json!([
            {"name": "ticket.requester.id.changed", "value": 381_000_000_103u64},
            {"name": "ticket.requester.email.changed", "value": null},
            {"name": "ticket.requester.id.changed", "value": 381_000_000_004u64},
            {"name": "ticket.requester.email.changed", "value": "sam.shared@acme.example"},
        ]),
        "{out}"
    );
    assert_eq!(out["fired"].as_array().map(Vec::len), Some(4), "{out}");
    assert!(
        out["unknown"]
            .as_str()
            .is_some_and(|m| m.contains("no user \"nobody\"")),
        "{out}"
    );
    // Live: no reload.
    assert_eq!(out["sameUrl"], true, "{out}");
}
