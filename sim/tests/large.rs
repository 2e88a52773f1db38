//! The `large` scenario: acme with 2,000 shared macros and 500 custom ticket fields, read as the
//! configuration editor reads them (cursor pages of 100, to the end), the same on every load.

mod common;

use std::collections::BTreeSet;

use common::{sim, sim_in, Sim};
use deskset_sim::scenario::large;
use serde_json::{json, Value};

/// Every item of acme's `path` (a first page with `page[size]=100`) as its admin, following
/// `links.next` while `has_more`; and how many pages that took.
async fn walk(sim: &Sim, path: &str, key: &str) -> (Vec<Value>, usize) {
    let mut url = path.to_owned();
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let answer = sim.complete("acme", "admin", json!({"url": url})).await;
        assert_eq!(answer["status"], 200, "{url}: {answer}");
        let body = &answer["responseJSON"];
        let page = body[key]
            .as_array()
            .unwrap_or_else(|| panic!("no {key}: {body}"));
        assert!(page.len() <= 100);
        all.extend(page.iter().cloned());
        pages += 1;
        if body["meta"]["has_more"] != true {
            break;
        }
        // The app asks its own account by path, as the editor does with `links.next`.
        let next = body["links"]["next"]
            .as_str()
            .unwrap_or_else(|| panic!("has_more without links.next: {body}"));
        url = next
            .strip_prefix("https://acme.zendesk.com")
            .unwrap_or_else(|| panic!("links.next on another account: {next}"))
            .to_owned();
        assert!(pages < 100, "endless paging");
    }
    (all, pages)
}

fn titles(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn acme_lists_two_thousand_shared_macros_in_twenty_pages() {
    let sim = sim_in("large");
    let (shared, pages) = walk(
        &sim,
        "/api/v2/macros?access=shared&page[size]=100",
        "macros",
    )
    .await;
    assert_eq!(shared.len(), large::SHARED_MACROS);
    assert_eq!(pages, 20);
    let names = titles(&shared);
    assert_eq!(
        names.iter().collect::<BTreeSet<_>>().len(),
        names.len(),
        "titles are unique"
    );
    // Demo's are kept; the generated follow the documented pattern.
    for demo in ["Reset the VPN profile", "Billing: send an invoice copy"] {
        assert!(names.iter().any(|n| n == demo), "{demo}");
    }
    let refunds = names
        .iter()
        .filter(|n| n.starts_with("Refund request: reply "))
        .count();
    assert_eq!(refunds, 100);
    assert!(names.contains(&large::macro_title(1997)));
    assert!(!names.iter().any(|n| n.starts_with("Personal note")));
    // The personal ones are there for an admin who asks for everything.
    let (all, _) = walk(&sim, "/api/v2/macros?page[size]=100", "macros").await;
    assert_eq!(all.len(), large::SHARED_MACROS + large::PERSONAL_MACROS);
}

#[tokio::test]
async fn acme_lists_five_hundred_custom_ticket_fields_besides_the_system_ones() {
    let sim = sim_in("large");
    let (fields, pages) = walk(
        &sim,
        "/api/v2/ticket_fields?page[size]=100",
        "ticket_fields",
    )
    .await;
    let custom: Vec<&Value> = fields.iter().filter(|f| f["removable"] == true).collect();
    assert_eq!(custom.len(), large::CUSTOM_TICKET_FIELDS);
    assert_eq!(fields.len() - custom.len(), 7, "the system fields");
    assert_eq!(pages, 6);
    let names = titles(&fields);
    assert_eq!(names.iter().collect::<BTreeSet<_>>().len(), names.len());
    assert!(
        names.contains(&"Escalation reason".to_owned()),
        "demo's kept"
    );
    // Every tag is one field's own, as Zendesk requires.
    let mut tags = BTreeSet::new();
    for f in &fields {
        let own = f["tag"].as_str().into_iter().map(str::to_owned);
        let options = f["custom_field_options"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| o["value"].as_str().map(str::to_owned));
        for tag in own.chain(options) {
            assert!(tags.insert(tag.clone()), "tag {tag} used twice");
        }
    }
}

#[tokio::test]
async fn large_is_the_same_on_every_load_and_a_reset_scenario() {
    let a = sim_in("large");
    let b = sim();
    let reset = b
        .call("POST", "/sim/reset", Some(json!({"scenario": "large"})))
        .await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    for (path, key) in [
        ("/api/v2/macros?page[size]=100", "macros"),
        ("/api/v2/ticket_fields?page[size]=100", "ticket_fields"),
    ] {
        let (x, _) = walk(&a, path, key).await;
        let (y, _) = walk(&b, path, key).await;
        assert_eq!(x, y, "{key}");
    }
}
