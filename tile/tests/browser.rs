//! Browser tests of the tile's Autotask calls and its load, over a fake transport
//! (`cargo xtask test` runs them with wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use deskset_domain::tile::IntegrationCode;
use deskset_web::http::{HttpError, Response};
use deskset_web::testing::{answer, api, FakeTransport};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------- Autotask calls

fn zone() -> deskset_domain::autotask::Zone {
    deskset_domain::autotask::Zone::from_json(&json!({
        "url": "https://webservices15.autotask.net/ATServicesRest/", "webUrl": "https://ww15.autotask.net/", "ci": 1
    }))
    .unwrap()
}

/// A vendor code, as a build given `DESKSET_AUTOTASK_INTEGRATION_CODE` would send it.
const VENDOR: &str = "TESTVENDORCODE";

fn connection(own: bool) -> deskset_tile::autotask::Connection {
    deskset_tile::autotask::Connection {
        username: "api@acme-it.example".into(),
        code: if own {
            IntegrationCode::Own
        } else {
            IntegrationCode::BuiltIn(VENDOR.into())
        },
    }
}

#[wasm_bindgen_test]
async fn autotask_calls_send_placeholders_never_secrets() {
    use deskset_domain::autotask::ContactMatch;
    use deskset_tile::autotask::{find_contact, find_zone};
    let transport = FakeTransport::new(vec![
        answer(
            200,
            json!({"url": "https://webservices15.autotask.net/ATServicesRest/", "webUrl": "https://ww15.autotask.net/", "ci": 9}),
        ),
        answer(
            200,
            json!({"items": [{"id": 30, "emailAddress": "ada@acme.example", "isActive": 1}], "pageDetails": {"nextPageUrl": null}}),
        ),
    ]);
    let api = api(transport.clone());
    let zone = find_zone(&api, "api@acme-it.example").await.unwrap();
    assert_eq!(zone.ci, Some(9));
    let found = find_contact(&api, &zone, &connection(true), "ada@acme.example")
        .await
        .unwrap();
    assert_eq!(found, ContactMatch::One(30));
    let seen = transport.seen.borrow();
    assert!(seen[0]
        .url
        .ends_with("zoneInformation?user=api%40acme-it.example"));
    assert!(
        !seen[0].secure && seen[0].headers.is_empty(),
        "the zone lookup needs no auth"
    );
    let contacts = &seen[1];
    assert_eq!(
        contacts.url,
        "https://webservices15.autotask.net/ATServicesRest/V1.0/Contacts/query"
    );
    assert!(contacts.secure, "the proxy must fill the placeholders");
    let header = |name: &str| {
        contacts
            .headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("Secret"), Some("{{setting.autotask_secret}}"));
    assert_eq!(
        header("ApiIntegrationCode"),
        Some("{{setting.autotask_integration_code}}")
    );
    assert_eq!(header("UserName"), Some("api@acme-it.example"));
    assert!(
        contacts.headers.iter().all(|(k, _)| !k.contains('_')),
        "the proxy refuses underscores in header names"
    );
}

#[wasm_bindgen_test]
async fn autotask_tickets_follow_pages_up_to_the_cap() {
    use deskset_tile::autotask::tickets;
    const NOW: i64 = 1_795_000_000_000;
    let page_answer = |ids: std::ops::Range<u64>, next: Option<&str>| {
        let items: Vec<serde_json::Value> = ids.map(|i| json!({"id": i, "lastActivityDate": format!("2026-11-{:02}T00:00:00Z", i % 28 + 1)})).collect();
        answer(
            200,
            json!({"items": items, "pageDetails": {"nextPageUrl": next}}),
        )
    };
    let count = |n: u64| answer(200, json!({"queryCount": n}));
    let next = |n: u32| {
        format!(
            "https://webservices15.autotask.net/ATServicesRest/V1.0/Tickets/query/next?paging={n}"
        )
    };
    let since = |request: &deskset_web::http::Request| {
        request.body.as_ref().unwrap()["filter"][1]["value"].clone()
    };

    // Two pages and the end: everything, nothing more.
    let transport = FakeTransport::new(vec![
        page_answer(0..3, Some(&next(2))),
        count(5),
        page_answer(3..5, None),
    ]);
    let (list, more) = tickets(
        &api(transport.clone()),
        &zone(),
        &connection(false),
        30,
        NOW,
        90,
    )
    .await
    .unwrap();
    assert_eq!((list.len(), more), (5, false));
    assert_eq!(transport.seen.borrow()[2].url, next(2));
    assert!(transport.seen.borrow()[2].secure);
    // Newest activity first.
    assert!(list
        .windows(2)
        .all(|w| w[0]["lastActivityDate"].as_str() >= w[1]["lastActivityDate"].as_str()));

    // More pages than the cap though the count said they fit (tickets moved meanwhile): stop and say so.
    let transport = FakeTransport::new(vec![
        page_answer(0..2, Some(&next(2))),
        count(8),
        page_answer(2..4, Some(&next(3))),
        page_answer(4..6, None),
    ]);
    let (list, more) = tickets(
        &api(transport.clone()),
        &zone(),
        &connection(false),
        30,
        NOW,
        90,
    )
    .await
    .unwrap();
    assert_eq!((list.len(), more), (4, true));
    assert_eq!(transport.seen.borrow().len(), 3);

    // More in the window than the pages can hold: the window narrows so the newest fit.
    let transport = FakeTransport::new(vec![
        page_answer(0..2, Some(&next(2))),
        count(2_700),
        count(1_100),
        count(950),
        page_answer(100..102, None),
    ]);
    let (list, more) = tickets(
        &api(transport.clone()),
        &zone(),
        &connection(false),
        30,
        NOW,
        90,
    )
    .await
    .unwrap();
    assert_eq!((list.len(), more), (2, true));
    {
        let seen = transport.seen.borrow();
        assert!(seen[1].url.ends_with("Tickets/query/count"));
        assert_eq!(
            since(&seen[1]),
            since(&seen[0]),
            "the count asks about the same window"
        );
        assert_eq!(
            since(&seen[2]),
            json!(deskset_domain::autotask::window_start(NOW, 33)),
            "90 days * 1000 / 2700"
        );
        assert_eq!(
            since(&seen[3]),
            json!(deskset_domain::autotask::window_start(NOW, 30)),
            "still too many: 33 * 1000 / 1100"
        );
        assert_eq!(
            since(&seen[4]),
            since(&seen[3]),
            "950 fit: the tickets of that window"
        );
        assert_eq!(seen.len(), 5);
    }

    // A next page on another host is not followed (the secret would go with it).
    let transport = FakeTransport::new(vec![
        page_answer(0..2, Some("https://evil.example/next")),
        count(4),
    ]);
    let (list, _) = tickets(
        &api(transport.clone()),
        &zone(),
        &connection(false),
        30,
        NOW,
        90,
    )
    .await
    .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(transport.seen.borrow().len(), 2);

    // A build's vendor code when the admin did not choose theirs.
    let first = &transport.seen.borrow()[0];
    assert_eq!(
        first
            .headers
            .iter()
            .find(|(k, _)| k == "ApiIntegrationCode")
            .map(|(_, v)| v.as_str()),
        Some(VENDOR)
    );
}

#[wasm_bindgen_test]
async fn autotask_errors_mean_what_the_tile_says() {
    use deskset_domain::autotask::Trouble;
    use deskset_tile::autotask::{find_zone, ticket_picklists, AutotaskError};
    let transport = FakeTransport::new(vec![
        answer(
            500,
            json!({"errors": ["Zone information could not be determined"]}),
        ),
        answer(401, json!({})),
        Err(HttpError::Timeout),
    ]);
    let api = api(transport);
    assert_eq!(
        find_zone(&api, "nobody").await,
        Err(AutotaskError::Trouble(Trouble::UnknownUser))
    );
    assert_eq!(
        ticket_picklists(&api, &zone(), &connection(false)).await,
        Err(AutotaskError::Trouble(Trouble::WrongSecret))
    );
    assert!(matches!(
        ticket_picklists(&api, &zone(), &connection(false)).await,
        Err(AutotaskError::Unreachable(_))
    ));
}

/// A tile load's answers, in the order the requests go out.
mod tile_load {
    use super::*;
    use deskset_domain::autotask::Trouble;
    use deskset_domain::tile::TileSettings;
    use deskset_tile::autotask::{load, AutotaskError, Found};

    const NOW: i64 = 1_795_000_000_000;

    fn settings(username: &str) -> TileSettings {
        TileSettings {
            connection_name: None,
            username: username.into(),
            code: IntegrationCode::Own,
            window_days: 90,
        }
    }

    fn zone_answer(n: u32) -> Result<Response, HttpError> {
        answer(
            200,
            json!({"zoneName": "z", "url": format!("https://webservices{n}.autotask.net/ATServicesRest/"),
                   "webUrl": format!("https://ww{n}.autotask.net/"), "ci": 1}),
        )
    }

    fn one_contact() -> Result<Response, HttpError> {
        answer(
            200,
            json!({"items": [{"id": 5, "emailAddress": "ada@acme.example", "isActive": 1}],
                   "pageDetails": {"nextPageUrl": null}}),
        )
    }

    fn picklists() -> Result<Response, HttpError> {
        answer(
            200,
            json!({"fields": [{"name": "status", "isPickList": true,
                "picklistValues": [{"value": "1", "label": "New", "isActive": true}]}]}),
        )
    }

    fn tickets() -> Result<Response, HttpError> {
        answer(
            200,
            json!({"items": [
                {"id": 1, "ticketNumber": "T1", "status": 1, "lastActivityDate": "2026-11-01T00:00:00Z"},
                {"id": 2, "ticketNumber": "T2", "status": 1, "lastActivityDate": "2026-11-03T00:00:00Z"}],
                "pageDetails": {"nextPageUrl": null}}),
        )
    }

    fn paths(transport: &FakeTransport) -> Vec<String> {
        transport
            .seen
            .borrow()
            .iter()
            .map(|r| {
                let url = r.url.split('?').next().unwrap_or_default();
                url.rsplit("V1.0/").next().unwrap_or_default().to_string()
            })
            .collect()
    }

    fn no_tickets() -> Result<Response, HttpError> {
        answer(
            200,
            json!({"items": [], "pageDetails": {"nextPageUrl": null}}),
        )
    }

    fn contact(id: u64, email: &str) -> Result<Response, HttpError> {
        answer(
            200,
            json!({"items": [{"id": id, "emailAddress": email, "isActive": 1}],
                   "pageDetails": {"nextPageUrl": null}}),
        )
    }

    /// The `contactID` each tickets query asked for.
    fn ticket_contacts(transport: &FakeTransport) -> Vec<u64> {
        transport
            .seen
            .borrow()
            .iter()
            .filter(|r| r.url.ends_with("Tickets/query"))
            .filter_map(|r| r.body.as_ref()?["filter"][0]["value"].as_u64())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn cold_then_warm_four_requests_then_one() {
        let user = "cold-warm@acme-it.example";
        let cold = FakeTransport::new(vec![zone_answer(15), one_contact(), tickets(), picklists()]);
        let loaded = load(
            &api(cold.clone()),
            &settings(user),
            "ada@acme.example",
            NOW,
            false,
        )
        .await
        .unwrap();
        assert_eq!(
            paths(&cold),
            [
                "zoneInformation",
                "Contacts/query",
                "Tickets/query",
                "Tickets/entityInformation/fields"
            ]
        );
        let Found::Tickets { rows, more } = &loaded.found else {
            panic!("tickets expected, got {:?}", loaded.found)
        };
        assert!(!more);
        assert_eq!(
            rows.iter()
                .map(|r| (r.number.as_str(), r.status.as_str()))
                .collect::<Vec<_>>(),
            [("T2", "New"), ("T1", "New")],
            "newest activity first, labelled"
        );

        for refresh in [false, true] {
            let warm = FakeTransport::new(vec![tickets()]);
            let again = load(
                &api(warm.clone()),
                &settings(user),
                " ADA@acme.example",
                NOW + 60_000,
                refresh,
            )
            .await
            .unwrap();
            assert_eq!(paths(&warm), ["Tickets/query"], "refresh: {refresh}");
            assert_eq!(ticket_contacts(&warm), [5], "the remembered contact");
            assert_eq!(
                again, loaded,
                "the same answer from the cached zone, labels and contact"
            );
        }

        // Someone else: their contact first.
        let other = FakeTransport::new(vec![contact(6, "alan@acme.example"), tickets()]);
        load(
            &api(other.clone()),
            &settings(user),
            "alan@acme.example",
            NOW + 60_000,
            false,
        )
        .await
        .unwrap();
        assert_eq!(paths(&other), ["Contacts/query", "Tickets/query"]);

        // Once its time is up, the contact is looked up again.
        let later = NOW + deskset_domain::tile::CONTACT_TTL_MS;
        let stale = FakeTransport::new(vec![one_contact(), tickets()]);
        load(
            &api(stale.clone()),
            &settings(user),
            "ada@acme.example",
            later,
            false,
        )
        .await
        .unwrap();
        assert_eq!(paths(&stale), ["Contacts/query", "Tickets/query"]);
    }

    #[wasm_bindgen_test]
    async fn a_remembered_contact_without_tickets_is_looked_up_again() {
        let user = "relookup@acme-it.example";
        let email = "alan@acme.example";
        let cold = FakeTransport::new(vec![
            zone_answer(15),
            contact(6, email),
            no_tickets(),
            picklists(),
        ]);
        let loaded = load(&api(cold), &settings(user), email, NOW, false)
            .await
            .unwrap();
        let none = Found::Tickets {
            rows: vec![],
            more: false,
        };
        assert_eq!(loaded.found, none);

        // Still the same contact, still no tickets: one request more than a warm load.
        let same = FakeTransport::new(vec![no_tickets(), contact(6, email)]);
        let loaded = load(&api(same.clone()), &settings(user), email, NOW + 1, false)
            .await
            .unwrap();
        assert_eq!(paths(&same), ["Tickets/query", "Contacts/query"]);
        assert_eq!(loaded.found, none);

        // The email now finds another contact (the old one deactivated, merged, or its email
        // changed): its tickets are shown, and it is the one remembered.
        let moved = FakeTransport::new(vec![no_tickets(), contact(7, email), tickets()]);
        let loaded = load(&api(moved.clone()), &settings(user), email, NOW + 2, true)
            .await
            .unwrap();
        assert_eq!(
            paths(&moved),
            ["Tickets/query", "Contacts/query", "Tickets/query"]
        );
        assert_eq!(ticket_contacts(&moved), [6, 7]);
        assert!(matches!(loaded.found, Found::Tickets { ref rows, .. } if rows.len() == 2));
        let warm = FakeTransport::new(vec![tickets()]);
        load(&api(warm.clone()), &settings(user), email, NOW + 3, false)
            .await
            .unwrap();
        assert_eq!(ticket_contacts(&warm), [7]);

        // The contact is gone: the tile says so, and nothing is remembered for the email.
        let gone = FakeTransport::new(vec![no_tickets(), no_tickets()]);
        let loaded = load(&api(gone.clone()), &settings(user), email, NOW + 4, false)
            .await
            .unwrap();
        assert_eq!(loaded.found, Found::NoContact);
        // (the tickets query for contact 7 answered none: looked up again, no contact)
        assert_eq!(paths(&gone), ["Tickets/query", "Contacts/query"]);
        let next = FakeTransport::new(vec![no_tickets()]);
        let loaded = load(&api(next.clone()), &settings(user), email, NOW + 5, false)
            .await
            .unwrap();
        assert_eq!(
            paths(&next),
            ["Contacts/query"],
            "no contact is not remembered"
        );
        assert_eq!(loaded.found, Found::NoContact);
    }

    #[wasm_bindgen_test]
    async fn a_refused_cached_zone_is_looked_up_again_once() {
        let user = "moved@acme-it.example";
        let first = FakeTransport::new(vec![zone_answer(2), one_contact(), tickets(), picklists()]);
        load(&api(first), &settings(user), "ada@acme.example", NOW, false)
            .await
            .unwrap();
        let unauthorized = || answer(401, json!({"errors": ["Unauthorized"]}));
        let moved = FakeTransport::new(vec![
            unauthorized(),
            zone_answer(15),
            one_contact(),
            tickets(),
            picklists(),
        ]);
        let loaded = load(
            &api(moved.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 1,
            false,
        )
        .await
        .unwrap();
        assert_eq!(
            loaded.zone.url,
            "https://webservices15.autotask.net/ATServicesRest/"
        );
        assert_eq!(paths(&moved)[1], "zoneInformation");
        assert_eq!(moved.seen.borrow().len(), 5);

        // The same zone again: the secret is wrong after all; one bad login, not two.
        let same = FakeTransport::new(vec![unauthorized(), zone_answer(15)]);
        let result = load(
            &api(same.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 2,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::WrongSecret))
        );
        // (the contact is remembered: the tickets query is the call refused)
        assert_eq!(paths(&same), ["Tickets/query", "zoneInformation"]);
    }

    #[wasm_bindgen_test]
    async fn a_refused_secret_is_believed_until_refresh() {
        let user = "wrong@acme-it.example";
        let unauthorized = || answer(401, json!({"errors": ["Unauthorized"]}));
        // A zone never confirmed: a 401 is the answer, after one bad login.
        let fresh = FakeTransport::new(vec![zone_answer(15), unauthorized()]);
        let result = load(
            &api(fresh.clone()),
            &settings(user),
            "ada@acme.example",
            NOW,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::WrongSecret))
        );
        assert_eq!(paths(&fresh), ["zoneInformation", "Contacts/query"]);
        // Another frame, another ticket: Autotask is not asked (no second bad login).
        let quiet = FakeTransport::new(vec![]);
        let result = load(
            &api(quiet.clone()),
            &settings(user),
            "x@y.z",
            NOW + 60_000,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::WrongSecret))
        );
        assert!(quiet.seen.borrow().is_empty());
        // Refresh asks again (the admin may have fixed the secret), and success forgets the refusal.
        let fixed = FakeTransport::new(vec![one_contact(), tickets(), picklists()]);
        load(
            &api(fixed.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 120_000,
            true,
        )
        .await
        .unwrap();
        assert_eq!(fixed.seen.borrow().len(), 3);
        let after = FakeTransport::new(vec![tickets()]);
        load(
            &api(after.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 180_000,
            false,
        )
        .await
        .unwrap();
        // After the refusal's time, Autotask is asked again without Refresh.
        let later = FakeTransport::new(vec![unauthorized()]);
        let _ = load(
            &api(later.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 200_000,
            false,
        )
        .await;
        let again = FakeTransport::new(vec![unauthorized(), zone_answer(15)]);
        let result = load(
            &api(again.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 200_000 + deskset_domain::tile::REFUSAL_TTL_MS,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::WrongSecret))
        );
        assert_eq!(again.seen.borrow().len(), 2);
    }

    #[wasm_bindgen_test]
    async fn a_busy_autotask_is_asked_again_twice_then_the_tile_says_so() {
        let busy = || {
            answer(
                500,
                json!({"errors": ["Thread threshold exceeded: the API thread threshold of 3 threads has been exceeded. Try again later."]}),
            )
        };
        let user = "busy@acme-it.example";
        let t = FakeTransport::new(vec![
            zone_answer(15),
            busy(),
            busy(),
            one_contact(),
            tickets(),
            picklists(),
        ]);
        let loaded = load(
            &api(t.clone()),
            &settings(user),
            "ada@acme.example",
            NOW,
            false,
        )
        .await;
        assert!(
            matches!(loaded, Ok(ref l) if matches!(l.found, Found::Tickets { .. })),
            "{loaded:?}"
        );
        assert_eq!(
            paths(&t),
            [
                "zoneInformation",
                "Contacts/query",
                "Contacts/query",
                "Contacts/query",
                "Tickets/query",
                "Tickets/entityInformation/fields"
            ],
            "the zone is not looked up again"
        );

        let t = FakeTransport::new(vec![busy(), busy(), busy(), busy()]);
        let result = load(
            &api(t.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 1,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::Throttled))
        );
        assert_eq!(t.seen.borrow().len(), 3, "three tries, then the busy state");
    }

    #[wasm_bindgen_test]
    async fn without_picklists_the_raw_values_show_and_no_contact_is_its_own_answer() {
        let user = "nolists@acme-it.example";
        let t = FakeTransport::new(vec![
            zone_answer(15),
            one_contact(),
            tickets(),
            answer(
                500,
                json!({"errors": ["User does not have the adequate permissions"]}),
            ),
        ]);
        let loaded = load(&api(t), &settings(user), "ada@acme.example", NOW, false)
            .await
            .unwrap();
        let Found::Tickets { rows, .. } = loaded.found else {
            panic!("tickets expected")
        };
        assert_eq!(
            rows[0].status, "1",
            "the raw value when the labels could not be read"
        );

        let none = FakeTransport::new(vec![answer(
            200,
            json!({"items": [], "pageDetails": {"nextPageUrl": null}}),
        )]);
        let loaded = load(
            &api(none.clone()),
            &settings(user),
            "nobody@acme.example",
            NOW + 1,
            false,
        )
        .await
        .unwrap();
        assert_eq!(loaded.found, Found::NoContact);
        assert_eq!(
            paths(&none),
            ["Contacts/query"],
            "neither tickets nor labels without a contact"
        );
    }
}
