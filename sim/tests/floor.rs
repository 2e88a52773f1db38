//! The bench's floor app (`--floor DIR`, host switch `app=floor`), served beside deskset.

mod common;

use common::{fixtures, sim, sim_with};

#[tokio::test]
async fn the_floor_opens_in_the_location_s_session_when_asked() {
    let sim = sim_with("demo", Some(fixtures().join("floor")));
    let page = sim
        .call("GET", "/?location=ticket_sidebar&app=floor", None)
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text.contains(
            "src=\"http://localhost:4567/app/floor/assets/iframe.html?origin=http%3A%2F%2F127.0.0.1%3A4567&amp;app_guid="
        ),
        "{}",
        page.text
    );
    assert!(page.text.contains("data-app=\"floor\""));
    // The session is still the tile's: its settings reach the floor, its proxy rules apply.
    assert!(page.text.contains("\"app\":\"tile\""), "{}", page.text);
    // Without the switch the location's own app opens.
    let own = sim.call("GET", "/?location=ticket_sidebar", None).await;
    assert!(own.text.contains("/app/tile/assets/iframe.html?"));
    assert!(!own.text.contains("/app/floor/"));
    // Only `floor` is a known app switch.
    assert_eq!(sim.call("GET", "/?app=other", None).await.status, 400);
}

#[tokio::test]
async fn the_floor_s_files_are_served_with_the_sdk_swapped_and_nothing_outside_assets() {
    let sim = sim_with("demo", Some(fixtures().join("floor")));
    let html = sim.call("GET", "/app/floor/assets/iframe.html", None).await;
    assert_eq!(html.status, 200);
    assert!(
        html.text.contains("<script src=\"/sim/zaf_sdk.js\">"),
        "{}",
        html.text
    );
    assert!(!html.text.contains("static.zdassets.com"));
    let js = sim.call("GET", "/app/floor/assets/floor.js", None).await;
    assert_eq!(js.status, 200);
    assert_eq!(js.text, "// floor fixture\n");
    assert!(js.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/javascript"));
    for path in [
        "/app/floor/secret.txt",
        "/app/floor/assets/../secret.txt",
        "/app/floor/assets/%2e%2e/secret.txt",
        "/app/floor/assets/..%2Fsecret.txt",
        "/app/floor/assets/../../app/console/manifest.json",
        "/app/floor/assets/missing.js",
    ] {
        let got = sim.call("GET", path, None).await;
        assert_eq!(got.status, 404, "{path}: {}", got.text);
        assert!(!got.text.contains("outside assets"), "{path}");
    }
}

#[tokio::test]
async fn without_a_floor_the_switch_and_its_files_are_refused() {
    let sim = sim();
    let page = sim.call("GET", "/?app=floor", None).await;
    assert_eq!(page.status, 400);
    assert!(page.text.contains("--floor"), "{}", page.text);
    let file = sim.call("GET", "/app/floor/assets/iframe.html", None).await;
    assert_eq!(file.status, 404);
}
