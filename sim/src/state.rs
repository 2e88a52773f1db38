//! The simulated world: fake Zendesk accounts plus what the control API records (requests, faults).
//!
//! One `World` sits behind a mutex; no handler holds the lock across an `.await`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Zendesk Support plans, as the control API and the host page's `plan` switch name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    Essential,
    Team,
    Growth,
    Professional,
    Enterprise,
    EnterprisePlus,
}

impl Plan {
    pub const ALL: [Plan; 6] = [
        Plan::Essential,
        Plan::Team,
        Plan::Growth,
        Plan::Professional,
        Plan::Enterprise,
        Plan::EnterprisePlus,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Plan::Essential => "essential",
            Plan::Team => "team",
            Plan::Growth => "growth",
            Plan::Professional => "professional",
            Plan::Enterprise => "enterprise",
            Plan::EnterprisePlus => "enterprise_plus",
        }
    }

    pub fn parse(s: &str) -> Option<Plan> {
        Plan::ALL.into_iter().find(|p| p.key() == s)
    }

    /// Requests per minute per account, as zendesk-api.md lists them.
    pub fn default_rate_limit(self) -> u32 {
        match self {
            Plan::Essential => 10,
            Plan::Team => 200,
            Plan::Growth | Plan::Professional => 400,
            Plan::Enterprise => 700,
            Plan::EnterprisePlus => 2500,
        }
    }

    /// Custom agent roles need Enterprise or above.
    pub fn has_custom_roles(self) -> bool {
        matches!(self, Plan::Enterprise | Plan::EnterprisePlus)
    }

    /// Whether the plan comes with `feature` ([`Feature`] names each one's "Availability").
    pub fn has(self, feature: Feature) -> bool {
        let growth_up = !matches!(self, Plan::Essential | Plan::Team);
        match feature {
            Feature::TicketForms | Feature::Slas | Feature::Schedules => growth_up,
            Feature::DynamicContent => growth_up && self != Plan::Growth,
        }
    }
}

/// Configuration types only some plans have. The simulator's plans are Zendesk Suite's (Team,
/// Growth, Professional, Enterprise) plus the legacy Essential.
///
/// - Ticket forms: "supported on Suite Growth plans and above, as well as on Support Enterprise
///   plans" (Ticket Forms reference).
/// - SLA policies: "Accounts on the Support Professional or Suite Growth plan or above" (the spec's
///   Availability of every `/api/v2/slas/policies` operation).
/// - Dynamic content: "available only on the Professional plan and above" (Dynamic Content Items
///   reference).
/// - Schedules: the API reference is silent; Zendesk help's "Setting your schedule with business
///   hours and holidays" names Support Professional and Enterprise, whose Suite counterparts start
///   at Growth (the plan SLAs, which count business hours, start at too): the simulator gives
///   schedules to Growth and above.
///
/// The docs are silent on what such an account answers; zendesk-api.md says 403 when "the plan
/// lacks the feature", so the simulator answers 403 `Forbidden`, as for custom roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    TicketForms,
    Slas,
    DynamicContent,
    Schedules,
}

impl Feature {
    pub const ALL: [Feature; 4] = [
        Feature::TicketForms,
        Feature::Slas,
        Feature::DynamicContent,
        Feature::Schedules,
    ];

    /// Its name in the control API (`{"features": {"slas": false}}`).
    pub fn key(self) -> &'static str {
        match self {
            Feature::TicketForms => "ticket_forms",
            Feature::Slas => "slas",
            Feature::DynamicContent => "dynamic_content",
            Feature::Schedules => "schedules",
        }
    }

    pub fn parse(s: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.key() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Admin,
    Agent,
    EndUser,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
            Role::EndUser => "end-user",
        }
    }
}

#[derive(Clone, Debug)]
pub struct User {
    /// The name the host page and the control API use (`admin`, `agent`, ...).
    pub key: String,
    pub id: u64,
    pub name: String,
    /// Zendesk end users may have no email address (phone or social channels only): `None` then.
    pub email: Option<String>,
    pub role: Role,
    pub custom_role_id: Option<u64>,
    pub locale: String,
    /// Zendesk's own time zone name (`Amsterdam`), and the IANA one.
    pub time_zone: String,
    pub iana_time_zone: String,
    pub group_ids: Vec<u64>,
    pub created_at: String,
    /// False once deleted (Zendesk keeps deleted users, inactive); such a user cannot sign in.
    pub active: bool,
    /// A suspended user cannot sign in either.
    pub suspended: bool,
}

/// A group of agents (the spec's GroupObject).
#[derive(Clone, Debug)]
pub struct Group {
    pub id: u64,
    pub name: String,
    pub description: String,
    pub is_public: bool,
    /// The account's default group (exactly one per account).
    pub default: bool,
    /// Deleted groups are kept, marked (the spec's GroupObject: "Deleted groups get marked as such"):
    /// lists show them unless `exclude_deleted=true`, and nothing may refer to them any more.
    pub deleted: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug)]
pub struct CustomRole {
    pub id: u64,
    pub name: String,
    pub description: String,
    /// Kept as a JSON map so fields the simulator does not know survive untouched.
    pub configuration: Map<String, Value>,
    /// Agents on this role that the scenario does not model as users.
    pub unmodelled_members: u64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug)]
pub struct Ticket {
    pub id: u64,
    pub subject: String,
    pub requester_key: String,
}

/// The two deskset apps (ARCHITECTURE.md): each its own Zendesk app, manifest and installation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DesksetApp {
    /// deskset, the console: `nav_bar`, the share credentials.
    Console,
    /// deskset tile: `top_bar` and the sidebars, the Autotask settings.
    Tile,
}

impl DesksetApp {
    pub const ALL: [DesksetApp; 2] = [DesksetApp::Console, DesksetApp::Tile];

    /// Its folder in `--dist` and its name in the control API and the host page's session.
    pub fn key(self) -> &'static str {
        match self {
            DesksetApp::Console => "console",
            DesksetApp::Tile => "tile",
        }
    }

    pub fn parse(s: &str) -> Option<DesksetApp> {
        DesksetApp::ALL.into_iter().find(|a| a.key() == s)
    }

    /// The installation's name (`settings.name`, its title in Admin Center).
    pub fn title(self) -> &'static str {
        match self {
            DesksetApp::Console => "deskset",
            DesksetApp::Tile => "deskset tile",
        }
    }
}

/// The role id `role_restrictions` uses for admins. Zendesk's docs (zaf.md) name the field but
/// not its ids: the simulator takes Zendesk's legacy role numbers for the system roles (admin 2,
/// agent 4) and custom role ids for agents on a custom role.
pub const ADMIN_ROLE_ID: u64 = 2;
/// The role id `role_restrictions` uses for agents without a custom role (see [`ADMIN_ROLE_ID`]).
pub const AGENT_ROLE_ID: u64 = 4;

impl User {
    /// The ids an installation's `role_restrictions` may name for this user.
    pub fn role_ids(&self) -> Vec<u64> {
        match (self.role, self.custom_role_id) {
            (Role::Admin, _) => vec![ADMIN_ROLE_ID],
            (Role::Agent, Some(id)) => vec![id],
            (Role::Agent, None) => vec![AGENT_ROLE_ID],
            (Role::EndUser, _) => Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Installation {
    pub id: u64,
    pub app_id: u64,
    pub app_name: String,
    pub enabled: bool,
    /// Admin Center's role restrictions: `None` for everyone, else the role ids (see
    /// [`ADMIN_ROLE_ID`]) whose users get the app; others do not get its frame at all.
    pub role_restrictions: Option<Vec<u64>>,
    /// Readable settings.
    pub settings: Map<String, Value>,
    /// Values of the manifest's `secure: true` parameters: write-only, used by the proxy alone.
    pub secure_settings: Map<String, Value>,
    pub created_at: String,
    pub updated_at: String,
}

/// `assumption_duration` of `/api/v2/security_settings` (zendesk-api.md): how long Zendesk's support may
/// assume the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssumptionDuration {
    Off,
    Day,
    Week,
    Month,
    Year,
    Always,
}

impl AssumptionDuration {
    pub const ALL: [AssumptionDuration; 6] = [
        AssumptionDuration::Off,
        AssumptionDuration::Day,
        AssumptionDuration::Week,
        AssumptionDuration::Month,
        AssumptionDuration::Year,
        AssumptionDuration::Always,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AssumptionDuration::Off => "off",
            AssumptionDuration::Day => "day",
            AssumptionDuration::Week => "week",
            AssumptionDuration::Month => "month",
            AssumptionDuration::Year => "year",
            AssumptionDuration::Always => "always",
        }
    }

    pub fn parse(s: &str) -> Option<AssumptionDuration> {
        AssumptionDuration::ALL.into_iter().find(|d| d.key() == s)
    }

    /// When a grant made at `now_ms` ends (milliseconds since the epoch): a day and a week are 24
    /// and 168 hours; a month and a year are calendar ones, the day of the month clamped to the
    /// target month's last day (Jan 31 + 1 month = Feb 28 or 29; Feb 29 + 1 year = Feb 28), the
    /// time of day kept. `None` for `off` and `always`.
    pub fn expiration_from(self, now_ms: i64) -> Option<i64> {
        const DAY: i64 = 86_400_000;
        match self {
            AssumptionDuration::Off | AssumptionDuration::Always => None,
            AssumptionDuration::Day => Some(now_ms + DAY),
            AssumptionDuration::Week => Some(now_ms + 7 * DAY),
            AssumptionDuration::Month => Some(add_months(now_ms, 1)),
            AssumptionDuration::Year => Some(add_months(now_ms, 12)),
        }
    }
}

/// The account assumption setting as stored (what an admin last saved).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assumption {
    pub duration: AssumptionDuration,
    /// Milliseconds since the epoch; `Some` only for day, week, month and year.
    pub expiration_ms: Option<i64>,
}

impl Default for Assumption {
    /// Off: Zendesk's default, and every demo account's.
    fn default() -> Self {
        Assumption {
            duration: AssumptionDuration::Off,
            expiration_ms: None,
        }
    }
}

impl Assumption {
    /// The setting as Zendesk reports it at `now_ms`: a timed grant whose expiration has passed is off.
    pub fn effective(self, now_ms: i64) -> Assumption {
        match self.expiration_ms {
            Some(exp) if exp <= now_ms => Assumption::default(),
            _ => self,
        }
    }
}

/// A fixed one-minute window, like Zendesk's "requests per minute".
#[derive(Clone, Debug, Default)]
pub struct RateWindow {
    pub started: Option<Instant>,
    pub count: u32,
}

pub enum RateDecision {
    Allowed { limit: u32, remaining: u32 },
    Limited { limit: u32, retry_after_secs: u64 },
}

impl RateWindow {
    pub fn hit(&mut self, limit: u32, now: Instant) -> RateDecision {
        let window = Duration::from_secs(60);
        let started = match self.started {
            Some(s) if now.duration_since(s) < window => s,
            _ => {
                self.count = 0;
                self.started = Some(now);
                now
            }
        };
        if self.count >= limit {
            let left = window.saturating_sub(now.duration_since(started));
            // Round up: a client waiting the advertised seconds must land in the next window.
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            return RateDecision::Limited {
                limit,
                retry_after_secs: secs.max(1),
            };
        }
        self.count += 1;
        RateDecision::Allowed {
            limit,
            remaining: limit - self.count,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Account {
    pub subdomain: String,
    pub name: String,
    pub plan: Plan,
    /// Set through the control API; otherwise the plan's limit applies.
    pub rate_limit_override: Option<u32>,
    pub token_access: bool,
    /// API tokens are the account's, not a user's: any of them signs in with any user's email.
    pub api_tokens: Vec<String>,
    /// A trial account: `Some(end of the trial, ms since the epoch)`. Zendesk may always assume a
    /// trial account, and the setting cannot be changed.
    pub trial_ends_ms: Option<i64>,
    /// The account assumption setting an admin saved (ignored while on trial).
    pub assumption: Assumption,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    /// Ticket fields, macros, triggers and views as the Support API describes them (the spec's
    /// TicketFieldObject, MacroObject, TriggerObject, ViewObject), without `url` (made per answer).
    pub ticket_fields: Vec<Map<String, Value>>,
    /// Custom user and organization fields (the spec's UserFieldObject and OrganizationFieldObject),
    /// without `url` (made per answer, as the options' `url`s are).
    pub user_fields: Vec<Map<String, Value>>,
    pub organization_fields: Vec<Map<String, Value>>,
    pub macros: Vec<Map<String, Value>>,
    pub triggers: Vec<Map<String, Value>>,
    /// Automations as answered (the spec's AutomationObject, which has no `url`).
    pub automations: Vec<Map<String, Value>>,
    pub views: Vec<Map<String, Value>>,
    /// Ticket trigger categories (the spec's TriggerCategory: `id` is a string), as answered.
    pub trigger_categories: Vec<Map<String, Value>>,
    pub custom_roles: Vec<CustomRole>,
    /// The highest custom role id handed out by a create (0 before any): Zendesk never reuses an id.
    pub last_custom_role_id: u64,
    pub tickets: Vec<Ticket>,
    /// The ticket the host page opens in ticket_sidebar without a `ticket` switch (else the first).
    pub default_ticket_id: Option<u64>,
    pub installations: Vec<Installation>,
    pub rate: RateWindow,
    /// Requests that reached this account's fake API (tests use it to prove a refusal sent nothing).
    pub api_calls: u64,
    /// Which installation is deskset's console: private apps get a different app id in every
    /// account.
    pub deskset_installation_id: Option<u64>,
    /// Which installation is deskset tile.
    pub tile_installation_id: Option<u64>,
    /// OAuth clients and access tokens (`/api/v2/oauth/...`), ids never reused.
    pub oauth: crate::zendesk::oauth::OAuthStore,
    /// The highest id a create handed out, per kind (`groups`, `ticket_fields`, ...): Zendesk never
    /// reuses an id, even after a delete.
    pub last_ids: BTreeMap<&'static str, u64>,
    /// Ticket field updates in the current minute (their own limit, see
    /// [`crate::zendesk::ticket_fields`]).
    pub ticket_field_updates: RateWindow,
    /// Features switched on or off by the control API, whatever the plan says (a plan's own are
    /// [`Plan::has`]).
    pub feature_overrides: BTreeMap<Feature, bool>,
    /// Ticket forms (the spec's TicketFormObject), without `url`.
    pub ticket_forms: Vec<Map<String, Value>>,
    /// SLA policies (the spec's SLAPolicyObject), without `url`.
    pub sla_policies: Vec<Map<String, Value>>,
    /// Dynamic content items (the spec's DynamicContentObject), their `variants` inside, without
    /// `url`s.
    pub dynamic_content: Vec<Map<String, Value>>,
    /// Business hours schedules (`id`, `name`, `time_zone`, `intervals`, the times).
    pub schedules: Vec<Map<String, Value>>,
    /// Each schedule's holidays (`id`, `name`, `start_date`, `end_date`), by schedule id.
    pub holidays: BTreeMap<u64, Vec<Map<String, Value>>>,
    /// Read only here: brands, targets, webhooks (string ids) and organizations, which
    /// configurations refer to but a deploy never creates.
    pub brands: Vec<Map<String, Value>>,
    pub targets: Vec<Map<String, Value>>,
    pub webhooks: Vec<Map<String, Value>>,
    pub organizations: Vec<Map<String, Value>>,
}

impl Installation {
    /// Whether `user` gets this app (its role restrictions allow them).
    pub fn allows(&self, user: &User) -> bool {
        match &self.role_restrictions {
            None => true,
            Some(ids) => user.role_ids().iter().any(|id| ids.contains(id)),
        }
    }
}

impl Account {
    /// Whether the account has `feature`: the control API's switch, else its plan's.
    pub fn has(&self, feature: Feature) -> bool {
        self.feature_overrides
            .get(&feature)
            .copied()
            .unwrap_or_else(|| self.plan.has(feature))
    }

    pub fn rate_limit(&self) -> u32 {
        self.rate_limit_override
            .unwrap_or_else(|| self.plan.default_rate_limit())
    }

    pub fn user(&self, key: &str) -> Option<&User> {
        self.users.iter().find(|u| u.key == key)
    }

    pub fn user_mut(&mut self, key: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.key == key)
    }

    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users.iter().find(|u| {
            u.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
    }

    /// The ticket the host page opens in ticket_sidebar when no `ticket` switch names one.
    pub fn default_ticket(&self) -> Option<&Ticket> {
        self.default_ticket_id
            .and_then(|id| self.tickets.iter().find(|t| t.id == id))
            .or_else(|| self.tickets.first())
    }

    pub fn team_member_count(&self, role: &CustomRole) -> u64 {
        let modelled = self
            .users
            .iter()
            .filter(|u| u.custom_role_id == Some(role.id))
            .count() as u64;
        modelled + role.unmodelled_members
    }

    pub fn deskset_installation(&self) -> Option<&Installation> {
        self.installation_of(DesksetApp::Console)
    }

    /// The installation of one of deskset's apps.
    pub fn installation_of(&self, app: DesksetApp) -> Option<&Installation> {
        let id = self.installation_id_of(app)?;
        self.installations.iter().find(|i| i.id == id)
    }

    pub fn installation_id_of(&self, app: DesksetApp) -> Option<u64> {
        match app {
            DesksetApp::Console => self.deskset_installation_id,
            DesksetApp::Tile => self.tile_installation_id,
        }
    }

    /// Which deskset app an installation is, if it is one.
    pub fn app_of(&self, installation_id: u64) -> Option<DesksetApp> {
        DesksetApp::ALL
            .into_iter()
            .find(|a| self.installation_id_of(*a) == Some(installation_id))
    }

    pub fn is_trial(&self) -> bool {
        self.trial_ends_ms.is_some()
    }

    /// Whole days left in the trial at `now_ms`, rounded up (0 once it has ended); `None` for a paid
    /// account.
    pub fn days_left_in_trial(&self, now_ms: i64) -> Option<i64> {
        const DAY: i64 = 86_400_000;
        self.trial_ends_ms
            .map(|end| ((end - now_ms).max(0) + DAY - 1) / DAY)
    }
}

/// One line of `GET /sim/requests`.
#[derive(Clone, Debug, Serialize)]
pub struct RequestRecord {
    pub seq: u64,
    pub account: String,
    pub user: String,
    /// The deskset app whose frame sent it (`console`, `tile`).
    pub app: String,
    pub method: String,
    /// As the app sent it: placeholders unfilled.
    pub url: String,
    pub secure: bool,
    pub status: u16,
    pub refused: Option<String>,
    /// When the simulator answered it (ms since the epoch): the gaps between requests show
    /// whether a client waited as told (`Retry-After`).
    pub answered_ms: i64,
}

/// An answer injected with `POST /sim/faults`.
#[derive(Clone, Debug, Deserialize)]
pub struct Fault {
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    pub path: String,
    pub status: u16,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<Value>,
    #[serde(default = "one")]
    pub times: u32,
    #[serde(default)]
    pub delay_ms: u64,
}

fn one() -> u32 {
    1
}

impl Fault {
    fn matches(&self, account: Option<&str>, method: &str, path: &str) -> bool {
        let account_ok = match (&self.account, account) {
            (None, _) => true,
            (Some(want), Some(got)) => want == got,
            (Some(_), None) => false,
        };
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        // Zendesk's `.json` suffix is optional: a fault on `/api/v2/groups` is one on
        // `/api/v2/groups.json` too.
        let bare = |p: &str| p.strip_suffix(".json").unwrap_or(p).to_string();
        account_ok && method_ok && bare(&self.path) == bare(path) && self.times > 0
    }
}

pub struct World {
    pub scenario: String,
    pub accounts: BTreeMap<String, Account>,
    pub requests: Vec<RequestRecord>,
    pub faults: Vec<Fault>,
    /// The fake Autotask's tenants, data, switches and in-flight threads.
    pub autotask: crate::autotask::model::AtWorld,
}

impl World {
    pub fn account(&self, subdomain: &str) -> Option<&Account> {
        self.accounts.get(subdomain)
    }

    pub fn account_mut(&mut self, subdomain: &str) -> Option<&mut Account> {
        self.accounts.get_mut(subdomain)
    }

    /// Takes one use of the first fault matching this request, if any.
    pub fn take_fault(&mut self, account: Option<&str>, method: &str, path: &str) -> Option<Fault> {
        let idx = self
            .faults
            .iter()
            .position(|f| f.matches(account, method, path))?;
        let fault = &mut self.faults[idx];
        fault.times -= 1;
        let taken = fault.clone();
        if fault.times == 0 {
            self.faults.remove(idx);
        }
        Some(taken)
    }

    pub fn record(&mut self, mut record: RequestRecord) -> u64 {
        let seq = self.requests.last().map_or(1, |r| r.seq + 1);
        record.seq = seq;
        self.requests.push(record);
        seq
    }
}

/// Now, in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Now as Zendesk writes timestamps: `2024-05-01T12:00:00Z`.
pub fn now_rfc3339() -> String {
    rfc3339_from_ms(now_ms())
}

/// Milliseconds since the epoch as Zendesk writes timestamps (whole seconds, rounded down).
pub fn rfc3339_from_ms(ms: i64) -> String {
    rfc3339_from_unix(ms.div_euclid(1000).max(0) as u64)
}

pub fn rfc3339_from_unix(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

// Howard Hinnant's days-to-civil algorithm; saves a date crate for one timestamp format.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

// Howard Hinnant's civil-to-days algorithm (the inverse of the above).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `ms` plus `months` calendar months, the day of the month clamped to the target month's length,
/// the time of day kept.
pub fn add_months(ms: i64, months: u32) -> i64 {
    const DAY: i64 = 86_400_000;
    let days = ms.div_euclid(DAY);
    let time = ms.rem_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    let index = y * 12 + i64::from(m - 1) + i64::from(months);
    let (ty, tm) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    let month_len = days_from_civil(
        if tm == 12 { ty + 1 } else { ty },
        if tm == 12 { 1 } else { tm + 1 },
        1,
    ) - days_from_civil(ty, tm, 1);
    let td = d.min(month_len as u32);
    days_from_civil(ty, tm, td) * DAY + time
}

/// `YYYY-MM-DD`, optionally `THH:MM[:SS[.fff...]]` and `Z` or `±HH:MM`; no offset means UTC.
/// Milliseconds since the Unix epoch.
pub fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, rest) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let mut d = date.split('-');
    let y: i64 = d.next()?.parse().ok()?;
    let m: u32 = d.next()?.parse().ok()?;
    let day: u32 = d.next()?.parse().ok()?;
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let (time, offset_min) = if rest.is_empty() {
        ("", 0)
    } else if let Some(t) = rest.strip_suffix(['Z', 'z']) {
        (t, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (t, off) = rest.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (oh, om) = off[1..].split_once(':').unwrap_or((&off[1..], "0"));
        (
            t,
            sign * (oh.parse::<i64>().ok()? * 60 + om.parse::<i64>().ok()?),
        )
    } else {
        (rest, 0)
    };
    let mut millis = 0i64;
    if !time.is_empty() {
        let mut parts = time.split(':');
        let h: i64 = parts.next()?.parse().ok()?;
        let mi: i64 = parts.next()?.parse().ok()?;
        let (sec, frac) = match parts.next() {
            None => (0, 0),
            Some(sec) => {
                let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
                let frac_ms = if frac.is_empty() {
                    0
                } else {
                    let digits: String = frac.chars().chain("000".chars()).take(3).collect();
                    digits.parse::<i64>().ok()?
                };
                (whole.parse::<i64>().ok()?, frac_ms)
            }
        };
        if parts.next().is_some() || h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        millis = ((h * 60 + mi) * 60 + sec) * 1000 + frac;
    }
    let days = days_from_civil(y, m, day);
    Some(days * 86_400_000 + millis - offset_min * 60_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_unix_time() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(1_709_251_199), "2024-02-29T23:59:59Z");
    }

    #[test]
    fn parses_datetimes_with_and_without_offsets() {
        assert_eq!(parse_datetime("1970-01-01"), Some(0));
        assert_eq!(parse_datetime("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(
            parse_datetime("2024-02-29T23:59:59Z"),
            Some(1_709_251_199_000)
        );
        assert_eq!(
            parse_datetime("2024-03-01T01:59:59+02:00"),
            Some(1_709_251_199_000)
        );
        assert_eq!(parse_datetime("2024-13-01"), None);
        assert_eq!(parse_datetime("yesterday"), None);
    }

    #[test]
    fn each_duration_expires_when_contracts_md_says() {
        let at = |s: &str| parse_datetime(s).unwrap_or(i64::MIN);
        let end =
            |d: AssumptionDuration, from: &str| d.expiration_from(at(from)).map(rfc3339_from_ms);
        let from = "2026-01-31T09:30:00Z";
        assert_eq!(
            end(AssumptionDuration::Day, from).as_deref(),
            Some("2026-02-01T09:30:00Z")
        );
        assert_eq!(
            end(AssumptionDuration::Week, from).as_deref(),
            Some("2026-02-07T09:30:00Z")
        );
        assert_eq!(
            end(AssumptionDuration::Month, from).as_deref(),
            Some("2026-02-28T09:30:00Z")
        );
        assert_eq!(
            end(AssumptionDuration::Year, from).as_deref(),
            Some("2027-01-31T09:30:00Z")
        );
        assert_eq!(
            end(AssumptionDuration::Month, "2028-01-31T00:00:00Z").as_deref(),
            Some("2028-02-29T00:00:00Z")
        );
        assert_eq!(
            end(AssumptionDuration::Month, "2025-12-15T23:59:59Z").as_deref(),
            Some("2026-01-15T23:59:59Z")
        );
        assert_eq!(
            end(AssumptionDuration::Year, "2028-02-29T12:00:00Z").as_deref(),
            Some("2029-02-28T12:00:00Z")
        );
        assert_eq!(end(AssumptionDuration::Always, from), None);
        assert_eq!(end(AssumptionDuration::Off, from), None);
    }

    #[test]
    fn a_grant_past_its_expiration_reads_as_off() {
        let grant = Assumption {
            duration: AssumptionDuration::Week,
            expiration_ms: Some(10_000),
        };
        assert_eq!(grant.effective(9_999), grant);
        assert_eq!(grant.effective(10_000), Assumption::default());
    }
}
