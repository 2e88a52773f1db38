//! The fake Autotask's starting data (docs/contracts.md, "Autotask"). Dates are relative to the
//! moment the scenario loads, so "the last 90 days" keeps its meaning whenever the simulator runs.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::model::{ApiUser, AtWorld, PicklistValue, Record, Tenant};
use crate::scenario::SAM_EMAIL;
use crate::state::rfc3339_from_unix;

/// A vendor integration code for tests of a deskset built with one
/// (`DESKSET_AUTOTASK_INTEGRATION_CODE`): valid on every tenant, but only once registered
/// (`POST /sim/autotask {"vendor_codes": [...]}`). deskset has no vendor registration, so no
/// scenario knows a vendor code (autotask-api.md, the tile's rules).
pub const TEST_VENDOR_CODE: &str = "SIMTESTVENDORINTEGRATIONCODE";

pub const ACME_IT_USER: &str = "deskset-api@acme-it.example";
pub const ACME_IT_SECRET: &str = "Sim-Secret~AcmeIT.2024";
/// acme-it's own integration tracking identifier (the "own integration code" setting).
pub const ACME_IT_OWN_CODE: &str = "ACMEITOWNTRACKINGIDENTIFIER";
pub const ACME_IT_ZONE: u32 = 15;
pub const ACME_IT_CI: i64 = 648_213;

pub const GLOBEX_IT_USER: &str = "deskset-api@globex-it.example";
pub const GLOBEX_IT_SECRET: &str = "Sim-Secret~GlobexIT.2024";
/// globex-it's own integration tracking identifier.
pub const GLOBEX_IT_OWN_CODE: &str = "GLOBEXITOWNTRACKINGIDENTIFIER";
pub const GLOBEX_IT_ZONE: u32 = 2;
pub const GLOBEX_IT_CI: i64 = 512_907;

/// Contact ids in acme-it.
pub const ADA_CONTACT: i64 = 30_682_901;
pub const ALAN_CONTACT: i64 = 30_682_902;
pub const CHRIS_CONTACT: i64 = 30_682_903;
pub const CHRISTINE_CONTACT: i64 = 30_682_904;
pub const DANA_CONTACT: i64 = 30_682_905;
pub const ADA_OLD_CONTACT: i64 = 30_682_906;
/// Sam Shared's own contact (his address as emailAddress) and the front desk's contact, which carries
/// his address as emailAddress3: two active contacts for one Zendesk agent.
pub const SAM_CONTACT: i64 = 30_682_907;
pub const FRONT_DESK_CONTACT: i64 = 30_682_908;

/// Tickets Ada's contact has with activity in the last 90 days, and older ones (demo).
pub const ADA_TICKETS_IN_90_DAYS: usize = 6;
pub const ADA_TICKETS_OLDER: usize = 3;
/// Extra tickets in the window for Ada's contact in `autotask_many`.
pub const MANY_TICKETS: usize = 1_200;

const ACME_CORP: i64 = 174;
const CUSTOMER_LTD: i64 = 175;
const QUEUE_L1: i64 = 29_682_833;
const QUEUE_L2: i64 = 29_682_834;
const TECH_SAM: i64 = 29_682_885;
const TECH_KIM: i64 = 29_682_886;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Autotask's timestamp form: UTC with milliseconds, `2024-06-04T10:15:22.123Z`.
pub fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let whole = rfc3339_from_unix(secs.max(0) as u64);
    format!(
        "{}.{:03}Z",
        whole.trim_end_matches('Z'),
        ms.rem_euclid(1000)
    )
}

fn record(value: Value) -> Record {
    value.as_object().cloned().unwrap_or_default()
}

fn pick(value: i64, label: &str, active: bool, default: bool, sort: i64) -> PicklistValue {
    PicklistValue {
        value: value.to_string(),
        label: label.to_owned(),
        is_active: active,
        is_default: default,
        sort_order: sort,
        is_system: value == 1 || value == 5,
    }
}

fn ticket_picklists() -> BTreeMap<&'static str, Vec<PicklistValue>> {
    let mut lists = BTreeMap::new();
    lists.insert(
        "status",
        vec![
            pick(1, "New", true, true, 1),
            pick(5, "Complete", true, false, 2),
            pick(7, "Waiting Customer", true, false, 3),
            pick(8, "In Progress", true, false, 4),
            pick(9, "Waiting Materials", true, false, 5),
            pick(10, "Dispatched", true, false, 6),
            pick(12, "Waiting Vendor", true, false, 7),
            // Retired: no new ticket gets it, old tickets still carry it.
            pick(29, "On Hold (retired)", false, false, 8),
        ],
    );
    lists.insert(
        "priority",
        vec![
            pick(4, "Critical", true, false, 1),
            pick(1, "High", true, false, 2),
            pick(2, "Medium", true, true, 3),
            pick(3, "Low", true, false, 4),
            pick(5, "Urgent (legacy)", false, false, 5),
        ],
    );
    lists.insert(
        "queueID",
        vec![
            pick(QUEUE_L1, "Level I Support", true, true, 1),
            pick(QUEUE_L2, "Level II Support", true, false, 2),
        ],
    );
    lists.insert(
        "source",
        vec![
            pick(-1, "Insourced", true, false, 1),
            pick(2, "Phone", true, false, 2),
            pick(4, "Email", true, true, 3),
            pick(11, "Client Portal", true, false, 4),
        ],
    );
    lists
}

#[allow(clippy::too_many_arguments)]
fn contact(
    id: i64,
    first: &str,
    last: &str,
    emails: [Option<&str>; 3],
    active: bool,
    company: i64,
    created_ms: i64,
    now: i64,
) -> Record {
    record(json!({
        "id": id,
        "firstName": first,
        "lastName": last,
        "emailAddress": emails[0],
        "emailAddress2": emails[1],
        "emailAddress3": emails[2],
        "isActive": i64::from(active),
        "companyID": company,
        "title": null,
        "phone": "+1 555 0100",
        "createDate": iso(created_ms),
        "lastActivityDate": iso(now - 5 * DAY),
        "lastModifiedDate": iso(now - 30 * DAY),
        "primaryContact": false,
    }))
}

struct TicketSpec<'a> {
    id: i64,
    seq: i64,
    title: &'a str,
    status: i64,
    priority: i64,
    contact: Option<i64>,
    company: i64,
    created_ms: i64,
    activity_ms: i64,
    due_ms: Option<i64>,
}

fn ticket(t: TicketSpec<'_>) -> Record {
    let created = iso(t.created_ms);
    let number = format!("T{}.{:04}", created[..10].replace('-', ""), t.seq);
    record(json!({
        "id": t.id,
        "ticketNumber": number,
        "title": t.title,
        "description": format!("{} (reported through the client portal).", t.title),
        "status": t.status,
        "priority": t.priority,
        "queueID": if t.priority == 4 { QUEUE_L2 } else { QUEUE_L1 },
        "issueType": null,
        "source": 11,
        "ticketType": 1,
        "companyID": t.company,
        "contactID": t.contact,
        "assignedResourceID": if t.id % 2 == 0 { Some(TECH_SAM) } else if t.status == 1 { None } else { Some(TECH_KIM) },
        "createDate": created,
        "lastActivityDate": iso(t.activity_ms),
        "dueDateTime": t.due_ms.map(iso),
        "completedDate": if t.status == 5 { Some(iso(t.activity_ms)) } else { None },
        "serviceLevelAgreementHasBeenMet": t.status == 5,
    }))
}

/// (title, status, priority, last activity ago, created ago, due in)
type AdaTicket = (&'static str, i64, i64, i64, i64, Option<i64>);

/// acme-it (zone 15): the tenant behind acme's Zendesk.
fn acme_it(now: i64) -> Tenant {
    let contacts = vec![
        // Stored with capitals: Autotask compares strings case-insensitively.
        contact(
            ADA_CONTACT,
            "Ada",
            "Admin",
            [Some("Ada.Admin@acme.example"), None, None],
            true,
            ACME_CORP,
            now - 900 * DAY,
            now,
        ),
        contact(
            ALAN_CONTACT,
            "Alan",
            "Agent",
            [Some("alan.agent@acme.example"), None, None],
            true,
            ACME_CORP,
            now - 700 * DAY,
            now,
        ),
        // Two active contacts share chris@customer.example (primary on one, second address on the other).
        contact(
            CHRIS_CONTACT,
            "Chris",
            "Customer",
            [Some("chris@customer.example"), None, None],
            true,
            CUSTOMER_LTD,
            now - 500 * DAY,
            now,
        ),
        contact(
            CHRISTINE_CONTACT,
            "Christine",
            "Customer",
            [
                Some("c.customer@customer.example"),
                Some("chris@customer.example"),
                None,
            ],
            true,
            CUSTOMER_LTD,
            now - 400 * DAY,
            now,
        ),
        // Inactive: Dana has no active contact.
        contact(
            DANA_CONTACT,
            "Dana",
            "Doe",
            [Some("dana.doe@customer.example"), None, None],
            false,
            CUSTOMER_LTD,
            now - 800 * DAY,
            now,
        ),
        // An inactive old duplicate of Ada (third address): only the active one counts.
        contact(
            ADA_OLD_CONTACT,
            "Ada",
            "Admin (left 2021)",
            [
                Some("ada@acme-old.example"),
                None,
                Some("ada.admin@acme.example"),
            ],
            false,
            ACME_CORP,
            now - 1500 * DAY,
            now,
        ),
        // Sam Shared (an agent in acme's Zendesk) under two active contacts: his own, and the
        // front desk's, which lists his address third.
        contact(
            SAM_CONTACT,
            "Sam",
            "Shared",
            [Some(SAM_EMAIL), None, None],
            true,
            ACME_CORP,
            now - 300 * DAY,
            now,
        ),
        contact(
            FRONT_DESK_CONTACT,
            "Front",
            "Desk",
            [Some("frontdesk@acme.example"), None, Some(SAM_EMAIL)],
            true,
            ACME_CORP,
            now - 600 * DAY,
            now,
        ),
    ];
    // (title, status, priority, last activity ago, created ago, due in)
    let ada: [AdaTicket; ADA_TICKETS_IN_90_DAYS + ADA_TICKETS_OLDER] = [
        (
            "VPN drops every few minutes",
            1,
            1,
            2 * HOUR,
            3 * DAY,
            Some(2 * DAY),
        ),
        (
            "New laptop for the finance team",
            8,
            2,
            DAY,
            12 * DAY,
            Some(5 * DAY),
        ),
        (
            "Printer on floor 2 prints blank pages",
            7,
            3,
            6 * DAY,
            20 * DAY,
            None,
        ),
        (
            "Archive the old project shares",
            29,
            3,
            30 * DAY,
            60 * DAY,
            None,
        ),
        ("Mail server outage", 5, 4, 45 * DAY, 46 * DAY, None),
        (
            "Replace the UPS batteries",
            12,
            2,
            89 * DAY,
            120 * DAY,
            Some(10 * DAY),
        ),
        (
            "Shared drive permissions for interns",
            5,
            3,
            91 * DAY,
            95 * DAY,
            None,
        ),
        (
            "Office 365 licence renewal",
            5,
            2,
            200 * DAY,
            230 * DAY,
            None,
        ),
        (
            "Firewall firmware upgrade",
            5,
            5,
            400 * DAY,
            420 * DAY,
            None,
        ),
    ];
    let mut tickets: Vec<Record> = ada
        .iter()
        .enumerate()
        .map(|(i, (title, status, priority, ago, created, due))| {
            ticket(TicketSpec {
                id: 41_001 + i as i64,
                seq: 1 + i as i64,
                title,
                status: *status,
                priority: *priority,
                contact: Some(ADA_CONTACT),
                company: ACME_CORP,
                created_ms: now - created,
                activity_ms: now - ago,
                due_ms: due.map(|d| now + d),
            })
        })
        .collect();
    let others = [
        (
            41_101,
            "Cannot reach the customer portal",
            8,
            2,
            Some(CHRIS_CONTACT),
            CUSTOMER_LTD,
            4 * DAY,
        ),
        (
            41_102,
            "Invoice copy for March",
            7,
            3,
            Some(CHRISTINE_CONTACT),
            CUSTOMER_LTD,
            10 * DAY,
        ),
        (
            41_103,
            "Old laptop pickup",
            5,
            3,
            Some(DANA_CONTACT),
            CUSTOMER_LTD,
            150 * DAY,
        ),
        (
            41_104,
            "Quarterly network health check",
            10,
            2,
            None,
            ACME_CORP,
            15 * DAY,
        ),
        (
            41_105,
            "Docking station not detected",
            8,
            2,
            Some(SAM_CONTACT),
            ACME_CORP,
            3 * DAY,
        ),
        (
            41_106,
            "Meeting room display shows no signal",
            7,
            3,
            Some(FRONT_DESK_CONTACT),
            ACME_CORP,
            8 * DAY,
        ),
    ];
    for (i, (id, title, status, priority, contact, company, ago)) in others.into_iter().enumerate()
    {
        tickets.push(ticket(TicketSpec {
            id,
            seq: 20 + i as i64,
            title,
            status,
            priority,
            contact,
            company,
            created_ms: now - ago - 2 * DAY,
            activity_ms: now - ago,
            due_ms: None,
        }));
    }
    Tenant {
        ci: ACME_IT_CI,
        name: "Acme IT Services".to_owned(),
        zone: ACME_IT_ZONE,
        api_users: vec![ApiUser {
            username: ACME_IT_USER.to_owned(),
            secret: ACME_IT_SECRET.to_owned(),
        }],
        custom_codes: vec![ACME_IT_OWN_CODE.to_owned()],
        contacts,
        tickets,
        ticket_picklists: ticket_picklists(),
    }
}

/// globex-it (zone 2): a second database, for zone mix-ups.
fn globex_it(now: i64) -> Tenant {
    Tenant {
        ci: GLOBEX_IT_CI,
        name: "Globex Managed IT".to_owned(),
        zone: GLOBEX_IT_ZONE,
        api_users: vec![ApiUser {
            username: GLOBEX_IT_USER.to_owned(),
            secret: GLOBEX_IT_SECRET.to_owned(),
        }],
        custom_codes: vec![GLOBEX_IT_OWN_CODE.to_owned()],
        contacts: vec![contact(
            40_100_001,
            "Greta",
            "Globex",
            [Some("greta.globex@globex.example"), None, None],
            true,
            310,
            now - 300 * DAY,
            now,
        )],
        tickets: vec![ticket(TicketSpec {
            id: 77_001,
            seq: 1,
            title: "Badge reader offline",
            status: 1,
            priority: 2,
            contact: Some(40_100_001),
            company: 310,
            created_ms: now - 2 * DAY,
            activity_ms: now - DAY,
            due_ms: None,
        })],
        ticket_picklists: ticket_picklists(),
    }
}

fn world(tenants: Vec<Tenant>) -> AtWorld {
    AtWorld {
        tenants,
        vendor_codes: Vec::new(),
        ..AtWorld::default()
    }
}

pub fn demo() -> AtWorld {
    let now = now_ms();
    world(vec![acme_it(now), globex_it(now)])
}

/// demo, plus [`MANY_TICKETS`] tickets for Ada's contact, all with activity in the last 80 days.
pub fn many() -> AtWorld {
    let now = now_ms();
    let mut acme = acme_it(now);
    let statuses = [1, 7, 8, 9, 10, 12, 5, 29];
    let priorities = [1, 2, 3, 4, 2, 3];
    for i in 0..MANY_TICKETS as i64 {
        // As in a real tenant, a higher id is a newer ticket: the newest activity has the highest id.
        let ago = HOUR + (MANY_TICKETS as i64 - 1 - i) * (80 * DAY / MANY_TICKETS as i64);
        acme.tickets.push(ticket(TicketSpec {
            id: 50_001 + i,
            seq: 100 + i,
            title: &format!("Workstation {:04} health alert", i + 1),
            status: statuses[i as usize % statuses.len()],
            priority: priorities[i as usize % priorities.len()],
            contact: Some(ADA_CONTACT),
            company: ACME_CORP,
            created_ms: now - ago - DAY,
            activity_ms: now - ago,
            due_ms: None,
        }));
    }
    world(vec![acme, globex_it(now)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_milliseconds() {
        assert_eq!(iso(1_500), "1970-01-01T00:00:01.500Z");
    }
}
