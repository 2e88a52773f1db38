//! The binary: first stdout line, loopback port, --exit-after.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn prints_its_address_serves_and_exits_by_itself() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut child = Command::new(env!("CARGO_BIN_EXE_deskset-sim"))
        .args(["--port", "0", "--exit-after", "3", "--dist"])
        .arg(fixtures.join("app"))
        .arg("--sdk")
        .arg(fixtures.join("zaf_sdk.js"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    let started = Instant::now();
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("read: {e}"));
    let port = line
        .trim()
        .strip_prefix("deskset-sim listening on http://127.0.0.1:")
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("first line: {line:?}"));
    assert_ne!(port, 0);

    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("connect: {e}"));
    stream
        .write_all(b"GET /sim/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .unwrap_or_else(|e| panic!("read: {e}"));
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("[]"), "{response}");

    let status = child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
    assert!(status.success());
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// One HTTP/1.1 request to the binary; returns the whole response.
fn http(port: u16, request: &str) -> String {
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("connect: {e}"));
    stream
        .write_all(request.as_bytes())
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .unwrap_or_else(|e| panic!("read: {e}"));
    response
}

#[test]
fn scenario_empty_starts_without_acme_roles_and_unknown_scenarios_fail() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut child = Command::new(env!("CARGO_BIN_EXE_deskset-sim"))
        .args([
            "--port",
            "0",
            "--exit-after",
            "5",
            "--scenario",
            "empty",
            "--dist",
        ])
        .arg(fixtures.join("app"))
        .arg("--sdk")
        .arg(fixtures.join("zaf_sdk.js"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("read: {e}"));
    let port = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("first line: {line:?}"));
    let body =
        r#"{"session":{"account":"acme","user":"admin"},"options":{"url":"/api/v2/custom_roles"}}"#;
    let response = http(
        port,
        &format!(
            "POST /sim/proxy HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.contains(r#""custom_roles":[]"#),
        "acme has roles: {response}"
    );
    let _ = child.kill();
    let _ = child.wait();

    let out = Command::new(env!("CARGO_BIN_EXE_deskset-sim"))
        .args([
            "--port",
            "0",
            "--exit-after",
            "1",
            "--scenario",
            "nope",
            "--dist",
        ])
        .arg(fixtures.join("app"))
        .output()
        .unwrap_or_else(|e| panic!("run: {e}"));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("demo, empty"), "{stderr}");
}
