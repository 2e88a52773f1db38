//! The host page, the app's files and the ZAF session data.

mod common;

use common::sim;

#[tokio::test]
async fn host_page_embeds_the_app_with_origin_and_a_fresh_guid() {
    let sim = sim();
    let page = sim
        .call("GET", "/?location=ticket_sidebar&user=agent", None)
        .await;
    assert_eq!(page.status, 200);
    // Cross-origin, as in Zendesk: the app on the other loopback name, same port.
    let src_start = page.text.find(
        "src=\"http://localhost:4567/app/assets/iframe.html?origin=http%3A%2F%2F127.0.0.1%3A4567&amp;app_guid=",
    );
    assert!(src_start.is_some(), "{}", page.text);
    assert!(page.text.contains("<iframe id=\"app\""));
    assert!(page.text.contains("/sim/host.js"));
    let other = sim
        .call("GET", "/?location=ticket_sidebar&user=agent", None)
        .await;
    let guid = |t: &str| t.split("app_guid=").nth(1).map(|s| s[..36].to_owned());
    assert_ne!(guid(&page.text), guid(&other.text));

    assert_eq!(sim.call("GET", "/?user=nobody", None).await.status, 400);
    assert_eq!(sim.call("GET", "/?location=moon", None).await.status, 400);
    assert_eq!(sim.call("GET", "/?plan=gold", None).await.status, 400);
}

#[tokio::test]
async fn session_data_carries_registration_and_get_values() {
    let sim = sim();
    let s = sim
        .call(
            "GET",
            "/sim/session?location=ticket_sidebar&account=acme&user=restricted&locale=fr&ticket=1002&app_guid=g-1",
            None,
        )
        .await
        .json();
    assert_eq!(s["session"]["user"], "restricted");
    assert_eq!(s["context"]["instanceGuid"], "g-1");
    assert_eq!(s["context"]["product"], "support");
    assert_eq!(s["context"]["account"]["subdomain"], "acme");
    assert_eq!(s["context"]["location"], "ticket_sidebar");
    assert_eq!(s["context"]["ticketId"], 1002);
    assert_eq!(s["metadata"]["installationId"], 360_000_870_001u64);
    assert_eq!(s["metadata"]["version"], "9.9.9");
    assert_eq!(s["data"]["currentUser"]["role"], "agent");
    assert_eq!(s["data"]["currentUser"]["locale"], "fr");
    assert_eq!(s["data"]["currentAccount"]["planName"], "enterprise");
    assert_eq!(
        s["data"]["ticket"]["requester"]["email"],
        "dana.doe@customer.example"
    );
    assert!(s["data"].get("user").is_none());

    let nav = sim.call("GET", "/sim/session", None).await.json();
    assert_eq!(nav["context"]["location"], "nav_bar");
    assert!(
        nav["data"].get("ticket").is_none(),
        "ticket data outside the ticket sidebar"
    );
    assert_eq!(nav["data"]["currentUser"]["role"], "admin");

    let side = sim
        .call(
            "GET",
            "/sim/session?location=user_sidebar&viewed_user=customer",
            None,
        )
        .await
        .json();
    assert_eq!(side["data"]["user"]["name"], "Chris Customer");
    assert_eq!(side["context"]["userId"], 381_000_000_101u64);
}

#[tokio::test]
async fn app_files_come_from_dist_with_the_sdk_swapped() {
    let sim = sim();
    let html = sim.call("GET", "/app/assets/iframe.html", None).await;
    assert_eq!(html.status, 200);
    assert!(
        html.text.contains("<script src=\"/sim/zaf_sdk.js\">"),
        "{}",
        html.text
    );
    assert!(!html.text.contains("static.zdassets.com"));
    assert!(html.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/html"));

    let wasm = sim.call("GET", "/app/assets/deskset_bg.wasm", None).await;
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    let js = sim.call("GET", "/app/assets/deskset.js", None).await;
    assert!(js.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/javascript"));

    // Zendesk serves only assets/ to the iframe, and nothing outside dist.
    assert_eq!(
        sim.call("GET", "/app/manifest.json", None).await.status,
        404
    );
    assert_eq!(
        sim.call("GET", "/app/assets/../manifest.json", None)
            .await
            .status,
        404
    );
    assert_eq!(
        sim.call("GET", "/app/assets/missing.js", None).await.status,
        404
    );

    let sdk = sim.call("GET", "/sim/zaf_sdk.js", None).await;
    assert_eq!(sdk.status, 200);
    assert!(sdk.text.contains("ZAFClient"));
    let host = sim.call("GET", "/sim/host.js", None).await;
    assert!(host.text.contains("zaf.app.registered"));
}

#[tokio::test]
async fn the_app_iframe_is_on_the_other_loopback_name() {
    let sim = sim();
    let page = sim
        .call_with("GET", "/", &[("host", "localhost:4567")], String::new())
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains(
            "src=\"http://127.0.0.1:4567/app/assets/iframe.html?origin=http%3A%2F%2Flocalhost%3A4567&amp;app_guid="
        ),
        "{}",
        page.text
    );
    // Never the page's own origin.
    assert!(!page.text.contains("src=\"/app/"), "{}", page.text);
    assert!(!page.text.contains("src=\"http://localhost:4567/app/"));

    // host.js answers only the iframe's origin and posts only to it.
    let host = sim.call("GET", "/sim/host.js", None).await.text;
    assert!(host.contains("event.origin !== frameOrigin()"));
    assert!(host.contains("postMessage(JSON.stringify(msg), frameOrigin())"));
}

#[tokio::test]
async fn the_host_page_opens_only_as_a_top_level_page() {
    let sim = sim();
    for dest in ["iframe", "empty", "embed"] {
        let page = sim
            .call_with("GET", "/", &[("sec-fetch-dest", dest)], String::new())
            .await;
        assert_eq!(page.status, 400, "{dest}");
        assert!(!page.text.contains("hostKey"), "{dest}: {}", page.text);
    }
    let page = sim
        .call_with("GET", "/", &[("sec-fetch-dest", "document")], String::new())
        .await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("\"hostKey\":\""));
}

#[tokio::test]
async fn host_js_fires_events_with_needs_reply_and_records_replies() {
    let sim = sim();
    let host = sim.call("GET", "/sim/host.js", None).await.text;
    assert!(
        host.contains("window.__simTrigger = function (name, message, needsReply)"),
        "{host}"
    );
    assert!(host.contains("msg.needsReply = true"));
    assert!(host.contains("window.__simReplies = []"));
    assert!(host.contains("iframe\\.reply:"));
}

#[tokio::test]
async fn the_plan_switch_says_it_changes_the_account() {
    let sim = sim();
    let host = sim.call("GET", "/sim/host.js", None).await.text;
    assert!(host.contains("(account-wide, until reset)"), "{host}");
    // It does: another session sees the plan.
    sim.call("GET", "/?plan=professional", None).await;
    let other = sim.call("GET", "/sim/session", None).await.json();
    assert_eq!(other["data"]["currentAccount"]["planName"], "professional");
}
