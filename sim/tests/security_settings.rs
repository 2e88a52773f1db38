//! `/api/v2/security_settings`: account assumption (support access), its expiry, trial accounts.

mod common;

use common::{basic, sim, Sim, GLOBEX_ADMIN};
use deskset_sim::scenario::GLOBEX_API_TOKEN;
use deskset_sim::state::{now_ms, parse_datetime, rfc3339_from_ms, AssumptionDuration};
use serde_json::{json, Value};

const URL: &str = "/api/v2/security_settings.json";

async fn read(sim: &Sim, account: &str, user: &str) -> Value {
    sim.complete(account, user, json!({ "url": URL })).await
}

async fn write(sim: &Sim, account: &str, user: &str, body: Value) -> Value {
    sim.complete(
        account,
        user,
        json!({
            "url": URL,
            "type": "PUT",
            "contentType": "application/json",
            "data": body.to_string(),
        }),
    )
    .await
}

async fn grant(sim: &Sim, duration: &str) -> Value {
    write(
        sim,
        "acme",
        "admin",
        json!({"security_settings": {"assumption_duration": duration}}),
    )
    .await
}

fn settings(answer: &Value) -> &Value {
    &answer["responseJSON"]["security_settings"]
}

fn expiration_ms(answer: &Value) -> i64 {
    settings(answer)["assumption_expiration"]
        .as_str()
        .and_then(parse_datetime)
        .unwrap_or_else(|| panic!("no expiration: {answer}"))
}

async fn control(sim: &Sim, account: &str, body: Value) -> common::Answer {
    sim.call("POST", &format!("/sim/accounts/{account}"), Some(body))
        .await
}

#[tokio::test]
async fn off_by_default_in_every_demo_account() {
    let sim = sim();
    for account in ["acme", "globex", "initech"] {
        let answer = read(&sim, account, "admin").await;
        assert_eq!(answer["status"], 200, "{account}: {answer}");
        let s = settings(&answer);
        assert_eq!(s["assumable"], false, "{account}: {s}");
        assert_eq!(s["assumable_account_type"], false);
        assert_eq!(s["assumption_duration"], "off");
        assert_eq!(s["assumption_expiration"], Value::Null);
        // The rest of Zendesk's object is there too.
        assert!(s["authentication"]["agent"].is_object(), "{s}");
        assert!(s["agent_session_timeout"].is_number());
    }
}

#[tokio::test]
async fn admins_only() {
    let sim = sim();
    for user in ["agent", "restricted", "shared"] {
        let get = read(&sim, "acme", user).await;
        assert_eq!(get["status"], 403, "{user}: {get}");
        assert_eq!(get["responseJSON"]["error"], "Forbidden");
        let put = write(
            &sim,
            "acme",
            user,
            json!({"security_settings": {"assumption_duration": "day"}}),
        )
        .await;
        assert_eq!(put["status"], 403, "{user}: {put}");
    }
    // Nothing changed.
    assert_eq!(
        settings(&read(&sim, "acme", "admin").await)["assumption_duration"],
        "off"
    );
    // An end user signing in with globex's token, and nobody at all.
    let pat = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/security_settings.json",
                "headers": {"Authorization": format!("Basic {}", basic("pat@purchaser.example", GLOBEX_API_TOKEN))},
            }),
        )
        .await;
    assert_eq!(pat["status"], 403, "{pat}");
    let anonymous = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "https://globex.zendesk.com/api/v2/security_settings.json"}),
        )
        .await;
    assert_eq!(anonymous["status"], 401, "{anonymous}");
    // Greta, with the token, reads globex's.
    let greta = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/security_settings.json",
                "headers": {"Authorization": format!("Basic {}", basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN))},
            }),
        )
        .await;
    assert_eq!(greta["status"], 200, "{greta}");
}

#[tokio::test]
async fn each_duration_expires_from_the_moment_of_the_write() {
    let sim = sim();
    for duration in [
        AssumptionDuration::Day,
        AssumptionDuration::Week,
        AssumptionDuration::Month,
        AssumptionDuration::Year,
    ] {
        let before = now_ms();
        let answer = grant(&sim, duration.key()).await;
        let after = now_ms();
        assert_eq!(answer["status"], 200, "{answer}");
        let s = settings(&answer);
        assert_eq!(s["assumable"], true);
        assert_eq!(s["assumption_duration"], duration.key());
        // Whole seconds, as Zendesk writes times.
        let text = s["assumption_expiration"].as_str().unwrap_or_default();
        assert!(text.ends_with('Z') && text.len() == 20, "{text}");
        let got = expiration_ms(&answer);
        let low = duration.expiration_from(before).unwrap_or(0) / 1000 * 1000;
        let high = duration.expiration_from(after).unwrap_or(0);
        assert!(
            (low..=high).contains(&got),
            "{}: {text} not between {} and {}",
            duration.key(),
            rfc3339_from_ms(low),
            rfc3339_from_ms(high)
        );
        // A read says the same.
        assert_eq!(
            settings(&read(&sim, "acme", "admin").await)["assumption_expiration"],
            text
        );
    }
    let always = grant(&sim, "always").await;
    assert_eq!(settings(&always)["assumable"], true);
    assert_eq!(settings(&always)["assumption_duration"], "always");
    assert_eq!(settings(&always)["assumption_expiration"], Value::Null);
    let off = grant(&sim, "off").await;
    assert_eq!(settings(&off)["assumable"], false);
    assert_eq!(settings(&off)["assumption_expiration"], Value::Null);
    // assumable: false alone turns it off too.
    grant(&sim, "week").await;
    let off = write(
        &sim,
        "acme",
        "admin",
        json!({"security_settings": {"assumable": false}}),
    )
    .await;
    assert_eq!(off["status"], 200, "{off}");
    assert_eq!(settings(&off)["assumption_duration"], "off");
}

#[tokio::test]
async fn shortening_and_extending_recompute_from_now() {
    let sim = sim();
    let year = expiration_ms(&grant(&sim, "year").await);
    let day = expiration_ms(&grant(&sim, "day").await);
    assert!(day < year);
    let month = expiration_ms(&grant(&sim, "month").await);
    assert!(day < month && month < year);
}

#[tokio::test]
async fn the_expiry_passing_turns_support_access_off() {
    let sim = sim();
    assert_eq!(grant(&sim, "week").await["status"], 200);
    // Tests move the expiration instead of waiting a week.
    let past = rfc3339_from_ms(now_ms() - 1000);
    let moved = control(&sim, "acme", json!({ "assumption_expiration": past })).await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.json()["assumption"]["assumable"], false);
    let s = read(&sim, "acme", "admin").await;
    assert_eq!(settings(&s)["assumable"], false, "{s}");
    assert_eq!(settings(&s)["assumption_duration"], "off");
    assert_eq!(settings(&s)["assumption_expiration"], Value::Null);

    // One that ends in a second is on, then off.
    let soon = rfc3339_from_ms(now_ms() + 1500);
    let set = control(
        &sim,
        "acme",
        json!({"assumption_duration": "day", "assumption_expiration": soon}),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.text);
    let on = read(&sim, "acme", "admin").await;
    assert_eq!(settings(&on)["assumable"], true, "{on}");
    assert_eq!(settings(&on)["assumption_duration"], "day");
    assert_eq!(settings(&on)["assumption_expiration"], soon);
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    let later = read(&sim, "acme", "admin").await;
    assert_eq!(settings(&later)["assumable"], false, "{later}");
}

#[tokio::test]
async fn trial_accounts_are_always_assumable_and_refuse_writes() {
    let sim = sim();
    let on = control(&sim, "acme", json!({"trial": true})).await;
    assert_eq!(on.status, 200, "{}", on.text);
    assert_eq!(on.json()["trial"], true);
    assert_eq!(on.json()["days_left_in_trial"], 14);
    let s = read(&sim, "acme", "admin").await;
    assert_eq!(s["status"], 200);
    assert_eq!(settings(&s)["assumable"], true, "{s}");
    assert_eq!(settings(&s)["assumable_account_type"], true);
    assert_eq!(settings(&s)["assumption_duration"], "always");
    assert_eq!(settings(&s)["assumption_expiration"], Value::Null);
    for duration in ["off", "day", "always"] {
        let refused = grant(&sim, duration).await;
        assert_eq!(refused["status"], 403, "{duration}: {refused}");
        assert_eq!(refused["responseJSON"]["error"], "Forbidden");
        assert!(refused["responseJSON"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("trial")));
    }
    // Agents still get the plain 403 for reads.
    assert_eq!(read(&sim, "acme", "agent").await["status"], 403);

    // Paid again: the saved setting (off) is back, and writes work.
    let paid = control(&sim, "acme", json!({"trial": false})).await;
    assert_eq!(paid.json()["trial"], false);
    assert_eq!(paid.json()["days_left_in_trial"], Value::Null);
    assert_eq!(
        settings(&read(&sim, "acme", "admin").await)["assumption_duration"],
        "off"
    );
    assert_eq!(grant(&sim, "day").await["status"], 200);

    // The trial scenario starts acme on a trial.
    let reset = sim
        .call("POST", "/sim/reset", Some(json!({"scenario": "trial"})))
        .await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert_eq!(
        settings(&read(&sim, "acme", "admin").await)["assumable_account_type"],
        true
    );
    assert_eq!(
        settings(&read(&sim, "globex", "admin").await)["assumable_account_type"],
        false
    );
}

#[tokio::test]
async fn bad_writes_are_refused_and_change_nothing() {
    let sim = sim();
    assert_eq!(grant(&sim, "week").await["status"], 200);
    let before = settings(&read(&sim, "acme", "admin").await).clone();
    let cases = [
        (
            json!({"security_settings": {"assumption_duration": "fortnight"}}),
            422,
        ),
        (
            json!({"security_settings": {"assumption_duration": 7}}),
            422,
        ),
        (json!({"security_settings": {"assumable": "yes"}}), 422),
        (json!({"security_settings": {"assumable": true}}), 422),
        (
            json!({"security_settings": {"assumable": false, "assumption_duration": "day"}}),
            422,
        ),
        (
            json!({"security_settings": {"assumable": true, "assumption_duration": "off"}}),
            422,
        ),
        (json!({"assumption_duration": "day"}), 400),
    ];
    for (body, status) in cases {
        let answer = write(&sim, "acme", "admin", body.clone()).await;
        assert_eq!(answer["status"], status, "{body}: {answer}");
        if status == 422 {
            assert_eq!(answer["responseJSON"]["error"], "RecordInvalid", "{answer}");
            assert!(answer["responseJSON"]["details"].is_object());
        }
    }
    let not_json = sim
        .complete(
            "acme",
            "admin",
            json!({"url": URL, "type": "PUT", "contentType": "application/json", "data": "{"}),
        )
        .await;
    assert_eq!(not_json["status"], 400);
    assert_eq!(settings(&read(&sim, "acme", "admin").await), &before);
    // A write naming no assumption field changes nothing.
    let other = write(
        &sim,
        "acme",
        "admin",
        json!({"security_settings": {"agent_session_timeout": 60}}),
    )
    .await;
    assert_eq!(other["status"], 200);
    assert_eq!(settings(&other), &before);
}

#[tokio::test]
async fn the_control_checks_what_it_is_given() {
    let sim = sim();
    let bad_duration = control(&sim, "acme", json!({"assumption_duration": "fortnight"})).await;
    assert_eq!(bad_duration.status, 400);
    assert!(
        bad_duration.text.contains("always"),
        "{}",
        bad_duration.text
    );
    let bad_time = control(&sim, "acme", json!({"assumption_expiration": "soon"})).await;
    assert_eq!(bad_time.status, 400);
    // Off has no expiration to move.
    let nothing = control(
        &sim,
        "acme",
        json!({"assumption_expiration": "2030-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(nothing.status, 400, "{}", nothing.text);
    let always = control(
        &sim,
        "acme",
        json!({"assumption_duration": "always", "assumption_expiration": "2030-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(always.status, 400);
    // Offsets and fractions are read as instants.
    let set = control(
        &sim,
        "acme",
        json!({"assumption_duration": "year", "assumption_expiration": "2099-06-01T14:00:00.750+02:00"}),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.text);
    assert_eq!(
        set.json()["assumption"]["assumption_expiration"],
        "2099-06-01T12:00:00Z"
    );
    // A reset brings the default back.
    sim.call("POST", "/sim/reset", Some(json!({}))).await;
    assert_eq!(
        settings(&read(&sim, "acme", "admin").await)["assumption_duration"],
        "off"
    );
}
