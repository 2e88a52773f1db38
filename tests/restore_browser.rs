//! Browser tests of a restore's review (issue 11): a backup planned over this account alone, and
//! a step changed here since the last deploy kept until "Overwrite" is ticked.
#![cfg(target_arch = "wasm32")]

use deskset::views::deploy::{Origin, ReviewPanel};
use deskset_domain::deploy::restore;
use deskset_web::http::Method;
use deskset_web::testing::{answer, render, session, texts, wait_for, FakeTransport};
use serde_json::json;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn backup() -> restore::Backup {
    let text = json!({
        "deskset_backup": {"account": "acme", "at": "2026-12-01T09:00:00Z",
                           "source": "https://globex.zendesk.com", "configuration": "Tier 2 escalation"},
        "items": [{"type": "ticket_fields", "name": "Reason", "item":
            {"id": 7, "type": "text", "title": "Reason", "raw_title": "Reason", "raw_description": "Before",
             "active": true, "updated_at": "2026-11-01T00:00:00Z"}}],
    })
    .to_string();
    restore::parse(&text, "acme", &|s: &str| s.to_lowercase()).unwrap()
}

#[wasm_bindgen_test]
async fn a_restore_reads_only_this_account_and_keeps_a_change_made_here_until_overwrite_is_ticked()
{
    // Deployed on 1 Dec (its write answered 09:00:03), changed here on 3 Dec.
    let log = json!([{"id": "1", "at": "2026-12-01T09:00:00Z", "kind": "deploy", "status": "finished",
        "items": [{"type": "ticket_fields", "name": "Reason", "action": "update", "result": "updated",
                   "target_id": "7", "updated_at": "2026-12-01T09:00:03Z"}]}]);
    let transport = FakeTransport::new(vec![
        answer(
            200,
            json!({"ticket_fields": [{"id": 7, "type": "text", "title": "Reason", "raw_title": "Reason",
                "raw_description": "After", "active": true, "updated_at": "2026-12-03T10:00:00Z"}],
                "meta": {"has_more": false}}),
        ),
        answer(
            200,
            json!({"installation": {"settings": {"deploy_log": log.to_string()}}}),
        ),
    ]);
    let origin = Origin::Backup {
        backup: Rc::new(backup()),
        file: "deskset-backup-Tier-2-escalation.json".into(),
    };
    let root = render(
        session(transport.clone(), "admin"),
        "en",
        html! { <ReviewPanel {origin} on_close={Callback::noop()} /> },
    );
    let row = wait_for(&root, "tr[data-step=\"ticket_fields:Reason\"]").await;
    assert_eq!(row.get_attribute("data-action").as_deref(), Some("update"));
    assert_eq!(row.get_attribute("data-drift").as_deref(), Some("kept"));
    let note = texts(&root, "[data-testid=drift]").join(" ");
    assert!(
        note.contains("Changed here on") && note.contains("since the last deploy"),
        "{note}"
    );
    // Only this account was read, by relative URLs (the admin's own session): the field's list
    // and the history.
    let seen = transport.seen.borrow().clone();
    assert!(
        seen.iter().all(|r| r.method == Method::Get),
        "{:?}",
        transport.urls()
    );
    assert_eq!(
        transport.urls(),
        [
            "/api/v2/ticket_fields?page[size]=100",
            "/api/v2/apps/installations/1.json"
        ]
    );
    let button = || wait_for(&root, "[data-testid=deploy-button]");
    let b = button().await;
    assert_eq!(b.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(
        b.text_content().unwrap_or_default().trim(),
        "Restore 0 changes"
    );
    wait_for(&root, "[data-state=nothing-to-do]").await;

    // Ticked: the change made here is overwritten.
    let input: HtmlElement = wait_for(&root, "[data-testid=overwrite]")
        .await
        .dyn_into()
        .unwrap();
    input.click();
    wait_for(&root, "tr[data-drift=overwrite]").await;
    let b = button().await;
    assert_eq!(b.get_attribute("aria-disabled").as_deref(), Some("false"));
    assert_eq!(
        b.text_content().unwrap_or_default().trim(),
        "Restore 1 changes"
    );
    assert_eq!(transport.urls().len(), 2, "ticking writes nothing");
}
