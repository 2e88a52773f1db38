//! Schedules in the fake Zendesk: schedules, their workweek intervals and their holidays; the
//! refusals (intervals out of the week, across days, off the quarter hour, too short, overlapping;
//! holidays out of the two-year window), who may read and write, plans without schedules.

mod common;

use common::{assert_forbidden, assert_invalid, find, sim, Sim};
use serde_json::{json, Value};

const SUPPORT_HOURS: u64 = 361_013_000_001;
const NEW_YEAR: u64 = 361_013_100_001;
const BASE: &str = "/api/v2/business_hours/schedules";

async fn call(sim: &Sim, method: &str, url: &str, body: Option<Value>) -> Value {
    sim.api("acme", "admin", method, url, body).await
}

fn assert_refused(answer: &Value, field: &str, words: &str) {
    assert_invalid(answer, field);
    let said = answer["responseJSON"]["details"][field].to_string();
    assert!(said.contains(words), "{field}: {words:?} not in {said}");
}

/// Monday to Friday 09:00-17:00, as Zendesk's minutes since Sunday 00:00.
fn office_hours() -> Value {
    json!([
        {"start_time": 1980, "end_time": 2460},
        {"start_time": 3420, "end_time": 3900},
        {"start_time": 4860, "end_time": 5340},
        {"start_time": 6300, "end_time": 6780},
        {"start_time": 7740, "end_time": 8220},
    ])
}

async fn make_schedule(sim: &Sim) -> u64 {
    let made = call(
        sim,
        "POST",
        BASE,
        Some(json!({"schedule": {"name": "EMEA", "time_zone": "London", "intervals": []}})),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
    made["responseJSON"]["schedule"]["id"]
        .as_u64()
        .unwrap_or_default()
}

/// A date `years` from today, as `YYYY-MM-DD` (day 15 of today's month: no leap-day edge).
fn date_from_today(years: i64, month_shift: i64) -> String {
    let today = deskset_sim::state::now_rfc3339();
    let year: i64 = today[..4].parse().unwrap_or(2026);
    let month: i64 = today[5..7].parse().unwrap_or(6);
    let months = (year + years) * 12 + (month - 1) + month_shift;
    format!(
        "{:04}-{:02}-15",
        months.div_euclid(12),
        months.rem_euclid(12) + 1
    )
}

#[tokio::test]
async fn globex_has_support_hours_and_new_year() {
    let sim = sim();
    let list = sim.api("globex", "admin", "GET", BASE, None).await;
    assert_eq!(list["status"], 200, "{list}");
    let schedule = find(&list["responseJSON"]["schedules"], "name", "Support hours");
    assert_eq!(schedule["id"], SUPPORT_HOURS);
    assert_eq!(schedule["time_zone"], "Amsterdam");
    assert_eq!(schedule["intervals"], office_hours());
    assert!(
        schedule.get("url").is_none(),
        "the reference's object has no url"
    );
    let holidays = sim
        .api(
            "globex",
            "admin",
            "GET",
            &format!("{BASE}/{SUPPORT_HOURS}/holidays.json"),
            None,
        )
        .await;
    assert_eq!(
        holidays["responseJSON"]["holidays"],
        json!([{"id": NEW_YEAR, "name": "New Year", "start_date": "2027-01-01", "end_date": "2027-01-01"}])
    );
    // Agents may show a schedule and a holiday, not list them.
    let show = sim
        .api(
            "globex",
            "agent",
            "GET",
            &format!("{BASE}/{SUPPORT_HOURS}.json"),
            None,
        )
        .await;
    assert_eq!(
        show["responseJSON"]["schedule"]["name"], "Support hours",
        "{show}"
    );
    let holiday = sim
        .api(
            "globex",
            "agent",
            "GET",
            &format!("{BASE}/{SUPPORT_HOURS}/holidays/{NEW_YEAR}.json"),
            None,
        )
        .await;
    assert_eq!(
        holiday["responseJSON"]["holiday"]["name"], "New Year",
        "{holiday}"
    );
    assert_forbidden(
        &sim.api("globex", "agent", "GET", BASE, None).await,
        "agent lists",
    );
    // The config snapshot holds the holidays with the schedule.
    let config = sim.config("globex").await;
    assert_eq!(config["schedules"][0]["holidays"][0]["id"], NEW_YEAR);
}

#[tokio::test]
async fn a_schedule_is_made_with_office_hours_and_renamed() {
    let sim = sim();
    let id = make_schedule(&sim).await;
    let config = sim.config("acme").await;
    let stored = find(&config["schedules"], "name", "EMEA");
    assert_eq!(
        stored["intervals"],
        office_hours(),
        "the intervals sent are ignored"
    );
    assert_eq!(stored["holidays"], json!([]));
    let renamed = call(
        &sim,
        "PUT",
        &format!("{BASE}/{id}.json"),
        Some(json!({"schedule": {"name": "Europe", "intervals": []}})),
    )
    .await;
    assert_eq!(renamed["status"], 200, "{renamed}");
    let config = sim.config("acme").await;
    let stored = find(&config["schedules"], "name", "Europe");
    assert_eq!(stored["time_zone"], "London");
    assert_eq!(stored["intervals"], office_hours());
    let before = sim.config("acme").await;
    let nameless = call(
        &sim,
        "POST",
        BASE,
        Some(json!({"schedule": {"name": "No zone"}})),
    )
    .await;
    assert_refused(&nameless, "time_zone", "cannot be blank");
    assert_eq!(sim.config("acme").await, before);
    let gone = call(&sim, "DELETE", &format!("{BASE}/{id}.json"), None).await;
    assert_eq!(gone["status"], 204, "{gone}");
    assert_eq!(sim.config("acme").await["schedules"], json!([]));
}

#[tokio::test]
async fn the_workweek_is_replaced_and_bad_intervals_refused() {
    let sim = sim();
    let id = make_schedule(&sim).await;
    let url = format!("{BASE}/{id}/workweek.json");
    // Tuesday 16:00 to midnight, then Wednesday from midnight: touching, not overlapping.
    let late =
        json!([{"start_time": 3840, "end_time": 4320}, {"start_time": 4320, "end_time": 4800}]);
    let answer = call(
        &sim,
        "PUT",
        &url,
        Some(json!({"workweek": {"intervals": late}})),
    )
    .await;
    assert_eq!(answer["status"], 200, "{answer}");
    assert_eq!(
        answer["responseJSON"],
        json!({"workweek": {"intervals": late}})
    );
    assert_eq!(
        find(&sim.config("acme").await["schedules"], "name", "EMEA")["intervals"],
        late
    );
    let before = sim.config("acme").await;
    for (intervals, words) in [
        (
            json!([{"start_time": 1980, "end_time": 2460}, {"start_time": 2400, "end_time": 2700}]),
            "overlaps",
        ),
        (
            json!([{"start_time": 1985, "end_time": 2460}]),
            "quarter hour",
        ),
        (
            json!([{"start_time": 1380, "end_time": 1500}]),
            "spans two calendar days",
        ),
        (
            json!([{"start_time": 1980, "end_time": 2010}]),
            "shorter than an hour",
        ),
        (
            json!([{"start_time": 10020, "end_time": 10140}]),
            "outside the week",
        ),
        (
            json!([{"start_time": 2460, "end_time": 1980}]),
            "ends before it starts",
        ),
        (
            json!([{"start_time": "9:00"}]),
            "needs a start_time and an end_time",
        ),
    ] {
        let answer = call(
            &sim,
            "PUT",
            &url,
            Some(json!({"workweek": {"intervals": intervals}})),
        )
        .await;
        assert_refused(&answer, "intervals", words);
    }
    assert_eq!(sim.config("acme").await, before, "nothing written");
    // A closed week is a week too.
    let closed = call(
        &sim,
        "PUT",
        &url,
        Some(json!({"workweek": {"intervals": []}})),
    )
    .await;
    assert_eq!(closed["status"], 200, "{closed}");
}

#[tokio::test]
async fn holidays_are_written_within_two_years() {
    let sim = sim();
    let id = make_schedule(&sim).await;
    let url = format!("{BASE}/{id}/holidays.json");
    let soon = date_from_today(0, 2);
    let made = call(
        &sim,
        "POST",
        &url,
        Some(json!({"holiday": {"name": "Founders' day", "start_date": soon, "end_date": format!("{soon}T00:00:00Z")}})),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
    let holiday = &made["responseJSON"]["holiday"];
    assert_eq!(holiday["end_date"], soon, "a date, as YYYY-MM-DD");
    let holiday_id = holiday["id"].as_u64().unwrap_or_default();
    assert!(holiday_id > 0, "{holiday}");
    let before = sim.config("acme").await;
    let far = date_from_today(2, 2);
    let past = date_from_today(-2, -2);
    for (body, field, words) in [
        (
            json!({"name": "Far", "start_date": soon, "end_date": far}),
            "end_date",
            "more than two years in the future",
        ),
        (
            json!({"name": "Past", "start_date": past, "end_date": soon}),
            "start_date",
            "more than two years in the past",
        ),
        (
            json!({"name": "Backwards", "start_date": soon, "end_date": date_from_today(0, 1)}),
            "end_date",
            "comes before the start date",
        ),
        (
            json!({"name": "Bad", "start_date": "soon", "end_date": soon}),
            "start_date",
            "not an ISO 8601 date",
        ),
        (
            json!({"start_date": soon, "end_date": soon}),
            "name",
            "cannot be blank",
        ),
    ] {
        let answer = call(&sim, "POST", &url, Some(json!({ "holiday": body }))).await;
        assert_refused(&answer, field, words);
    }
    assert_eq!(sim.config("acme").await, before, "nothing written");
    // Update, filter, delete.
    let later = date_from_today(0, 3);
    let moved = call(
        &sim,
        "PUT",
        &format!("{BASE}/{id}/holidays/{holiday_id}.json"),
        Some(json!({"holiday": {"end_date": later}})),
    )
    .await;
    assert_eq!(
        moved["responseJSON"]["holiday"]["start_date"], soon,
        "{moved}"
    );
    assert_eq!(moved["responseJSON"]["holiday"]["end_date"], later);
    let during = call(
        &sim,
        "GET",
        &format!("{url}?start_date={}", date_from_today(0, 3)),
        None,
    )
    .await;
    assert_eq!(
        during["responseJSON"]["holidays"].as_array().map(Vec::len),
        Some(1),
        "falls during it"
    );
    let after = call(
        &sim,
        "GET",
        &format!("{url}?start_date={}", date_from_today(0, 4)),
        None,
    )
    .await;
    assert_eq!(after["responseJSON"]["holidays"], json!([]));
    let gone = call(
        &sim,
        "DELETE",
        &format!("{BASE}/{id}/holidays/{holiday_id}.json"),
        None,
    )
    .await;
    assert_eq!(gone["status"], 204, "{gone}");
    let missing = call(
        &sim,
        "GET",
        &format!("{BASE}/{id}/holidays/{holiday_id}.json"),
        None,
    )
    .await;
    assert_eq!(missing["status"], 404);
}

#[tokio::test]
async fn only_admins_write_schedules() {
    let sim = sim();
    let id = make_schedule(&sim).await;
    let before = sim.config("acme").await;
    for user in ["agent", "shared"] {
        let made = sim
            .api(
                "acme",
                user,
                "POST",
                BASE,
                Some(json!({"schedule": {"name": "Mine", "time_zone": "London"}})),
            )
            .await;
        assert_forbidden(&made, user);
        let week = sim
            .api(
                "acme",
                user,
                "PUT",
                &format!("{BASE}/{id}/workweek.json"),
                Some(json!({"workweek": {"intervals": []}})),
            )
            .await;
        assert_forbidden(&week, user);
    }
    assert_eq!(sim.config("acme").await, before, "nothing written");
}

#[tokio::test]
async fn a_plan_without_schedules_answers_403() {
    let sim = sim();
    sim.call("POST", "/sim/accounts/acme", Some(json!({"plan": "team"})))
        .await;
    assert_forbidden(&call(&sim, "GET", BASE, None).await, "Team");
    let made = call(
        &sim,
        "POST",
        BASE,
        Some(json!({"schedule": {"name": "X", "time_zone": "London"}})),
    )
    .await;
    assert_forbidden(&made, "Team");
    sim.call(
        "POST",
        "/sim/accounts/acme",
        Some(json!({"features": {"schedules": true}})),
    )
    .await;
    assert_eq!(call(&sim, "GET", BASE, None).await["status"], 200);
}
