//! `/api/v2/business_hours/schedules` (not in the spec: Zendesk's Schedules reference): schedules,
//! their weekly intervals (`/workweek`) and their holidays.
//!
//! - Availability: [`Feature::Schedules`] (403 otherwise; the reference is silent on plans, see
//!   [`Feature`]).
//! - Schedules: list (admins; `{"schedules": [...]}` by id, no pagination in the reference), show
//!   (agents), create (201), update (PUT), delete (204) (admins). A schedule: `id`, `name`,
//!   `time_zone`, `intervals`, `created_at`, `updated_at` (no `url`). `name` and `time_zone` are
//!   mandatory on create; the docs are silent on which time zone names are valid, and the simulator
//!   takes any text (Zendesk's names, "Eastern Time (US & Canada)", are what it seeds). A new
//!   schedule has Monday to Friday 09:00-17:00 (the reference's Create Schedule answer). `intervals`
//!   are "Writable only when updating intervals for a schedule": ignored in a create or update.
//! - Workweek (`PUT .../{id}/workweek`, admins): `{"workweek": {"intervals": [{start_time,
//!   end_time}]}}` replaces the intervals and answers `{"workweek": {"intervals": [...]}}` (200).
//!   Minutes since Sunday 00:00, 0 to 10080 ("The API accepts a value of 0 or 10080 to represent
//!   midnight between Saturday and Sunday"); start before end; "Intervals can't span calendar days,
//!   so must end at midnight at the latest". Zendesk help ("Setting your schedule with business hours
//!   and holidays") adds: "Each business interval must be at least 1 hour long", start and end "in
//!   15 minute increments". The docs are silent on overlapping intervals; the simulator refuses them
//!   (touching ones are fine: "you can use midnight as the end time for an interval and the start
//!   time for the following interval"). Every refusal is 422 under `intervals`, in the simulator's
//!   words (the docs document none). An empty list is a schedule closed all week.
//! - Holidays (`.../{id}/holidays[/{holiday_id}]`): list (admins; `start_date`/`end_date` filters as
//!   the reference describes), show (agents), create (201), update (PUT), delete (204) (admins).
//!   `name`, `start_date` and `end_date` (ISO 8601 dates, stored as `YYYY-MM-DD`) are mandatory on
//!   create; "a start date no sooner than two years in the past and an end date no later than two
//!   years in the future" (422); the end may not come before the start *(choice: the docs are
//!   silent)*.
//! - Names need not be unique, and a schedule that triggers use may be deleted: the docs are silent
//!   on both; the simulator refuses neither.

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object};
use super::{authorize_feature, item_id, Allowed, Caller, ZdState};
use crate::state::{now_rfc3339, Account, Feature, World};

const LIST: List = List {
    key: "schedules",
    path: "/api/v2/business_hours/schedules.json",
    order: "id",
    unpaged: Unpaged::All,
};

/// Minutes in a day and in a week.
const DAY: i64 = 1440;
const WEEK: i64 = 7 * DAY;

/// Intervals start and end on these (Zendesk help).
const STEP: i64 = 15;
/// The shortest interval (Zendesk help).
const SHORTEST: i64 = 60;

/// Monday to Friday, 09:00-17:00: a new schedule's intervals.
pub fn office_hours() -> Vec<(i64, i64)> {
    (1..=5)
        .map(|day| (day * DAY + 9 * 60, day * DAY + 17 * 60))
        .collect()
}

pub fn routes() -> Router<ZdState> {
    let base = "/api/v2/business_hours/schedules";
    Router::new()
        .route(base, get(list).post(create))
        .route(
            &format!("{base}/{{id}}"),
            get(show).put(update).delete(remove),
        )
        .route(&format!("{base}/{{id}}/workweek"), put(workweek))
        .route(
            &format!("{base}/{{id}}/holidays"),
            get(list_holidays).post(create_holiday),
        )
        .route(
            &format!("{base}/{{id}}/holidays/{{holiday_id}}"),
            get(show_holiday).put(update_holiday).delete(remove_holiday),
        )
}

fn authorize<'w>(
    world: &'w mut World,
    caller: &Caller,
    allowed: Allowed,
) -> Result<&'w mut Account, ZdError> {
    authorize_feature(world, caller, allowed, Feature::Schedules).map(|(_, a)| a)
}

/// Intervals as stored and answered: `[{start_time, end_time}]`, by start.
pub fn intervals_json(intervals: &[(i64, i64)]) -> Value {
    let mut sorted = intervals.to_vec();
    sorted.sort_unstable();
    Value::Array(
        sorted
            .into_iter()
            .map(|(start, end)| json!({"start_time": start, "end_time": end}))
            .collect(),
    )
}

/// Every schedule as answered, by id, each with its `holidays` (the control API's config).
pub fn with_holidays(account: &Account) -> Vec<Value> {
    let mut all: Vec<&Map<String, Value>> = account.schedules.iter().collect();
    all.sort_by_key(|s| item_id(s));
    all.into_iter()
        .map(|s| {
            let mut out = s.clone();
            let holidays = account
                .holidays
                .get(&item_id(s))
                .cloned()
                .unwrap_or_default();
            out.insert("holidays".into(), json!(holidays));
            Value::Object(out)
        })
        .collect()
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Admins)?;
    let items = account
        .schedules
        .iter()
        .map(|s| ((item_id(s) as i64, item_id(s)), Value::Object(s.clone())))
        .collect();
    Ok(Json(paging::answer(
        &LIST,
        &account.subdomain,
        &params,
        items,
    )?))
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = write::position_of(&account.schedules, &id)?;
    Ok(Json(json!({ "schedule": account.schedules[at] })))
}

/// `name` and `time_zone` as sent (both required on create).
fn check_schedule(
    sent: &Map<String, Value>,
    creating: bool,
) -> Result<Map<String, Value>, ZdError> {
    let mut details = Details::default();
    let mut fields = Map::new();
    for key in ["name", "time_zone"] {
        if let Some(text) = write::required_text(sent, key, creating, &mut details) {
            fields.insert(key.into(), json!(text));
        }
    }
    details.finish()?;
    Ok(fields)
}

/// 201 with the new schedule (Monday to Friday, 09:00-17:00).
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Admins)?;
    let sent = body_object(&body, "schedule")?;
    let fields = check_schedule(&sent, true)?;
    let max = account.schedules.iter().map(item_id).max().unwrap_or(0);
    let id = write::next_id(account, "schedules", max, 1);
    let mut schedule = Map::new();
    schedule.insert("id".into(), json!(id));
    schedule.extend(fields);
    schedule.insert("intervals".into(), intervals_json(&office_hours()));
    write::stamp(&mut schedule, true);
    account.schedules.push(schedule.clone());
    account.holidays.insert(id, Vec::new());
    Ok((StatusCode::CREATED, Json(json!({ "schedule": schedule }))))
}

/// `name` and `time_zone` change; `intervals` are written through `/workweek` only.
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Admins)?;
    let at = write::position_of(&account.schedules, &id)?;
    let sent = body_object(&body, "schedule")?;
    let fields = check_schedule(&sent, false)?;
    let schedule = &mut account.schedules[at];
    schedule.extend(fields);
    write::stamp(schedule, false);
    Ok(Json(json!({ "schedule": schedule })))
}

/// 204; its holidays go with it.
async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Admins)?;
    let at = write::position_of(&account.schedules, &id)?;
    let gone = account.schedules.remove(at);
    account.holidays.remove(&item_id(&gone));
    Ok(StatusCode::NO_CONTENT)
}

/// The intervals of a workweek body, checked ([`self`]'s rules).
fn check_intervals(sent: &Map<String, Value>) -> Result<Vec<(i64, i64)>, ZdError> {
    let mut details = Details::default();
    let refuse = |details: &mut Details, why: String| {
        details.add("intervals", "InvalidValue", format!("Intervals: {why}"));
    };
    let Some(list) = sent.get("intervals").and_then(Value::as_array) else {
        let why = "the workweek needs its intervals ([{\"start_time\", \"end_time\"}])";
        refuse(&mut details, why.to_owned());
        details.finish()?;
        return Ok(Vec::new());
    };
    let mut intervals = Vec::new();
    for interval in list {
        let minute = |k: &str| interval.get(k).and_then(Value::as_i64);
        let (Some(start), Some(end)) = (minute("start_time"), minute("end_time")) else {
            refuse(
                &mut details,
                "every interval needs a start_time and an end_time in whole minutes".to_owned(),
            );
            continue;
        };
        if !(0..=WEEK).contains(&start) || !(0..=WEEK).contains(&end) {
            refuse(
                &mut details,
                format!("{start}-{end} is outside the week (0 to {WEEK})"),
            );
        } else if start >= end {
            refuse(&mut details, format!("{start}-{end} ends before it starts"));
        } else if start / DAY != (end - 1) / DAY {
            refuse(
                &mut details,
                format!("{start}-{end} spans two calendar days"),
            );
        } else if start % STEP != 0 || end % STEP != 0 {
            refuse(
                &mut details,
                format!("{start}-{end} does not start and end on a quarter hour"),
            );
        } else if end - start < SHORTEST {
            refuse(
                &mut details,
                format!("{start}-{end} is shorter than an hour"),
            );
        }
        intervals.push((start, end));
    }
    intervals.sort_unstable();
    for pair in intervals.windows(2) {
        if pair[1].0 < pair[0].1 {
            refuse(
                &mut details,
                format!(
                    "{}-{} overlaps {}-{}",
                    pair[1].0, pair[1].1, pair[0].0, pair[0].1
                ),
            );
        }
    }
    details.finish()?;
    Ok(intervals)
}

async fn workweek(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Admins)?;
    let at = write::position_of(&account.schedules, &id)?;
    let sent = body_object(&body, "workweek")?;
    let intervals = intervals_json(&check_intervals(&sent)?);
    let schedule = &mut account.schedules[at];
    schedule.insert("intervals".into(), intervals.clone());
    write::stamp(schedule, false);
    Ok(Json(json!({"workweek": {"intervals": intervals}})))
}

/// One schedule's holidays.
type Holidays = Vec<Map<String, Value>>;

/// The schedule `id`'s id, and its holidays (404 for an unknown schedule).
fn holidays_of<'a>(account: &'a mut Account, id: &str) -> Result<(u64, &'a mut Holidays), ZdError> {
    let at = write::position_of(&account.schedules, id)?;
    let schedule_id = item_id(&account.schedules[at]);
    Ok((
        schedule_id,
        account.holidays.entry(schedule_id).or_default(),
    ))
}

/// `YYYY-MM-DD` of an ISO 8601 date (a time after it is dropped).
fn date_of(value: &str) -> Option<String> {
    let day = value.trim().get(..10)?;
    crate::state::parse_datetime(day).map(|_| day.to_owned())
}

/// Today's date moved by `years`, as `YYYY-MM-DD`.
fn years_from_today(years: i64) -> String {
    let today = now_rfc3339();
    let (year, rest) = today.split_at(4);
    let year: i64 = year.parse().unwrap_or(1970);
    format!("{:04}{}", year + years, &rest[..6])
}

/// Validates a `holiday` object (all three fields required on create) against `stored` on update.
fn check_holiday(
    sent: &Map<String, Value>,
    stored: Option<&Map<String, Value>>,
) -> Result<Map<String, Value>, ZdError> {
    let creating = stored.is_none();
    let mut details = Details::default();
    let mut fields = Map::new();
    if let Some(name) = write::required_text(sent, "name", creating, &mut details) {
        fields.insert("name".into(), json!(name));
    }
    for key in ["start_date", "end_date"] {
        if let Some(text) = write::required_text(sent, key, creating, &mut details) {
            match date_of(&text) {
                Some(day) => {
                    fields.insert(key.into(), json!(day));
                }
                None => details.add(
                    key,
                    "InvalidValue",
                    format!("{}: {text} is not an ISO 8601 date", write::label_of(key)),
                ),
            }
        }
    }
    let date = |key: &str| {
        fields
            .get(key)
            .or_else(|| stored.and_then(|s| s.get(key)))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if let (Some(start), Some(end)) = (date("start_date"), date("end_date")) {
        let (earliest, latest) = (years_from_today(-2), years_from_today(2));
        if start < earliest {
            details.add(
                "start_date",
                "InvalidValue",
                format!("Start date: {start} is more than two years in the past"),
            );
        }
        if end > latest {
            details.add(
                "end_date",
                "InvalidValue",
                format!("End date: {end} is more than two years in the future"),
            );
        }
        if end < start {
            details.add(
                "end_date",
                "InvalidValue",
                format!("End date: {end} comes before the start date {start}"),
            );
        }
    }
    details.finish()?;
    Ok(fields)
}

/// Whether a holiday passes the list's `start_date` and `end_date` (the reference's rules).
fn in_range(holiday: &Map<String, Value>, from: Option<&str>, to: Option<&str>) -> bool {
    let date = |k: &str| holiday.get(k).and_then(Value::as_str).unwrap_or_default();
    let (start, end) = (date("start_date"), date("end_date"));
    match (from, to) {
        (Some(from), None) => start >= from || (start <= from && from <= end),
        (None, Some(to)) => start <= to,
        (Some(from), Some(to)) => from <= start && start <= to,
        (None, None) => true,
    }
}

async fn list_holidays(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let from = params.get("start_date").and_then(date_of);
    let to = params.get("end_date").and_then(date_of);
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Admins)?;
    let sub = account.subdomain.clone();
    let (schedule_id, holidays) = holidays_of(account, &id)?;
    let path = format!("/api/v2/business_hours/schedules/{schedule_id}/holidays.json");
    let list = List {
        key: "holidays",
        path: &path,
        order: "id",
        unpaged: Unpaged::All,
    };
    let items = holidays
        .iter()
        .filter(|h| in_range(h, from.as_deref(), to.as_deref()))
        .map(|h| ((item_id(h) as i64, item_id(h)), Value::Object(h.clone())))
        .collect();
    Ok(Json(paging::answer(&list, &sub, &params, items)?))
}

async fn show_holiday(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path((id, holiday_id)): Path<(String, String)>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Agents)?;
    let (_, holidays) = holidays_of(account, &id)?;
    let at = write::position_of(holidays, &holiday_id)?;
    Ok(Json(json!({ "holiday": holidays[at] })))
}

/// 201 with the new holiday.
async fn create_holiday(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Admins)?;
    write::position_of(&account.schedules, &id)?;
    let sent = body_object(&body, "holiday")?;
    let fields = check_holiday(&sent, None)?;
    let max = account
        .holidays
        .values()
        .flatten()
        .map(item_id)
        .max()
        .unwrap_or(0);
    let holiday_id = write::next_id(account, "holidays", max, 1);
    let mut holiday = Map::new();
    holiday.insert("id".into(), json!(holiday_id));
    holiday.extend(fields);
    let (_, holidays) = holidays_of(account, &id)?;
    holidays.push(holiday.clone());
    Ok((StatusCode::CREATED, Json(json!({ "holiday": holiday }))))
}

/// The fields sent change.
async fn update_holiday(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path((id, holiday_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Admins)?;
    let (schedule_id, holidays) = holidays_of(account, &id)?;
    let at = write::position_of(holidays, &holiday_id)?;
    let sent = body_object(&body, "holiday")?;
    let fields = check_holiday(&sent, Some(&holidays[at]))?;
    holidays[at].extend(fields);
    let holiday = holidays[at].clone();
    if let Some(schedule) = account
        .schedules
        .iter_mut()
        .find(|s| item_id(s) == schedule_id)
    {
        schedule.insert("updated_at".into(), json!(now_rfc3339()));
    }
    Ok(Json(json!({ "holiday": holiday })))
}

async fn remove_holiday(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path((id, holiday_id)): Path<(String, String)>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller, Allowed::Admins)?;
    let (_, holidays) = holidays_of(account, &id)?;
    let at = write::position_of(holidays, &holiday_id)?;
    holidays.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(intervals: Value) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("intervals".into(), intervals);
        m
    }

    #[test]
    fn office_hours_are_valid_intervals() {
        let sent = body(intervals_json(&office_hours()));
        assert_eq!(check_intervals(&sent).ok(), Some(office_hours()));
    }

    #[test]
    fn intervals_that_break_a_rule_are_refused() {
        for bad in [
            json!([{"start_time": 1980, "end_time": 1980}]),
            json!([{"start_time": 1400, "end_time": 1500}]),
            json!([{"start_time": 1985, "end_time": 2460}]),
            json!([{"start_time": 1980, "end_time": 2010}]),
            json!([{"start_time": 1980, "end_time": 2460}, {"start_time": 2400, "end_time": 2700}]),
            json!([{"start_time": -60, "end_time": 60}]),
            json!([{"start_time": 10020, "end_time": 10140}]),
        ] {
            assert!(check_intervals(&body(bad.clone())).is_err(), "{bad}");
        }
        // Touching intervals and midnight ends are fine.
        let ok =
            json!([{"start_time": 3840, "end_time": 4320}, {"start_time": 4320, "end_time": 4800}]);
        assert!(check_intervals(&body(ok)).is_ok());
    }

    #[test]
    fn holidays_filter_as_the_reference_says() {
        let h = |s: &str, e: &str| {
            let mut m = Map::new();
            m.insert("start_date".into(), json!(s));
            m.insert("end_date".into(), json!(e));
            m
        };
        let xmas = h("2026-12-24", "2026-12-26");
        assert!(in_range(&xmas, Some("2026-12-25"), None), "falls during it");
        assert!(!in_range(&xmas, Some("2026-12-27"), None));
        assert!(in_range(&xmas, None, Some("2026-12-24")));
        assert!(!in_range(&xmas, Some("2026-12-25"), Some("2026-12-31")));
    }
}
