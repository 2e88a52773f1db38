//! `/api/v2/user_fields` and `/api/v2/organization_fields` (the spec's User Fields and Organization
//! Fields; both objects are the spec's CustomFieldObject). One module serves both: they differ only
//! in path, wrapper key and the custom role permission that may manage them.
//!
//! - List: agents (the spec's "Allowed For"). Cursor pagination with `page[size]`, offset pagination
//!   without (the spec lists both), in `position` order then id ("Fields are returned in the order
//!   that you specify"); the cursor follows the same order *(choice: the spec names no cursor
//!   order)*.
//! - Show: agents. Create (201), update (PUT, 200), delete (204): admins, the spec's "Allowed For",
//!   and agents whose custom role has `manage_user_fields` (`manage_organization_fields`) *(choice:
//!   the spec names admins only, but the role permission exists to grant exactly this)*.
//! - Body `{"user_field": {...}}` / `{"organization_field": {...}}`. `key`, `type` and `title` are
//!   the object's required fields; `type` defaults to `text` ("text (default when no type is
//!   specified)") and must be one of the spec's ten types ([`TYPES`]).
//! - `key`: required on create; "must consist of only letters, numbers, and underscores. It can't be
//!   only numbers" (the spec; ASCII letters *(choice)*); "A unique key" among the account's fields of
//!   the same kind, compared case-insensitively *(choice)*, refused with "Key: has already been
//!   taken" (Zendesk's answer as reported in agnostack/magento_extension#91). `key` and `type` cannot
//!   change after creation (deploy.md; Salto's `immutable_fields_in_user_fields` validator): a PUT
//!   that sends another key or type is refused (422) *(choice: refuse, not ignore; sending the
//!   stored value again is fine)*.
//! - `title`/`raw_title` and `description`/`raw_description`: as ticket fields (the raw one is the
//!   source; the simulator renders no dynamic content).
//! - `dropdown` and `multiselect` need `custom_field_options` ("Required and presented for a custom
//!   field of type dropdown"): `[{id, name, raw_name, value, position}]` as the spec's
//!   CustomFieldOptionObject (no `default`), each answered with its `url`
//!   (`.../user_fields/{field}/options/{option}.json`, as the spec's examples). A PUT that carries
//!   them replaces the list: "Options that are not passed will be removed"; "To update an existing
//!   option, pass its id": an option sent with the `id` of a stored one keeps it, one sent without
//!   (or with a null `id`) is a new option, even with a stored one's value. Duplicate
//!   values in one field are refused (422: the docs warn a duplicated value makes the field
//!   uneditable; Salto refuses them too). Other types carry no options.
//! - `tag`: "Optional for custom field of type checkbox; not presented otherwise". A tag (checkbox
//!   tag or option value) used by another field of the same kind is refused (422, case-insensitive)
//!   *(choice: users' and organizations' tags are their own, so user fields are checked against
//!   user fields only, organization fields against organization fields, as Salto's validator does)*.
//! - `lookup` fields need `relationship_target_type` on create (`zen:user`, `zen:organization`,
//!   `zen:ticket` or `zen:custom_object:<key>`, the spec's list) *(choice: required, as a lookup
//!   without a target means nothing)*; `relationship_filter` (an object) is stored as sent. Other
//!   types do not present them.
//! - `system: true` fields: "only active and position values of this field can be changed" (the
//!   spec): another change is refused (422 `base` *(choice)*), and so is their deletion *(choice)*.
//!   The demo accounts have no system user or organization fields.
//! - `regexp_for_validation` is stored as sent (not required for `regexp` *(choice)*, as ticket
//!   fields). Not modelled: the `/options` sub-endpoints and `/reorder`.

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::custom_fields::{self, SentOption};
use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object, id_of};
use super::{authorize, by_position, item_id, item_json, item_position, Allowed, Caller, ZdState};
use crate::state::{Account, User};

/// The custom field types the spec's Create User Field and Create Organization Field list.
pub const TYPES: [&str; 10] = [
    "text",
    "textarea",
    "checkbox",
    "date",
    "integer",
    "decimal",
    "regexp",
    "dropdown",
    "lookup",
    "multiselect",
];

/// Types whose values are options.
const DROPDOWNS: [&str; 2] = ["dropdown", "multiselect"];

/// The fields a `system` field lets a client change.
const SYSTEM_WRITABLE: [&str; 2] = ["active", "position"];

/// User fields or organization fields.
pub struct Kind {
    list: List<'static>,
    /// The request and answer object: `user_field`, `organization_field`.
    wrapper: &'static str,
    /// The custom role permission that may manage them.
    permission: &'static str,
}

pub const USER_FIELDS: Kind = Kind {
    list: List {
        key: "user_fields",
        path: "/api/v2/user_fields.json",
        order: "position",
        unpaged: Unpaged::Offset,
    },
    wrapper: "user_field",
    permission: "manage_user_fields",
};

pub const ORGANIZATION_FIELDS: Kind = Kind {
    list: List {
        key: "organization_fields",
        path: "/api/v2/organization_fields.json",
        order: "position",
        unpaged: Unpaged::Offset,
    },
    wrapper: "organization_field",
    permission: "manage_organization_fields",
};

impl Kind {
    fn fields<'a>(&self, account: &'a Account) -> &'a Vec<Map<String, Value>> {
        if self.list.key == USER_FIELDS.list.key {
            &account.user_fields
        } else {
            &account.organization_fields
        }
    }

    fn fields_mut<'a>(&self, account: &'a mut Account) -> &'a mut Vec<Map<String, Value>> {
        if self.list.key == USER_FIELDS.list.key {
            &mut account.user_fields
        } else {
            &mut account.organization_fields
        }
    }

    /// Admins, and agents whose custom role has the kind's permission.
    fn may_manage(&self, account: &Account, user: &User) -> bool {
        write::admin_or_flag(account, user, &[self.permission])
    }
}

pub fn routes() -> Router<ZdState> {
    Router::new()
        .merge(kind_routes(&USER_FIELDS))
        .merge(kind_routes(&ORGANIZATION_FIELDS))
}

fn kind_routes(kind: &'static Kind) -> Router<ZdState> {
    let base = format!("/api/v2/{}", kind.list.key);
    Router::new()
        .route(
            &base,
            get(move |s: State<ZdState>, c: Extension<Caller>, q: RawQuery| list(kind, s, c, q))
                .post(move |s: State<ZdState>, c: Extension<Caller>, b: Bytes| {
                    create(kind, s, c, b)
                }),
        )
        .route(
            &format!("{base}/{{id}}"),
            get(
                move |s: State<ZdState>, c: Extension<Caller>, p: Path<String>| show(kind, s, c, p),
            )
            .put(
                move |s: State<ZdState>, c: Extension<Caller>, p: Path<String>, b: Bytes| {
                    update(kind, s, c, p, b)
                },
            )
            .delete(
                move |s: State<ZdState>, c: Extension<Caller>, p: Path<String>| {
                    remove(kind, s, c, p)
                },
            ),
        )
}

/// A stored field as the API answers it: its `url`, and each option's.
pub fn field_json(field: &Map<String, Value>, subdomain: &str, key: &str) -> Value {
    let mut out = item_json(field, subdomain, key);
    let id = item_id(field);
    if let Some(options) = out
        .get_mut("custom_field_options")
        .and_then(Value::as_array_mut)
    {
        for option in options.iter_mut().filter_map(Value::as_object_mut) {
            let option_id = option.get("id").and_then(id_of).unwrap_or(0);
            option.insert(
                "url".into(),
                json!(format!(
                    "https://{subdomain}.zendesk.com/api/v2/{key}/{id}/options/{option_id}.json"
                )),
            );
        }
    }
    out
}

/// Every field of a kind as the API answers it, by position then id (the control API's config).
pub fn fields_json(fields: &[Map<String, Value>], subdomain: &str, key: &str) -> Vec<Value> {
    by_position(fields)
        .into_iter()
        .map(|f| field_json(f, subdomain, key))
        .collect()
}

async fn list(
    kind: &'static Kind,
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let sub = account.subdomain.as_str();
    let items = by_position(kind.fields(account))
        .into_iter()
        .map(|f| {
            (
                (item_position(f), item_id(f)),
                field_json(f, sub, kind.list.key),
            )
        })
        .collect();
    Ok(Json(paging::answer(&kind.list, sub, &params, items)?))
}

fn answer(kind: &Kind, account: &Account, at: usize) -> Value {
    let field = &kind.fields(account)[at];
    json!({ kind.wrapper: field_json(field, &account.subdomain, kind.list.key) })
}

async fn show(
    kind: &'static Kind,
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = write::position_of(kind.fields(account), &id)?;
    Ok(Json(answer(kind, account, at)))
}

/// 201 with the stored field.
async fn create(
    kind: &'static Kind,
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    if !kind.may_manage(account, user) {
        return Err(ZdError::forbidden());
    }
    let sent = body_object(&body, kind.wrapper)?;
    let checked = check(kind, &sent, account, None)?;
    let max = kind.fields(account).iter().map(item_id).max().unwrap_or(0);
    let id = write::next_id(account, kind.list.key, max, 1);
    let mut field = Map::new();
    for (k, v) in [
        ("id", json!(id)),
        ("type", json!(checked.kind)),
        ("key", Value::Null),
        ("title", json!("")),
        ("raw_title", json!("")),
        ("description", json!("")),
        ("raw_description", json!("")),
        (
            "position",
            json!(write::next_position(kind.fields(account))),
        ),
        ("active", json!(true)),
        ("system", json!(false)),
        ("regexp_for_validation", Value::Null),
    ] {
        field.insert(k.into(), v);
    }
    if checked.kind == "checkbox" {
        field.insert("tag".into(), Value::Null);
    }
    apply(account, &mut field, checked);
    write::stamp(&mut field, true);
    kind.fields_mut(account).push(field);
    let at = kind.fields(account).len() - 1;
    Ok((StatusCode::CREATED, Json(answer(kind, account, at))))
}

/// The fields sent change; `custom_field_options`, when sent, replace the list.
async fn update(
    kind: &'static Kind,
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    if !kind.may_manage(account, user) {
        return Err(ZdError::forbidden());
    }
    let at = write::position_of(kind.fields(account), &id)?;
    let sent = body_object(&body, kind.wrapper)?;
    let checked = check(kind, &sent, account, Some(at))?;
    let mut field = kind.fields(account)[at].clone();
    apply(account, &mut field, checked);
    write::stamp(&mut field, false);
    kind.fields_mut(account)[at] = field;
    Ok(Json(answer(kind, account, at)))
}

/// 204; system fields stay (422).
async fn remove(
    kind: &'static Kind,
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    if !kind.may_manage(account, user) {
        return Err(ZdError::forbidden());
    }
    let at = write::position_of(kind.fields(account), &id)?;
    if is_system(&kind.fields(account)[at]) {
        return Err(system_refusal("deleted"));
    }
    kind.fields_mut(account).remove(at);
    Ok(StatusCode::NO_CONTENT)
}

fn is_system(field: &Map<String, Value>) -> bool {
    field.get("system") == Some(&Value::Bool(true))
}

fn system_refusal(what: &str) -> ZdError {
    let why = format!(
        "This is a system field: it cannot be {what}; only active and position can be changed."
    );
    ZdError::record_invalid(
        "Record validation errors",
        json!({"base": [{"description": why, "error": "InvalidValue"}]}),
    )
}

/// A create or update that passed validation.
struct Checked {
    /// The field's type (as stored, or as created).
    kind: String,
    /// Fields to store as they are.
    fields: Map<String, Value>,
    /// The new option list, when sent for a drop-down.
    options: Option<Vec<SentOption>>,
}

/// Whether `key` is a key the spec allows: letters, digits and underscores, not only digits.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !key.bytes().all(|b| b.is_ascii_digit())
}

/// Validates the object of a create (`this: None`) or of an update of the field at `this`. Every
/// refusal is collected; nothing is written here. Read-only (`id`, `url`, `system`, the times) and
/// unknown fields are ignored.
fn check(
    kind: &Kind,
    sent: &Map<String, Value>,
    account: &Account,
    this: Option<usize>,
) -> Result<Checked, ZdError> {
    let creating = this.is_none();
    let all = kind.fields(account);
    let stored = this.map(|at| &all[at]);
    if let Some(field) = stored.filter(|f| is_system(f)) {
        let changed = sent.iter().any(|(k, v)| {
            !SYSTEM_WRITABLE.contains(&k.as_str()) && field.get(k).is_some_and(|s| s != v)
        });
        if changed {
            return Err(system_refusal("changed"));
        }
    }
    let mut details = Details::default();
    let mut fields = Map::new();
    check_key(sent, all, stored, &mut fields, &mut details);
    let field_kind = custom_fields::check_kind(sent, stored, &TYPES, &mut details);
    custom_fields::check_texts(
        sent,
        creating,
        &[("raw_title", "title"), ("raw_description", "description")],
        "title",
        &mut fields,
        &mut details,
    );
    custom_fields::check_plain(
        sent,
        &["regexp_for_validation"],
        &["active"],
        &mut fields,
        &mut details,
    );
    let taken = custom_fields::tags_of(all, stored.map(item_id));
    if field_kind == "checkbox" {
        custom_fields::check_tag(sent, &taken, &mut fields, &mut details);
    }
    if field_kind == "lookup" {
        check_lookup(sent, creating, &mut fields, &mut details);
    }
    let options = if DROPDOWNS.contains(&field_kind.as_str()) {
        custom_fields::check_options(sent, creating, &taken, &mut details)
    } else {
        None
    };
    details.finish()?;
    Ok(Checked {
        kind: field_kind,
        fields,
        options,
    })
}

/// `key`: required, well formed and unique on create; on update, the stored one or nothing.
fn check_key(
    sent: &Map<String, Value>,
    all: &[Map<String, Value>],
    stored: Option<&Map<String, Value>>,
    fields: &mut Map<String, Value>,
    details: &mut Details,
) {
    if let Some(field) = stored {
        let old = field.get("key").and_then(Value::as_str).unwrap_or_default();
        match sent.get("key") {
            None | Some(Value::Null) => {}
            Some(Value::String(k)) if k.trim() == old => {}
            Some(_) => details.add(
                "key",
                "InvalidValue",
                format!("Key: cannot be changed (it is {old})"),
            ),
        }
        return;
    }
    let Some(key) = write::required_text(sent, "key", true, details) else {
        return;
    };
    if !valid_key(&key) {
        details.add(
            "key",
            "InvalidValue",
            "Key: must consist of only letters, numbers, and underscores, and can't be only numbers"
                .to_owned(),
        );
    } else if all.iter().any(|f| {
        f.get("key")
            .and_then(Value::as_str)
            .is_some_and(|k| k.eq_ignore_ascii_case(&key))
    }) {
        details.add(
            "key",
            "DuplicateValue",
            "Key: has already been taken".to_owned(),
        );
    }
    fields.insert("key".into(), json!(key));
}

/// A lookup's `relationship_target_type` (required on create) and `relationship_filter`.
fn check_lookup(
    sent: &Map<String, Value>,
    creating: bool,
    fields: &mut Map<String, Value>,
    details: &mut Details,
) {
    const TARGET: &str = "relationship_target_type";
    match sent.get(TARGET) {
        None | Some(Value::Null) if !creating => {}
        Some(Value::String(t))
            if ["zen:user", "zen:organization", "zen:ticket"].contains(&t.as_str())
                || t.strip_prefix("zen:custom_object:")
                    .is_some_and(|k| !k.is_empty()) =>
        {
            fields.insert(TARGET.into(), json!(t));
        }
        _ => details.add(
            TARGET,
            "InvalidValue",
            "Relationship target type: must be zen:user, zen:organization, zen:ticket or \
             zen:custom_object:<key>"
                .to_owned(),
        ),
    }
    match sent.get("relationship_filter") {
        None => {}
        Some(v @ (Value::Null | Value::Object(_))) => {
            fields.insert("relationship_filter".into(), v.clone());
        }
        Some(_) => details.add(
            "relationship_filter",
            "InvalidValue",
            "Relationship filter: must be an object".to_owned(),
        ),
    }
}

/// Writes checked changes into `field`; options replace the stored list
/// ([`custom_fields::replace_options`]).
fn apply(account: &mut Account, field: &mut Map<String, Value>, checked: Checked) {
    for (k, v) in checked.fields {
        field.insert(k, v);
    }
    if let Some(sent) = checked.options {
        custom_fields::replace_options(account, field, sent, false, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_letters_digits_and_underscores_but_not_only_digits() {
        assert!(valid_key("vip_level"));
        assert!(valid_key("Level2"));
        assert!(valid_key("_2"));
        assert!(!valid_key("123"));
        assert!(!valid_key("vip-level"));
        assert!(!valid_key("vip level"));
        assert!(!valid_key("niveau_é"));
        assert!(!valid_key(""));
    }
}
