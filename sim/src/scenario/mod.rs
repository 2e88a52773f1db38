//! Named starting worlds (contracts.md, "Demo scenario"): `demo`, `unshared` (demo without acme's
//! share with globex), `empty` (demo with no custom roles in acme), `many_roles` (demo with acme at
//! Zendesk's limit of 197 custom roles), `autotask_many` (demo with 1,200 more Autotask tickets for
//! Ada's contact; see [`crate::autotask::seed`]), `trial` (demo with acme on a trial) and `large`
//! (demo with acme at 2,000 shared macros and 500 custom ticket fields; see [`large`]). Every one
//! but `unshared` starts with acme sharing globex ([`share_acme_with_globex`]). Every one has three accounts:
//! acme (the target), globex (a registered source) and initech (deskset not installed). deskset's
//! installations are set up for Autotask (the tenant's API user, and its secret as a secure
//! setting), and acme has one ticket per state of the Autotask tile (1001-1007). Add data for new
//! resources by extending the account builders below (one function per account, one helper per
//! resource); the configuration objects (groups, fields, macros, triggers, automations, views, ticket
//! forms, SLA policies, dynamic content, schedules) and what they refer to (brands, targets, webhooks,
//! organizations) are in [`rules`].

pub mod large;
pub mod rules;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::autotask::model::AtWorld;
use crate::autotask::seed as autotask;
use crate::state::{
    now_ms, rfc3339_from_unix, Account, Assumption, CustomRole, DesksetApp, Installation, Plan,
    RateWindow, Role, Ticket, User, World, ADMIN_ROLE_ID,
};
use crate::zendesk::role_rules;

pub const SCENARIOS: [&str; 7] = [
    "demo",
    "empty",
    "many_roles",
    "autotask_many",
    "trial",
    "unshared",
    "large",
];

/// The API token of each demo account (documented so developers can try shares by hand). Zendesk's
/// API tokens are the account's: any one signs in with the email of any of its users.
pub const ACME_API_TOKEN: &str = "acmeDemoToken0000000000000000000000000001";
pub const GLOBEX_API_TOKEN: &str = "globexDemoToken00000000000000000000000001";
pub const INITECH_API_TOKEN: &str = "initechDemoToken0000000000000000000000001";

/// How long a trial lasts when one starts (`POST /sim/accounts/<sub> {"trial": true}`): Zendesk's
/// trials are 14 days.
pub const TRIAL_DAYS: i64 = 14;

/// deskset's installation in initech once installed (`{"deskset_installed": true}`).
pub const INITECH_DESKSET: u64 = 362_000_870_001;
/// Sam Shared's address in acme, carried by two active acme-it contacts.
pub const SAM_EMAIL: &str = "sam.shared@acme.example";

pub fn load(name: &str) -> Option<World> {
    let mut world = scenario_world(name)?;
    if name != "unshared" {
        share_acme_with_globex(&mut world);
    }
    Some(world)
}

fn scenario_world(name: &str) -> Option<World> {
    match name {
        "demo" => Some(world("demo", acme(), autotask::demo())),
        "unshared" => Some(world("unshared", acme(), autotask::demo())),
        "empty" => Some(world("empty", acme_without_roles(), autotask::demo())),
        "bare_target" => Some(world("bare_target", acme_bare(), autotask::demo())),
        "many_roles" => Some(world(
            "many_roles",
            acme_with_many_roles(),
            autotask::demo(),
        )),
        "autotask_many" => Some(world("autotask_many", acme(), autotask::many())),
        "trial" => {
            let mut acme = acme();
            start_trial(&mut acme);
            Some(world("trial", acme, autotask::demo()))
        }
        "large" => {
            let mut acme = acme();
            large::grow(&mut acme);
            Some(world("large", acme, autotask::demo()))
        }
        _ => None,
    }
}

/// When Ada added the demo's share with globex.
pub const DEMO_SHARE_CREATED_AT: &str = "2025-02-03T09:30:00Z";

/// The share every scenario but `unshared` starts with, as deskset's add-share flow leaves it
/// (ARCHITECTURE.md, "The share flow" 5-6): in globex, an OAuth client `deskset_share_acme` made by
/// Greta and a read-scoped token of hers on it; in acme's console installation, the `shares` entry
/// (slot 1, with the token's id) and the token itself in the secure setting `share_auth_1` (a fresh
/// random value each time the scenario loads: nothing the app can read holds it).
fn share_acme_with_globex(world: &mut World) {
    use crate::zendesk::oauth::{
        random_hex, OAuthClient, OAuthToken, FIRST_CLIENT_ID, FIRST_TOKEN_ID,
    };
    const GRETA: u64 = 382_000_000_001;
    let token = random_hex();
    let Some(globex) = world.account_mut("globex") else {
        return;
    };
    globex.oauth.clients.push(OAuthClient {
        id: FIRST_CLIENT_ID,
        user_id: GRETA,
        name: "deskset share with acme".to_owned(),
        identifier: "deskset_share_acme".to_owned(),
        company: Some("deskset".to_owned()),
        description: Some("Read-only access for deskset in acme.zendesk.com, made when an admin there added this account as a share. Revoke its token to end the share.".to_owned()),
        kind: "confidential".to_owned(),
        redirect_uri: Vec::new(),
        secret: random_hex(),
        created_at: DEMO_SHARE_CREATED_AT.to_owned(),
        updated_at: DEMO_SHARE_CREATED_AT.to_owned(),
    });
    globex.oauth.tokens.push(OAuthToken {
        id: FIRST_TOKEN_ID,
        client_id: FIRST_CLIENT_ID,
        user_id: GRETA,
        value: token.clone(),
        scopes: vec!["read".to_owned()],
        created_at: DEMO_SHARE_CREATED_AT.to_owned(),
        used_at: None,
        revoked: false,
    });
    globex.oauth.last_client_id = FIRST_CLIENT_ID;
    globex.oauth.last_token_id = FIRST_TOKEN_ID;
    let Some(acme) = world.account_mut("acme") else {
        return;
    };
    let console = acme.deskset_installation_id;
    let Some(deskset) = acme
        .installations
        .iter_mut()
        .find(|i| Some(i.id) == console)
    else {
        return;
    };
    let shares = json!([{
        "slot": 1,
        "source_url": "https://globex.zendesk.com",
        "username": "greta.globex@globex.example",
        "created_at": DEMO_SHARE_CREATED_AT,
        "created_by": "ada.admin@acme.example",
        "token_id": FIRST_TOKEN_ID,
    }]);
    // Hidden JSON settings are strings: ZAF settings hold text.
    deskset
        .settings
        .insert("shares".to_owned(), Value::String(shares.to_string()));
    set_secure(deskset, "share_auth_1", &token);
}

/// Puts an account on a [`TRIAL_DAYS`] trial from now.
pub fn start_trial(account: &mut Account) {
    account.trial_ends_ms = Some(now_ms() + TRIAL_DAYS * 86_400_000);
}

fn world(name: &str, acme: Account, autotask: AtWorld) -> World {
    let accounts = [acme, globex(), initech()];
    let accounts = accounts
        .into_iter()
        .map(|a| (a.subdomain.clone(), a))
        .collect::<BTreeMap<_, _>>();
    World {
        scenario: name.to_owned(),
        accounts,
        requests: Vec::new(),
        faults: Vec::new(),
        autotask,
    }
}

fn acme() -> Account {
    let roles = vec![
        role(
            360_000_210_001,
            "Team lead",
            "Leads a support team: manages the team's agents, roles, macros and views.",
            4,
            "2022-03-14T09:12:44Z",
            "2024-11-05T16:40:02Z",
            &[
                ("ticket_access", json!("all")),
                ("manage_roles", json!("all-except-self")),
                ("manage_team_members", json!("all-with-self-restriction")),
                ("macro_access", json!("manage-group")),
                ("view_access", json!("manage-group")),
                ("user_view_access", json!("manage-group")),
                ("report_access", json!("full")),
                ("explore_access", json!("edit")),
                ("end_user_profile_access", json!("full")),
                ("ticket_deletion", json!(true)),
                ("ticket_merge", json!(true)),
                ("view_deleted_tickets", json!(true)),
                ("manage_group_memberships", json!(true)),
                ("manage_suspended_tickets", json!(true)),
                ("assign_tickets_to_any_group", json!(true)),
                ("export_views", json!(true)),
            ],
        ),
        role(
            360_000_210_002,
            "Support agent",
            "Front-line agent: works tickets in their groups, uses shared macros and views.",
            23,
            "2022-03-14T09:15:02Z",
            "2024-06-21T08:03:57Z",
            &[
                ("ticket_access", json!("within-groups")),
                ("manage_roles", json!("none")),
            ],
        ),
        role(
            360_000_210_003,
            "Billing specialist",
            "Handles invoices and refunds; edits customer profiles within their organization.",
            3,
            "2022-08-02T13:27:19Z",
            "2023-12-11T10:45:30Z",
            &[
                ("ticket_access", json!("within-groups-and-public-groups")),
                ("end_user_profile_access", json!("edit-within-org")),
                ("organization_editing", json!(true)),
                ("report_access", json!("readonly")),
                ("explore_access", json!("readonly")),
                ("manage_roles", json!("none")),
            ],
        ),
        role(
            360_000_210_004,
            "Escalations engineer",
            "Second line: sees every ticket, merges and redacts, manages ticket fields and forms.",
            6,
            "2023-01-19T15:02:51Z",
            "2025-02-03T11:18:09Z",
            &[
                ("ticket_access", json!("all")),
                ("ticket_merge", json!(true)),
                ("ticket_redaction", json!(true)),
                ("view_deleted_tickets", json!(true)),
                ("manage_ticket_fields", json!(true)),
                ("manage_ticket_forms", json!(true)),
                ("side_conversation_create", json!(true)),
                ("view_access", json!("manage-personal")),
                ("manage_roles", json!("none")),
            ],
        ),
        role(
            360_000_210_005,
            "Read-only auditor",
            "Quality and compliance reviews: reads tickets and reports, changes nothing.",
            0,
            "2024-04-08T07:55:13Z",
            "2024-04-08T07:55:13Z",
            &[
                ("ticket_access", json!("all")),
                ("ticket_comment_access", json!("none")),
                ("ticket_editing", json!(false)),
                ("ticket_tag_editing", json!(false)),
                ("macro_access", json!("readonly")),
                ("view_access", json!("readonly")),
                ("user_view_access", json!("readonly")),
                ("end_user_profile_access", json!("readonly")),
                ("report_access", json!("readonly")),
                ("explore_access", json!("readonly")),
                ("forum_access", json!("readonly")),
                ("side_conversation_create", json!(false)),
                ("manage_roles", json!("none")),
            ],
        ),
    ];
    let users = vec![
        user(
            "admin",
            381_000_000_001,
            "Ada Admin",
            Some("ada.admin@acme.example"),
            Role::Admin,
            None,
            "en-US",
            &[rules::ACME_SUPPORT, rules::ACME_ESCALATIONS],
        ),
        user(
            "agent",
            381_000_000_002,
            "Alan Agent",
            Some("alan.agent@acme.example"),
            Role::Agent,
            Some(360_000_210_001),
            "en-US",
            &[rules::ACME_SUPPORT],
        ),
        user(
            "restricted",
            381_000_000_003,
            "Rita Restricted",
            Some("rita.restricted@acme.example"),
            Role::Agent,
            Some(360_000_210_002),
            "en-US",
            &[rules::ACME_SUPPORT],
        ),
        // A plain agent (no custom role, so no manage_roles) whose address two active Autotask
        // contacts carry: the tile's "several contacts" state for a current user (top_bar).
        user(
            "shared",
            381_000_000_004,
            "Sam Shared",
            Some(SAM_EMAIL),
            Role::Agent,
            None,
            "en-US",
            &[rules::ACME_SUPPORT],
        ),
        user(
            "customer",
            381_000_000_101,
            "Chris Customer",
            Some("chris@customer.example"),
            Role::EndUser,
            None,
            "en-US",
            &[],
        ),
        user(
            "customer2",
            381_000_000_102,
            "Dana Doe",
            Some("dana.doe@customer.example"),
            Role::EndUser,
            None,
            "nl",
            &[],
        ),
        // An agent of the service desk, in globex too (another id): a deploy of "Full service
        // desk" finds her by her address.
        user(
            "pat",
            rules::ACME_PAT_LEE,
            "Pat Lee",
            Some(rules::PAT_LEE_EMAIL),
            Role::Agent,
            None,
            "en-US",
            &[rules::ACME_SUPPORT],
        ),
        // An end user with no email address (reached by phone): ZAF's user object has email null.
        user(
            "noemail",
            381_000_000_103,
            "Nora Phone",
            None,
            Role::EndUser,
            None,
            "en-US",
            &[],
        ),
    ];
    let deskset = installation(
        360_000_870_001,
        1_043_587,
        "deskset",
        "2024-09-30T12:00:00Z",
        &[],
    );
    let tile = tile_installation(
        360_000_870_003,
        1_043_588,
        "Acme IT Autotask",
        autotask::ACME_IT_USER,
        autotask::ACME_IT_SECRET,
        autotask::ACME_IT_OWN_CODE,
    );
    let other_app = installation(
        360_000_870_002,
        204_118,
        "Time Tracking",
        "2021-05-17T08:30:00Z",
        &[("time_field_id", json!("360012345678"))],
    );
    let rules = rules::acme();
    Account {
        subdomain: "acme".to_owned(),
        name: "Acme Corp".to_owned(),
        plan: Plan::Enterprise,
        rate_limit_override: None,
        token_access: true,
        api_tokens: vec![ACME_API_TOKEN.to_owned()],
        trial_ends_ms: None,
        assumption: Assumption::default(),
        users,
        groups: rules.groups,
        ticket_fields: rules.ticket_fields,
        user_fields: rules.user_fields,
        organization_fields: rules.organization_fields,
        macros: rules.macros,
        triggers: rules.triggers,
        automations: rules.automations,
        views: rules.views,
        trigger_categories: rules.trigger_categories,
        custom_roles: roles,
        last_custom_role_id: 0,
        tickets: vec![
            ticket(1001, "Invoice shows the wrong VAT number", "customer"),
            ticket(1002, "Cannot log in to the portal", "customer2"),
            ticket(1003, "VPN keeps dropping when working from home", "admin"),
            ticket(1004, "Request for a second monitor", "agent"),
            ticket(1005, "Password reset for the HR portal", "restricted"),
            ticket(1006, "Called about a broken headset", "noemail"),
            ticket(1007, "Docking station not detected", "shared"),
        ],
        // Ada's ticket: her Autotask contact has recent tickets, the fullest sidebar.
        default_ticket_id: Some(1003),
        deskset_installation_id: Some(deskset.id),
        tile_installation_id: Some(tile.id),
        installations: vec![deskset, tile, other_app],
        rate: RateWindow::default(),
        api_calls: 0,
        oauth: Default::default(),
        last_ids: Default::default(),
        ticket_field_updates: Default::default(),
        feature_overrides: Default::default(),
        ticket_forms: rules.ticket_forms,
        sla_policies: rules.sla_policies,
        dynamic_content: rules.dynamic_content,
        schedules: rules.schedules,
        holidays: rules.holidays,
        brands: rules.brands,
        targets: rules.targets,
        webhooks: rules.webhooks,
        organizations: rules.organizations,
    }
    .with_console_for_role_managers()
}

/// `bare_target`: acme without custom roles (as `empty`) and without any item named as a
/// component of globex's "Full service desk": a target where that configuration is all new.
fn acme_bare() -> Account {
    let mut acme = acme_without_roles();
    // A setting's text, as installations keep it.
    let configurations: Value = rules::globex_configurations()
        .as_str()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    let components: Vec<(String, String)> = configurations
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["name"] == "Full service desk")
        .flat_map(|c| c["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| {
            Some((
                c["type"].as_str()?.to_owned(),
                c["name"].as_str()?.trim().to_lowercase(),
            ))
        })
        .collect();
    // User and organization fields are matched by key: globex's keys of those names.
    let globex = rules::globex();
    let keys: Vec<String> = globex
        .user_fields
        .iter()
        .chain(&globex.organization_fields)
        .filter(|f| {
            f.get("title").and_then(Value::as_str).is_some_and(|t| {
                components
                    .iter()
                    .any(|(k, n)| k.ends_with("_fields") && *n == t.trim().to_lowercase())
            })
        })
        .filter_map(|f| f.get("key").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let named = |kind: &str, item: &Map<String, Value>| {
        let by_key = kind != "ticket_fields"
            && item
                .get("key")
                .and_then(Value::as_str)
                .is_some_and(|k| keys.iter().any(|x| x == k));
        by_key
            || ["name", "title", "raw_title"].iter().any(|f| {
                item.get(*f).and_then(Value::as_str).is_some_and(|n| {
                    components.contains(&(kind.to_owned(), n.trim().to_lowercase()))
                })
            })
    };
    acme.groups
        .retain(|g| !components.contains(&("groups".to_owned(), g.name.trim().to_lowercase())));
    for (kind, list) in [
        ("ticket_fields", &mut acme.ticket_fields),
        ("user_fields", &mut acme.user_fields),
        ("organization_fields", &mut acme.organization_fields),
        ("macros", &mut acme.macros),
        ("triggers", &mut acme.triggers),
        ("automations", &mut acme.automations),
        ("views", &mut acme.views),
        ("trigger_categories", &mut acme.trigger_categories),
        ("ticket_forms", &mut acme.ticket_forms),
        ("sla_policies", &mut acme.sla_policies),
        ("dynamic_content", &mut acme.dynamic_content),
        ("schedules", &mut acme.schedules),
    ] {
        list.retain(|i| !named(kind, i));
    }
    // acme's own triggers in a category taken away move to one that is left (Zendesk keeps every
    // trigger in a category).
    let left: Vec<Value> = acme
        .trigger_categories
        .iter()
        .filter_map(|c| c.get("id").cloned())
        .collect();
    if let Some(first) = left.first().cloned() {
        for trigger in &mut acme.triggers {
            if trigger
                .get("category_id")
                .is_some_and(|c| !left.contains(c))
            {
                trigger.insert("category_id".into(), first.clone());
            }
        }
    }
    acme
}

/// `empty`: acme as in demo (users, groups, tickets, installations) but with no custom roles. Its
/// agents keep their keys and names; with no role to point at they are plain agents
/// (`custom_role_id: null`), so neither may manage roles.
fn acme_without_roles() -> Account {
    let mut acme = acme();
    acme.custom_roles.clear();
    for user in &mut acme.users {
        user.custom_role_id = None;
    }
    acme.with_console_for_role_managers()
}

/// `many_roles`: acme as in demo (its five roles, users and all) plus generated roles up to Zendesk's
/// limit of 197 custom roles, so the next create is the 198th. Names are realistic team roles with a
/// counter ("Tier 2 support 017"); permissions, descriptions, dates and member counts vary, and every
/// third generated role has no agents (so it can be deleted).
fn acme_with_many_roles() -> Account {
    const KINDS: [(&str, &str, &str); 16] = [
        ("Tier 1 support", "within-groups", "Answers new tickets for"),
        ("Tier 2 support", "all", "Takes escalated tickets for"),
        (
            "Billing desk",
            "within-groups-and-public-groups",
            "Invoices and refunds for",
        ),
        ("Returns desk", "within-groups", "Returns and exchanges for"),
        (
            "Onboarding specialist",
            "within-organization",
            "Onboards new customers of",
        ),
        ("Escalations lead", "all", "Owns escalations for"),
        ("Quality reviewer", "all", "Reviews ticket quality for"),
        (
            "Knowledge editor",
            "assigned-only",
            "Maintains help center articles for",
        ),
        (
            "VIP care",
            "within-organization",
            "Looks after key accounts of",
        ),
        (
            "Night shift",
            "within-groups",
            "Covers out-of-hours tickets for",
        ),
        (
            "Partner support",
            "within-groups-and-public-groups",
            "Supports resellers of",
        ),
        (
            "Field service",
            "assigned-only",
            "Dispatches on-site visits for",
        ),
        (
            "Social media",
            "within-groups",
            "Answers social channels for",
        ),
        ("Voice team", "within-groups", "Takes phone calls for"),
        ("Compliance auditor", "all", "Audits ticket handling for"),
        ("Workforce planner", "all", "Plans staffing for"),
    ];
    const REGIONS: [&str; 6] = ["EMEA", "North America", "LATAM", "APAC", "DACH", "Nordics"];
    const MACROS: [&str; 4] = ["full", "manage-group", "manage-personal", "readonly"];
    const REPORTS: [&str; 3] = ["full", "none", "readonly"];
    let mut acme = acme();
    let first = acme.custom_roles.len();
    for n in first + 1..=role_rules::MAX_CUSTOM_ROLES {
        let (kind, tickets, what) = KINDS[n % KINDS.len()];
        let region = REGIONS[n % REGIONS.len()];
        let members = if n % 3 == 0 { 0 } else { (n % 11) as u64 + 1 };
        // From 2021-01-04, one role every few days.
        let created = 1_609_750_800 + n as u64 * 4 * 86_400 + n as u64 * 3_607;
        let updated = created + (n as u64 % 9) * 30 * 86_400;
        acme.custom_roles.push(role(
            360_000_220_000 + n as u64,
            &format!("{kind} {n:03}"),
            &format!("{what} {region}."),
            members,
            &rfc3339_from_unix(created),
            &rfc3339_from_unix(updated),
            &[
                ("ticket_access", json!(tickets)),
                ("macro_access", json!(MACROS[n % MACROS.len()])),
                ("report_access", json!(REPORTS[n % REPORTS.len()])),
                ("ticket_merge", json!(n % 2 == 0)),
                ("view_deleted_tickets", json!(n % 5 == 0)),
            ],
        ));
    }
    acme
}

fn globex() -> Account {
    let roles = vec![
        role(
            361_000_310_001,
            "Tier 1 agent",
            "Answers incoming tickets in the Service desk group.",
            14,
            "2021-10-04T10:20:00Z",
            "2024-03-28T09:41:12Z",
            &[
                ("ticket_access", json!("within-groups")),
                ("manage_roles", json!("none")),
            ],
        ),
        role(
            361_000_310_002,
            "Tier 2 agent",
            "Takes escalated tickets; may merge and delete tickets.",
            5,
            "2021-10-04T10:24:31Z",
            "2025-01-15T14:02:44Z",
            &[
                ("ticket_access", json!("all")),
                ("ticket_merge", json!(true)),
                ("ticket_deletion", json!(true)),
                ("view_deleted_tickets", json!(true)),
                ("manage_roles", json!("none")),
            ],
        ),
        role(
            361_000_310_003,
            "Workforce manager",
            "Plans staffing: full reporting, manages team members and group memberships.",
            2,
            "2022-06-30T16:45:09Z",
            "2024-10-02T12:12:12Z",
            &[
                ("ticket_access", json!("all")),
                ("report_access", json!("full")),
                ("explore_access", json!("full")),
                ("manage_team_members", json!("readonly")),
                ("manage_group_memberships", json!(true)),
                ("manage_roles", json!("all-except-self")),
            ],
        ),
    ];
    let users = vec![
        user(
            "admin",
            382_000_000_001,
            "Greta Globex",
            Some("greta.globex@globex.example"),
            Role::Admin,
            None,
            "en-GB",
            &[rules::GLOBEX_SERVICE_DESK, rules::GLOBEX_KEY_ACCOUNTS],
        ),
        user(
            "agent",
            382_000_000_002,
            "Gil Agent",
            Some("gil.agent@globex.example"),
            Role::Agent,
            Some(361_000_310_001),
            "fr",
            &[rules::GLOBEX_SERVICE_DESK],
        ),
        // The field engineer "Route hardware requests" assigns to.
        user(
            "pat",
            rules::GLOBEX_PAT_LEE,
            "Pat Lee",
            Some(rules::PAT_LEE_EMAIL),
            Role::Agent,
            None,
            "en-US",
            &[rules::GLOBEX_FIELD],
        ),
        user(
            "customer",
            382_000_000_101,
            "Pat Purchaser",
            Some("pat@purchaser.example"),
            Role::EndUser,
            None,
            "en-US",
            &[],
        ),
    ];
    let registration = json!({
        "admin_email": "greta.globex@globex.example",
        "admin_id": 382_000_000_001u64,
        "registered_at": "2025-01-20T10:15:00Z",
    });
    // Hidden JSON settings are strings: ZAF settings hold text.
    let settings = vec![
        ("registration", Value::String(registration.to_string())),
        ("configurations", rules::globex_configurations()),
    ];
    let deskset = installation(
        361_000_870_001,
        1_051_202,
        "deskset",
        "2025-01-20T10:02:00Z",
        &settings,
    );
    let tile = tile_installation(
        361_000_870_002,
        1_051_203,
        "Globex Autotask",
        autotask::GLOBEX_IT_USER,
        autotask::GLOBEX_IT_SECRET,
        autotask::GLOBEX_IT_OWN_CODE,
    );
    let rules = rules::globex();
    Account {
        subdomain: "globex".to_owned(),
        name: "Globex Corporation".to_owned(),
        plan: Plan::Enterprise,
        rate_limit_override: None,
        token_access: true,
        api_tokens: vec![GLOBEX_API_TOKEN.to_owned()],
        trial_ends_ms: None,
        assumption: Assumption::default(),
        users,
        groups: rules.groups,
        ticket_fields: rules.ticket_fields,
        user_fields: rules.user_fields,
        organization_fields: rules.organization_fields,
        macros: rules.macros,
        triggers: rules.triggers,
        automations: rules.automations,
        views: rules.views,
        trigger_categories: rules.trigger_categories,
        custom_roles: roles,
        last_custom_role_id: 0,
        tickets: vec![ticket(2001, "Shipment delayed", "customer")],
        default_ticket_id: None,
        deskset_installation_id: Some(deskset.id),
        tile_installation_id: Some(tile.id),
        installations: vec![deskset, tile],
        rate: RateWindow::default(),
        api_calls: 0,
        oauth: Default::default(),
        last_ids: Default::default(),
        ticket_field_updates: Default::default(),
        feature_overrides: Default::default(),
        ticket_forms: rules.ticket_forms,
        sla_policies: rules.sla_policies,
        dynamic_content: rules.dynamic_content,
        schedules: rules.schedules,
        holidays: rules.holidays,
        brands: rules.brands,
        targets: rules.targets,
        webhooks: rules.webhooks,
        organizations: rules.organizations,
    }
    .with_console_for_role_managers()
}

/// initech: a Professional account (no custom roles) with its own admin, agent and API token, and
/// deskset NOT installed (only another app is). `POST /sim/accounts/initech {"deskset_installed":
/// true}` installs it ([`install_deskset`]): installed, not registered.
fn initech() -> Account {
    let users = vec![
        user(
            "admin",
            383_000_000_001,
            "Irene Initech",
            Some("irene.initech@initech.example"),
            Role::Admin,
            None,
            "en-US",
            &[rules::INITECH_HELPDESK],
        ),
        user(
            "agent",
            383_000_000_002,
            "Ivo Agent",
            Some("ivo.agent@initech.example"),
            Role::Agent,
            None,
            "nl",
            &[rules::INITECH_HELPDESK, rules::INITECH_FACILITIES],
        ),
        user(
            "customer",
            383_000_000_101,
            "Casey Client",
            Some("casey@client.example"),
            Role::EndUser,
            None,
            "en-US",
            &[],
        ),
    ];
    let slack = installation(
        362_000_870_002,
        147_550,
        "Slack",
        "2023-09-12T10:00:00Z",
        &[("channel", json!("#it-helpdesk"))],
    );
    let rules = rules::initech();
    Account {
        subdomain: "initech".to_owned(),
        name: "Initech".to_owned(),
        plan: Plan::Professional,
        rate_limit_override: None,
        token_access: true,
        api_tokens: vec![INITECH_API_TOKEN.to_owned()],
        trial_ends_ms: None,
        assumption: Assumption::default(),
        users,
        groups: rules.groups,
        ticket_fields: rules.ticket_fields,
        user_fields: rules.user_fields,
        organization_fields: rules.organization_fields,
        macros: rules.macros,
        triggers: rules.triggers,
        automations: rules.automations,
        views: rules.views,
        trigger_categories: rules.trigger_categories,
        custom_roles: Vec::new(),
        last_custom_role_id: 0,
        tickets: vec![ticket(
            3001,
            "Printer on the second floor keeps jamming",
            "customer",
        )],
        default_ticket_id: None,
        deskset_installation_id: None,
        tile_installation_id: None,
        installations: vec![slack],
        rate: RateWindow::default(),
        api_calls: 0,
        oauth: Default::default(),
        last_ids: Default::default(),
        ticket_field_updates: Default::default(),
        feature_overrides: Default::default(),
        ticket_forms: rules.ticket_forms,
        sla_policies: rules.sla_policies,
        dynamic_content: rules.dynamic_content,
        schedules: rules.schedules,
        holidays: rules.holidays,
        brands: rules.brands,
        targets: rules.targets,
        webhooks: rules.webhooks,
        organizations: rules.organizations,
    }
}

/// Installs deskset in an account that lacks it, as a fresh install: enabled, settings `name` and
/// `title` only (no registration, no Autotask connection), a new installation id. Does nothing if
/// it is there already. Returns the installation id.
pub fn install_deskset(account: &mut Account) -> u64 {
    if let Some(id) = account.deskset_installation().map(|i| i.id) {
        return id;
    }
    let id = if account.subdomain == "initech" {
        INITECH_DESKSET
    } else {
        account
            .installations
            .iter()
            .map(|i| i.id)
            .max()
            .unwrap_or(0)
            + 1
    };
    let mut deskset = installation(id, 1_060_318, "deskset", "", &[]);
    let now = crate::state::now_rfc3339();
    deskset.created_at.clone_from(&now);
    deskset.updated_at = now;
    account.installations.push(deskset);
    account.deskset_installation_id = Some(id);
    id
}

/// Installs deskset tile where it is missing, as a fresh install (no Autotask connection).
/// Returns the installation id.
pub fn install_tile(account: &mut Account) -> u64 {
    if let Some(id) = account.tile_installation_id {
        return id;
    }
    let id = account
        .installations
        .iter()
        .map(|i| i.id)
        .max()
        .unwrap_or(0)
        + 1;
    let mut tile = installation(id, 1_060_319, DesksetApp::Tile.title(), "", &[]);
    let now = crate::state::now_rfc3339();
    tile.created_at.clone_from(&now);
    tile.updated_at = now;
    account.installations.push(tile);
    account.tile_installation_id = Some(id);
    id
}

/// Uninstalls deskset tile.
pub fn uninstall_tile(account: &mut Account) {
    if let Some(id) = account.tile_installation_id.take() {
        account.installations.retain(|i| i.id != id);
    }
}

/// Uninstalls deskset: its installation and settings (secure ones included) are gone.
pub fn uninstall_deskset(account: &mut Account) {
    if let Some(id) = account.deskset_installation_id.take() {
        account.installations.retain(|i| i.id != id);
    }
}

impl Account {
    /// Limits the console to admins and the custom roles that manage roles, as deskset's README
    /// tells admins to (Admin Center > Apps > deskset > role restrictions).
    fn with_console_for_role_managers(mut self) -> Account {
        let mut ids = vec![ADMIN_ROLE_ID];
        ids.extend(
            self.custom_roles
                .iter()
                .filter(|r| {
                    r.configuration
                        .get("manage_roles")
                        .and_then(Value::as_str)
                        .is_some_and(|v| v != "none")
                })
                .map(|r| r.id),
        );
        let console = self.deskset_installation_id;
        if let Some(i) = self
            .installations
            .iter_mut()
            .find(|i| Some(i.id) == console)
        {
            i.role_restrictions = Some(ids);
        }
        self
    }
}

/// deskset tile's installation as an admin sets it up (tile/manifest.json parameters): the
/// tenant's API user, a 90-day window, and, in secure settings, the user's secret and the
/// tenant's own integration code (deskset has no vendor code), so "Use my own integration code"
/// is ticked.
fn tile_installation(
    id: u64,
    app_id: u64,
    connection: &str,
    username: &str,
    secret: &str,
    own_code: &str,
) -> Installation {
    let mut tile = installation(
        id,
        app_id,
        DesksetApp::Tile.title(),
        "2024-10-01T09:00:00Z",
        &[
            ("autotask_connection_name", json!(connection)),
            ("autotask_username", json!(username)),
            ("autotask_use_own_code", json!(true)),
            ("autotask_window_days", json!(90)),
        ],
    );
    set_secure(&mut tile, "autotask_secret", secret);
    set_secure(&mut tile, "autotask_integration_code", own_code);
    tile
}

/// A secure (write-only) setting: kept apart from the readable ones, as the installations PUT does.
fn set_secure(installation: &mut Installation, name: &str, value: &str) {
    installation
        .secure_settings
        .insert(name.to_owned(), json!(value));
}

fn ticket(id: u64, subject: &str, requester_key: &str) -> Ticket {
    Ticket {
        id,
        subject: subject.to_owned(),
        requester_key: requester_key.to_owned(),
    }
}

#[allow(clippy::too_many_arguments)]
fn user(
    key: &str,
    id: u64,
    name: &str,
    email: Option<&str>,
    role: Role,
    custom_role_id: Option<u64>,
    locale: &str,
    group_ids: &[u64],
) -> User {
    User {
        key: key.to_owned(),
        id,
        name: name.to_owned(),
        email: email.map(str::to_owned),
        role,
        custom_role_id,
        locale: locale.to_owned(),
        time_zone: "Amsterdam".to_owned(),
        iana_time_zone: "Europe/Amsterdam".to_owned(),
        group_ids: group_ids.to_vec(),
        created_at: "2021-09-01T08:00:00Z".to_owned(),
        active: true,
        suspended: false,
    }
}

fn role(
    id: u64,
    name: &str,
    description: &str,
    unmodelled_members: u64,
    created_at: &str,
    updated_at: &str,
    overrides: &[(&str, Value)],
) -> CustomRole {
    let mut configuration = role_rules::default_configuration();
    for (key, value) in overrides {
        configuration.insert((*key).to_owned(), value.clone());
    }
    CustomRole {
        id,
        name: name.to_owned(),
        description: description.to_owned(),
        configuration,
        unmodelled_members,
        created_at: created_at.to_owned(),
        updated_at: updated_at.to_owned(),
    }
}

fn installation(
    id: u64,
    app_id: u64,
    name: &str,
    created_at: &str,
    settings: &[(&str, Value)],
) -> Installation {
    let mut map = Map::new();
    map.insert("name".to_owned(), json!(name));
    map.insert("title".to_owned(), json!(name));
    for (k, v) in settings {
        map.insert((*k).to_owned(), v.clone());
    }
    Installation {
        id,
        app_id,
        app_name: name.to_owned(),
        enabled: true,
        role_restrictions: None,
        settings: map,
        secure_settings: Map::new(),
        created_at: created_at.to_owned(),
        updated_at: created_at.to_owned(),
    }
}
