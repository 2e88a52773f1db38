//! deskset-sim: a local stand-in for Zendesk and Autotask so deskset runs and is tested
//! exactly as it would inside the Zendesk App Framework.
//!
//! - [`host`]: the host page, the app's files and the ZAF protocol script (`static/host.js`);
//! - [`proxy`]: ZAF's request proxy (`client.request`), with domainWhitelist and secure settings;
//! - [`zendesk`]: the fake Support API, one module per resource, reachable only through the proxy;
//! - [`autotask`]: the fake Autotask PSA REST API (zones, header auth, queries, picklists, the
//!   thread limit), reachable only through the proxy;
//! - [`control`]: the control API tests use (reset, faults, request log, account switches);
//! - [`state`] and [`scenario`]: the simulated world and the named worlds it starts from.

pub mod autotask;
pub mod control;
pub mod guard;
pub mod host;
pub mod manifest;
pub mod proxy;
pub mod scenario;
pub mod secrets;
pub mod state;
pub mod zendesk;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::middleware;
use axum::Router;

use manifest::Manifest;
use state::{DesksetApp, World};

pub struct Config {
    /// The built apps: `console/` and `tile/`, each an app folder (`manifest.json`, `assets/`).
    pub dist: PathBuf,
    /// The ZAF SDK bundle served in place of Zendesk's CDN copy.
    pub sdk: PathBuf,
    /// The console's manifest (`<dist>/console/manifest.json`).
    pub console: Manifest,
    /// The tile's manifest (`<dist>/tile/manifest.json`).
    pub tile: Manifest,
    /// The bench's floor app (`tests/bench/floor`: `assets/iframe.html` and its script), opened in
    /// place of the location's app with the host switch `app=floor`; `None`: no floor.
    pub floor: Option<PathBuf>,
}

impl Config {
    /// Reads both manifests from `dist`; see [`Manifest::load`] for a missing one.
    pub fn load(dist: PathBuf, sdk: PathBuf) -> Result<Config, String> {
        let console = Manifest::load(&dist.join(DesksetApp::Console.key()))?;
        let tile = Manifest::load(&dist.join(DesksetApp::Tile.key()))?;
        Ok(Config {
            dist,
            sdk,
            console,
            tile,
            floor: None,
        })
    }

    /// The same configuration serving the floor app from `dir` (`--floor`).
    pub fn with_floor(mut self, dir: Option<PathBuf>) -> Config {
        self.floor = dir;
        self
    }

    /// One app's manifest.
    pub fn manifest(&self, app: DesksetApp) -> &Manifest {
        match app {
            DesksetApp::Console => &self.console,
            DesksetApp::Tile => &self.tile,
        }
    }

    /// One app's folder.
    pub fn app_dir(&self, app: DesksetApp) -> PathBuf {
        self.dist.join(app.key())
    }

    /// The app Zendesk opens in `location`: the one whose manifest declares it.
    pub fn app_for(&self, location: &str) -> Option<DesksetApp> {
        DesksetApp::ALL
            .into_iter()
            .find(|a| self.manifest(*a).has_location(location))
    }
}

#[derive(Clone)]
pub struct AppState {
    pub world: Arc<Mutex<World>>,
    pub config: Arc<Config>,
    /// The fake Zendesk, called in-process by the proxy.
    pub zendesk: Router,
    /// The keys host pages prove themselves with (see [`guard`]).
    pub host_keys: guard::HostKeys,
}

impl AppState {
    pub fn new(config: Config, scenario: &str) -> Result<AppState, String> {
        let world = scenario::load(scenario).ok_or_else(|| unknown_scenario(scenario))?;
        let world = Arc::new(Mutex::new(world));
        let config = Arc::new(config);
        let zendesk = zendesk::router(zendesk::ZdState {
            world: world.clone(),
            config: config.clone(),
        });
        Ok(AppState {
            world,
            config,
            zendesk,
            host_keys: guard::HostKeys::default(),
        })
    }

    pub fn lock(&self) -> MutexGuard<'_, World> {
        // A panic elsewhere must not take the whole simulator down with it.
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub fn unknown_scenario(name: &str) -> String {
    format!(
        "unknown scenario {name:?}; known: {}",
        scenario::SCENARIOS.join(", ")
    )
}

/// Every route the simulator serves on its port. The simulator's own endpoints are for the host page
/// and tools only, never for the app ([`guard`]).
pub fn router(state: AppState) -> Router {
    let guarded = Router::new()
        .merge(proxy::routes())
        .merge(control::routes())
        .merge(secrets::routes())
        .merge(autotask::control::routes())
        .merge(host::session_routes())
        .route_layer(middleware::from_fn(guard::json_only))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            guard::host_page_only,
        ));
    Router::new()
        .merge(host::routes())
        .merge(guarded)
        .with_state(state)
}

/// `s` encoded for a URL query value: everything but RFC 3986's unreserved characters escaped.
pub(crate) fn encode_query_value(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const QUERY_VALUE: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}
