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
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: u64,
    pub name: String,
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

#[derive(Clone, Debug)]
pub struct Installation {
    pub id: u64,
    pub app_id: u64,
    pub app_name: String,
    pub enabled: bool,
    /// Readable settings.
    pub settings: Map<String, Value>,
    /// Values of the manifest's `secure: true` parameters: write-only, used by the proxy alone.
    pub secure_settings: Map<String, Value>,
    pub created_at: String,
    pub updated_at: String,
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
    pub api_tokens: Vec<String>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
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
    /// Which installation is deskset's: private apps get a different app id in every account.
    pub deskset_installation_id: Option<u64>,
}

impl Account {
    pub fn rate_limit(&self) -> u32 {
        self.rate_limit_override
            .unwrap_or_else(|| self.plan.default_rate_limit())
    }

    pub fn user(&self, key: &str) -> Option<&User> {
        self.users.iter().find(|u| u.key == key)
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
        let id = self.deskset_installation_id?;
        self.installations.iter().find(|i| i.id == id)
    }
}

/// One line of `GET /sim/requests`.
#[derive(Clone, Debug, Serialize)]
pub struct RequestRecord {
    pub seq: u64,
    pub account: String,
    pub user: String,
    pub method: String,
    /// As the app sent it: placeholders unfilled.
    pub url: String,
    pub secure: bool,
    pub status: u16,
    pub refused: Option<String>,
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
        account_ok && method_ok && self.path == path && self.times > 0
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

/// Now as Zendesk writes timestamps: `2024-05-01T12:00:00Z`.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339_from_unix(secs)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_unix_time() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(1_709_251_199), "2024-02-29T23:59:59Z");
    }
}
