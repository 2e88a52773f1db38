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
        "src=\"http://localhost:4567/app/tile/assets/iframe.html?origin=http%3A%2F%2F127.0.0.1%3A4567&amp;app_guid=",
    );
    assert!(src_start.is_some(), "{}", page.text);
    assert!(page.text.contains("<iframe id=\"app\" data-app=\"tile\""));
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
    // The sidebars are the tile's: its own installation and settings.
    assert_eq!(s["session"]["app"], "tile");
    assert_eq!(s["metadata"]["installationId"], 360_000_870_003u64);
    assert_eq!(s["metadata"]["name"], "deskset-tile-fixture");
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
    assert_eq!(nav["session"]["app"], "console");
    assert_eq!(nav["metadata"]["installationId"], 360_000_870_001u64);
    assert!(nav["metadata"]["settings"]
        .get("autotask_username")
        .is_none());

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
    let html = sim
        .call("GET", "/app/console/assets/iframe.html", None)
        .await;
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

    let wasm = sim
        .call("GET", "/app/tile/assets/deskset_bg.wasm", None)
        .await;
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    let js = sim
        .call("GET", "/app/console/assets/deskset.js", None)
        .await;
    assert!(js.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/javascript"));

    // Zendesk serves only assets/ to the iframe, and nothing outside dist.
    for path in [
        "/app/console/manifest.json",
        "/app/console/assets/../manifest.json",
        "/app/console/assets/../../tile/manifest.json",
        "/app/console/assets/missing.js",
        "/app/other/assets/iframe.html",
        "/app/assets/iframe.html",
    ] {
        assert_eq!(sim.call("GET", path, None).await.status, 404, "{path}");
    }

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
            "src=\"http://127.0.0.1:4567/app/console/assets/iframe.html?origin=http%3A%2F%2Flocalhost%3A4567&amp;app_guid="
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

#[tokio::test]
async fn each_location_opens_the_app_whose_manifest_declares_it() {
    let sim = sim();
    for (location, app) in [
        ("nav_bar", "console"),
        ("top_bar", "tile"),
        ("ticket_sidebar", "tile"),
        ("user_sidebar", "tile"),
    ] {
        let page = sim
            .call("GET", &format!("/?location={location}"), None)
            .await;
        assert_eq!(page.status, 200, "{location}");
        assert!(
            page.text.contains(&format!("data-app=\"{app}\" title=\"")),
            "{location}: {}",
            page.text
        );
        assert!(page
            .text
            .contains(&format!("/app/{app}/assets/iframe.html?")));
    }
    // No deskset app declares background: Zendesk would show nothing; the page says why.
    let page = sim.call("GET", "/?location=background", None).await;
    assert_eq!(page.status, 200);
    assert!(!page.text.contains("<iframe"), "{}", page.text);
    assert!(page.text.contains("id=\"sim-no-app\""), "{}", page.text);
}

#[tokio::test]
async fn role_restrictions_keep_the_console_from_users_outside_them() {
    let sim = sim();
    // The demo limits the console to admins and the custom roles that manage roles.
    for (user, allowed) in [
        ("admin", true),
        ("agent", true),
        ("restricted", false),
        ("shared", false),
    ] {
        let page = sim
            .call("GET", &format!("/?location=nav_bar&user={user}"), None)
            .await;
        assert_eq!(page.status, 200, "{user}");
        assert_eq!(
            page.text.contains("<iframe"),
            allowed,
            "{user}: {}",
            page.text
        );
        if !allowed {
            assert!(
                page.text.contains("deskset is not available to"),
                "{user}: {}",
                page.text
            );
        }
        // The tile has no restriction: every agent gets it.
        let tile = sim
            .call("GET", &format!("/?location=top_bar&user={user}"), None)
            .await;
        assert!(tile.text.contains("data-app=\"tile\""), "{user}");
    }
    let s = sim
        .call("GET", "/sim/session?location=nav_bar&user=restricted", None)
        .await
        .json();
    assert_eq!(s["app"], serde_json::Value::Null);
    assert!(s["unavailable"].is_string(), "{s}");

    // Lifted (Admin Center: no restrictions), Rita gets the console.
    let changed = sim
        .call(
            "POST",
            "/sim/accounts/acme/apps/console",
            Some(serde_json::json!({"role_restrictions": null})),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    let page = sim
        .call("GET", "/?location=nav_bar&user=restricted", None)
        .await;
    assert!(page.text.contains("data-app=\"console\""), "{}", page.text);
    // Restricted to her role's id, Alan (another custom role) is out.
    sim.call(
        "POST",
        "/sim/accounts/acme/apps/console",
        Some(serde_json::json!({"role_restrictions": [360_000_210_002u64]})),
    )
    .await;
    let alan = sim.call("GET", "/?location=nav_bar&user=agent", None).await;
    assert!(!alan.text.contains("<iframe"), "{}", alan.text);
}

#[tokio::test]
async fn an_account_with_only_the_tile_opens_the_tile_and_says_the_console_is_missing() {
    let sim = sim();
    let installed = sim
        .call(
            "POST",
            "/sim/accounts/initech",
            Some(serde_json::json!({"tile_installed": true})),
        )
        .await;
    assert_eq!(installed.status, 200, "{}", installed.text);
    assert!(installed.json()["tile_installation_id"].is_u64());
    let tile = sim
        .call("GET", "/?account=initech&location=top_bar", None)
        .await;
    assert_eq!(tile.status, 200, "{}", tile.text);
    assert!(tile.text.contains("data-app=\"tile\""));
    let console = sim.call("GET", "/?account=initech", None).await;
    assert_eq!(console.status, 400);
    assert!(
        console.text.contains("deskset_installed"),
        "{}",
        console.text
    );
    // And the other way round: without the tile, its locations say how to install it.
    sim.call(
        "POST",
        "/sim/accounts/acme",
        Some(serde_json::json!({"tile_installed": false})),
    )
    .await;
    let missing = sim.call("GET", "/?location=top_bar", None).await;
    assert_eq!(missing.status, 400);
    assert!(missing.text.contains("tile_installed"), "{}", missing.text);
}
