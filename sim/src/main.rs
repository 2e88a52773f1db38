//! `deskset-sim [--port N] [--dist DIR] [--sdk FILE] [--floor DIR] [--scenario NAME] [--exit-after SECS]`

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use deskset_sim::manifest::SCOPES;
use deskset_sim::state::DesksetApp;
use deskset_sim::{router, AppState, Config};

/// A local Zendesk for deskset: ZAF host page, request proxy and fake accounts.
#[derive(Parser, Debug)]
#[command(name = "deskset-sim", version)]
struct Cli {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 4567)]
    port: u16,
    /// The built apps: console/ and tile/, each an app folder (manifest.json, assets/).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// The ZAF SDK bundle served in place of Zendesk's CDN copy.
    #[arg(long, default_value = "target/zaf/zaf_sdk.js")]
    sdk: PathBuf,
    /// The bench's floor app (a folder with assets/iframe.html), opened instead of the location's
    /// app by the host page's switch `app=floor`. None by default.
    #[arg(long, value_name = "DIR")]
    floor: Option<PathBuf>,
    /// The world to start from: demo, unshared (demo without acme's share with globex), empty (demo
    /// without acme's custom roles), many_roles (demo with acme at the limit of 197 custom roles),
    /// autotask_many (demo with 1,200 more Autotask tickets), trial (demo with acme on a trial),
    /// large (demo with acme at 2,000 shared macros and 500 custom ticket fields), or bare_target
    /// (empty, and acme holds nothing globex's "Full service desk" names).
    #[arg(long, default_value = "demo")]
    scenario: String,
    /// Exit by itself after this many seconds.
    #[arg(long, value_name = "SECS")]
    exit_after: Option<u64>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("deskset-sim: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = Config::load(cli.dist.clone(), cli.sdk.clone())?.with_floor(cli.floor.clone());
    if let Some(dir) = &config.floor {
        if !dir.join("assets/iframe.html").is_file() {
            return Err(format!(
                "--floor {}: no assets/iframe.html there",
                dir.display()
            ));
        }
    }
    for app in DesksetApp::ALL {
        let dir = config.app_dir(app);
        if !dir.join("manifest.json").is_file() {
            eprintln!(
                "deskset-sim: no manifest.json in {}: the {} app does not open and its requests to absolute URLs are refused until it is built",
                dir.display(),
                app.key()
            );
        }
        for p in config.manifest(app).parameters.iter().filter(|p| p.secure) {
            match &p.scopes {
                Some(scopes) if !scopes.is_empty() => {
                    for scope in scopes.iter().filter(|s| !SCOPES.contains(&s.as_str())) {
                        eprintln!("deskset-sim: secure parameter {:?} has an unknown scope {scope:?}; known: {}", p.name, SCOPES.join(", "));
                    }
                }
                _ => eprintln!(
                    "deskset-sim: secure parameter {:?} has no scopes (Zendesk's validator warns): the proxy fills it in headers only",
                    p.name
                ),
            }
        }
    }
    let state = AppState::new(config, &cli.scenario)?;
    let app = router(state);
    // Loopback only: the simulator holds fake secrets and answers anyone who can connect.
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, cli.port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?
        .port();
    let mut out = std::io::stdout().lock();
    writeln!(out, "deskset-sim listening on http://127.0.0.1:{port}")
        .and_then(|()| out.flush())
        .map_err(|e| format!("stdout: {e}"))?;
    drop(out);

    let serve = axum::serve(listener, app);
    match cli.exit_after {
        // Not a graceful shutdown: a browser's keep-alive connection must not keep the process up.
        Some(secs) => tokio::select! {
            r = serve => r.map_err(|e| format!("server: {e}")),
            () = tokio::time::sleep(Duration::from_secs(secs)) => Ok(()),
        },
        None => serve.await.map_err(|e| format!("server: {e}")),
    }
}
