//! `/api/v2/dynamic_content/items` and their variants (the spec's Dynamic Content and Dynamic
//! Content Item Variants; Zendesk's references of the same names).
//!
//! - Availability: "Dynamic content is available only on the Professional plan and above"
//!   ([`Feature::DynamicContent`]; 403 otherwise). Every verb: admins and "agents who have
//!   permission to manage dynamic content" (`manage_dynamic_content`); other agents get `Forbidden`.
//! - Items: list (cursor or offset pagination; "The default sorting is by `id` in descending
//!   order"), show, create (201), update (PUT), delete (204). An item: `id`, `name`, `placeholder`,
//!   `default_locale_id`, `outdated`, `variants`, the times, `url`.
//! - `placeholder` is read-only, "Automatically generated placeholder for the item, derived from
//!   name": `{{dc.<name>}}`, the name in lower case with every run of other characters than letters
//!   and digits made one `_` ("Snowboard Problem" gives `{{dc.snowboard_problem}}`, the reference's
//!   example; the docs are silent on the rest of the rule). It is made once: renaming an item keeps
//!   it (the reference's Update Item example answers the old placeholder with the new name).
//! - Create: `name` (unique, compared case-insensitively; no two items may have one placeholder
//!   either, as Salto's `duplicate_dynamic_content_item` validator says), `default_locale_id` and
//!   `variants` are mandatory; with one variant, `content` may stand for `variants` (the reference).
//!   Locales must be "one of the locales the account has active" ([`super::locales`]); "You can only
//!   have one variant per locale, per item"; every variant needs its `content`. There must be a
//!   variant in the default locale, and it is the default variant (Salto: "Dynamic content item must
//!   have a default variant"); a variant sent `default: true` in another locale is refused. The docs
//!   are silent on the wording of these refusals: the simulator's, under `variants`,
//!   `default_locale_id` or `name`.
//! - Update: "The only attribute you can change is the name": every other field is ignored.
//! - Delete: an item whose placeholder a trigger, a macro or an automation uses is refused (422
//!   `base`, as Salto's `dynamic_content_deletion` validator says; the docs are silent on the answer).
//! - Variants (`.../items/{id}/variants[/{variant_id}]`): list (every variant; cursor pages with
//!   `page[size]`), show, create (201), update (PUT), delete (204). "You can only create one variant
//!   for each locale id. If a locale variant already exists, the request is rejected" (422). "You
//!   can't switch the active state of the default variant of an item. Similarly, you can't switch the
//!   default to false if the variant is the default. You must make another variant default instead"
//!   (422). A variant made the default takes the item's default locale with it *(choice: the docs
//!   are silent)*. The default variant cannot be deleted (422; Salto: the item must keep a default).
//! - `outdated` (read-only): "the default variant for this item has been updated, but the other
//!   variants were not changed": an update of the default variant's content marks the others
//!   outdated; an update of a variant's content makes it current. The item is outdated while any of
//!   its variants is.

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::locales;
use super::paging::{self, List, Params, SortBy, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object, id_of};
use super::{authorize_writer, item_id, require, Caller, ZdState};
use crate::state::{Account, Feature, User};

/// The path segment of items' `url`s.
pub const KIND: &str = "dynamic_content/items";

const LIST: List = List {
    key: "items",
    path: "/api/v2/dynamic_content/items.json",
    order: "-id",
    unpaged: Unpaged::Offset,
};

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/dynamic_content/items", get(list).post(create))
        .route(
            "/api/v2/dynamic_content/items/{id}",
            get(show).put(update).delete(remove),
        )
        .route(
            "/api/v2/dynamic_content/items/{id}/variants",
            get(list_variants).post(create_variant),
        )
        .route(
            "/api/v2/dynamic_content/items/{id}/variants/{variant_id}",
            get(show_variant).put(update_variant).delete(remove_variant),
        )
}

/// Admins, and agents whose custom role may manage dynamic content.
pub fn may_manage(account: &Account, user: &User) -> bool {
    write::admin_or_flag(account, user, &["manage_dynamic_content"])
}

/// The preamble of every handler here: a manager of dynamic content, on a plan that has it.
fn authorize<'w>(
    world: &'w mut crate::state::World,
    caller: &Caller,
) -> Result<&'w mut Account, ZdError> {
    let (_, account) = authorize_writer(world, caller, may_manage)?;
    require(account, Feature::DynamicContent)?;
    Ok(account)
}

/// `{{dc.<name>}}` ([`self`]'s rule).
pub fn placeholder(name: &str) -> String {
    let mut snake = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            snake.push(c);
        } else if !snake.is_empty() && !snake.ends_with('_') {
            snake.push('_');
        }
    }
    format!("{{{{dc.{}}}}}", snake.trim_end_matches('_'))
}

fn variants_of(item: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    item.get("variants")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .collect()
}

fn variants_mut(item: &mut Map<String, Value>) -> Vec<&mut Map<String, Value>> {
    item.get_mut("variants")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut)
        .collect()
}

fn is_true(map: &Map<String, Value>, key: &str) -> bool {
    map.get(key) == Some(&Value::Bool(true))
}

fn variant_url(subdomain: &str, item: u64, variant: u64) -> String {
    format!("https://{subdomain}.zendesk.com/api/v2/dynamic_content/items/{item}/variants/{variant}.json")
}

fn variant_json(subdomain: &str, item: u64, variant: &Map<String, Value>) -> Value {
    let mut out = variant.clone();
    out.insert(
        "url".into(),
        json!(variant_url(subdomain, item, item_id(variant))),
    );
    Value::Object(out)
}

/// An item as the API answers it: its `url` and its variants' `url`s.
pub fn item_json(item: &Map<String, Value>, subdomain: &str) -> Value {
    let id = item_id(item);
    let mut out = super::item_json(item, subdomain, KIND);
    let variants: Vec<Value> = variants_of(item)
        .into_iter()
        .map(|v| variant_json(subdomain, id, v))
        .collect();
    out["variants"] = Value::Array(variants);
    out
}

/// Every item as answered, by id (the control API's config).
pub fn items_json(account: &Account) -> Vec<Value> {
    let mut items: Vec<&Map<String, Value>> = account.dynamic_content.iter().collect();
    items.sort_by_key(|i| item_id(i));
    items
        .into_iter()
        .map(|i| item_json(i, &account.subdomain))
        .collect()
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let sub = account.subdomain.as_str();
    let items = paging::keyed(&account.dynamic_content, SortBy::Position, true, item_id)
        .into_iter()
        .map(|(key, i)| (key, item_json(i, sub)))
        .collect();
    Ok(Json(paging::answer(&LIST, sub, &params, items)?))
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let at = write::position_of(&account.dynamic_content, &id)?;
    let item = item_json(&account.dynamic_content[at], &account.subdomain);
    Ok(Json(json!({ "item": item })))
}

/// 201 with the stored item.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let sent = body_object(&body, "item")?;
    let checked = check_item(&sent, account)?;
    let max = account
        .dynamic_content
        .iter()
        .map(item_id)
        .max()
        .unwrap_or(0);
    let id = write::next_id(account, "dynamic_content", max, 1);
    let mut variants = Vec::new();
    for v in checked.variants {
        let mut variant = new_variant(account, v);
        write::stamp(&mut variant, true);
        variants.push(Value::Object(variant));
    }
    let mut item = Map::new();
    item.insert("id".into(), json!(id));
    item.insert("name".into(), json!(checked.name));
    item.insert("placeholder".into(), json!(placeholder(&checked.name)));
    item.insert("default_locale_id".into(), json!(checked.default_locale_id));
    item.insert("outdated".into(), json!(false));
    item.insert("variants".into(), Value::Array(variants));
    write::stamp(&mut item, true);
    let answer = item_json(&item, &account.subdomain);
    account.dynamic_content.push(item);
    Ok((StatusCode::CREATED, Json(json!({ "item": answer }))))
}

/// The name only ("The only attribute you can change is the name").
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let at = write::position_of(&account.dynamic_content, &id)?;
    let sent = body_object(&body, "item")?;
    let mut details = Details::default();
    let name = write::required_text(&sent, "name", false, &mut details);
    if let Some(name) = &name {
        check_unique(account, name, Some(at), &mut details);
    }
    details.finish()?;
    let item = &mut account.dynamic_content[at];
    if let Some(name) = name {
        item.insert("name".into(), json!(name));
    }
    write::stamp(item, false);
    let answer = item_json(item, &account.subdomain);
    Ok(Json(json!({ "item": answer })))
}

/// 204, unless a trigger, macro or automation uses the item's placeholder.
async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let at = write::position_of(&account.dynamic_content, &id)?;
    let placeholder = account.dynamic_content[at]
        .get("placeholder")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let users: Vec<String> = [
        ("trigger", &account.triggers),
        ("macro", &account.macros),
        ("automation", &account.automations),
    ]
    .into_iter()
    .flat_map(|(kind, items)| {
        items
            .iter()
            .filter(|i| {
                Value::Object((*i).clone())
                    .to_string()
                    .contains(&placeholder)
            })
            .map(move |i| {
                let title = i.get("title").and_then(Value::as_str).unwrap_or_default();
                format!("{kind} \"{title}\"")
            })
    })
    .collect();
    if !users.is_empty() {
        let mut details = Details::default();
        details.add(
            "base",
            "InvalidValue",
            format!(
                "This dynamic content cannot be deleted because it is being used by {}",
                users.join(", ")
            ),
        );
        details.finish()?;
    }
    account.dynamic_content.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

/// A variant as sent, checked.
struct SentVariant {
    locale_id: u64,
    content: String,
    active: bool,
    default: bool,
}

/// An item create that passed validation.
struct CheckedItem {
    name: String,
    default_locale_id: u64,
    variants: Vec<SentVariant>,
}

/// Refuses `name` when another item (not the one at `this`) has it, or would have its placeholder.
fn check_unique(account: &Account, name: &str, this: Option<usize>, details: &mut Details) {
    let wanted = placeholder(name);
    for (i, item) in account.dynamic_content.iter().enumerate() {
        if Some(i) == this {
            continue;
        }
        let text = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or_default();
        if write::same_name(text("name"), name) {
            details.add(
                "name",
                "DuplicateValue",
                format!("Name: {name} has already been taken"),
            );
        } else if this.is_none() && text("placeholder") == wanted {
            details.add(
                "name",
                "DuplicateValue",
                format!(
                    "Name: its placeholder {wanted} is already used by {}",
                    text("name")
                ),
            );
        }
    }
}

/// A locale id that must be one of the account's active locales (`key` names it in messages).
fn check_locale(value: Option<&Value>, key: &str, details: &mut Details) -> Option<u64> {
    let label = write::label_of(key);
    match value.and_then(id_of) {
        Some(id) if locales::is_active(id) => Some(id),
        Some(id) => {
            details.add(
                key,
                "InvalidValue",
                format!("{label}: {id} is not a locale this account has active"),
            );
            None
        }
        None => {
            details.add(key, "BlankValue", format!("{label}: cannot be blank"));
            None
        }
    }
}

/// One variant: its locale (active), its content (not blank), `active` and `default`. Refusals go
/// under `keys` (locale, content): `variants` for an item's, `locale_id` and `content` for one
/// variant's.
fn check_variant(
    sent: &Map<String, Value>,
    keys: (&str, &str),
    details: &mut Details,
) -> Option<SentVariant> {
    let locale_id = check_locale(sent.get("locale_id"), keys.0, details);
    let content = match sent.get("content").and_then(Value::as_str) {
        Some(c) if !c.trim().is_empty() => Some(c.to_owned()),
        _ => {
            details.add(
                keys.1,
                "BlankValue",
                format!(
                    "{}: every variant needs its content",
                    write::label_of(keys.1)
                ),
            );
            None
        }
    };
    let active = write::optional_bool(sent, "active", details).unwrap_or(true);
    let default = write::optional_bool(sent, "default", details).unwrap_or(false);
    Some(SentVariant {
        locale_id: locale_id?,
        content: content?,
        active,
        default,
    })
}

/// Validates the `item` object of a create.
fn check_item(sent: &Map<String, Value>, account: &Account) -> Result<CheckedItem, ZdError> {
    let mut details = Details::default();
    let name = write::required_text(sent, "name", true, &mut details);
    if let Some(name) = &name {
        check_unique(account, name, None, &mut details);
    }
    let default_locale_id = check_locale(
        sent.get("default_locale_id"),
        "default_locale_id",
        &mut details,
    );
    let sent_variants: Vec<Map<String, Value>> = match (sent.get("variants"), sent.get("content")) {
        (Some(Value::Array(list)), _) if !list.is_empty() => list
            .iter()
            .map(|v| v.as_object().cloned().unwrap_or_default())
            .collect(),
        (None | Some(Value::Null), Some(content)) => {
            let mut only = Map::new();
            only.insert("content".into(), content.clone());
            only.insert(
                "locale_id".into(),
                sent.get("default_locale_id")
                    .cloned()
                    .unwrap_or(Value::Null),
            );
            only.insert("default".into(), json!(true));
            vec![only]
        }
        _ => {
            details.add(
                "variants",
                "BlankValue",
                "Variants: a dynamic content item needs at least one variant".to_owned(),
            );
            Vec::new()
        }
    };
    let mut variants: Vec<SentVariant> = Vec::new();
    for v in &sent_variants {
        let Some(v) = check_variant(v, ("variants", "variants"), &mut details) else {
            continue;
        };
        if variants.iter().any(|x| x.locale_id == v.locale_id) {
            details.add(
                "variants",
                "DuplicateValue",
                format!(
                    "Variants: only one variant per locale; locale {} has two",
                    v.locale_id
                ),
            );
        }
        if v.default && Some(v.locale_id) != default_locale_id {
            details.add(
                "variants",
                "InvalidValue",
                format!(
                    "Variants: the default variant is the one in the default locale, not locale {}",
                    v.locale_id
                ),
            );
        }
        variants.push(v);
    }
    if let Some(default) = default_locale_id {
        if !sent_variants.is_empty() && !variants.iter().any(|v| v.locale_id == default) {
            details.add(
                "variants",
                "InvalidValue",
                format!("Variants: a dynamic content item needs a variant in its default locale ({default})"),
            );
        }
    }
    details.finish()?;
    let default_locale_id = default_locale_id.unwrap_or(1);
    for v in &mut variants {
        v.default = v.locale_id == default_locale_id;
    }
    Ok(CheckedItem {
        name: name.unwrap_or_default(),
        default_locale_id,
        variants,
    })
}

/// A new variant with an id never handed out in the account.
fn new_variant(account: &mut Account, v: SentVariant) -> Map<String, Value> {
    let max = account
        .dynamic_content
        .iter()
        .flat_map(variants_of)
        .map(item_id)
        .max()
        .unwrap_or(0);
    let id = write::next_id(account, "dynamic_content_variants", max, 1);
    let mut variant = Map::new();
    variant.insert("id".into(), json!(id));
    variant.insert("content".into(), json!(v.content));
    variant.insert("locale_id".into(), json!(v.locale_id));
    variant.insert("active".into(), json!(v.active));
    variant.insert("default".into(), json!(v.default));
    variant.insert("outdated".into(), json!(false));
    variant
}

/// The item's `outdated`: whether any variant is.
fn refresh_outdated(item: &mut Map<String, Value>) {
    let outdated = variants_of(item).iter().any(|v| is_true(v, "outdated"));
    item.insert("outdated".into(), json!(outdated));
}

/// Where variant `variant_id` is in the item at `at`; 404 for an unknown or malformed id.
fn variant_position(account: &Account, at: usize, variant_id: &str) -> Result<usize, ZdError> {
    let wanted = variant_id
        .parse::<u64>()
        .map_err(|_| ZdError::not_found())?;
    variants_of(&account.dynamic_content[at])
        .iter()
        .position(|v| item_id(v) == wanted)
        .ok_or_else(ZdError::not_found)
}

async fn list_variants(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let at = write::position_of(&account.dynamic_content, &id)?;
    let item = &account.dynamic_content[at];
    let item_id = super::item_id(item);
    let sub = account.subdomain.as_str();
    let path = format!("/api/v2/dynamic_content/items/{item_id}/variants.json");
    let list = List {
        key: "variants",
        path: &path,
        order: "id",
        unpaged: Unpaged::All,
    };
    let items = variants_of(item)
        .into_iter()
        .map(|v| {
            (
                (super::item_id(v) as i64, super::item_id(v)),
                variant_json(sub, item_id, v),
            )
        })
        .collect();
    Ok(Json(paging::answer(&list, sub, &params, items)?))
}

async fn show_variant(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path((id, variant_id)): Path<(String, String)>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let at = write::position_of(&account.dynamic_content, &id)?;
    let v = variant_position(account, at, &variant_id)?;
    let item = &account.dynamic_content[at];
    let variant = variant_json(&account.subdomain, item_id(item), variants_of(item)[v]);
    Ok(Json(json!({ "variant": variant })))
}

/// 201 with the new variant; one per locale.
async fn create_variant(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let at = write::position_of(&account.dynamic_content, &id)?;
    let sent = body_object(&body, "variant")?;
    let mut details = Details::default();
    let checked = check_variant(&sent, ("locale_id", "content"), &mut details);
    if let Some(v) = &checked {
        let taken = variants_of(&account.dynamic_content[at])
            .iter()
            .any(|x| x.get("locale_id").and_then(id_of) == Some(v.locale_id));
        if taken {
            details.add(
                "locale_id",
                "DuplicateValue",
                format!(
                    "Locale id: the item already has a variant in locale {}",
                    v.locale_id
                ),
            );
        }
    }
    details.finish()?;
    let Some(v) = checked else {
        return Err(ZdError::bad_request("The variant could not be read"));
    };
    let made_default = v.default;
    let mut variant = new_variant(account, v);
    write::stamp(&mut variant, true);
    let item = &mut account.dynamic_content[at];
    if made_default {
        make_default(item, &variant);
    }
    let answer = variant_json(&account.subdomain, item_id(item), &variant);
    if let Some(list) = item.get_mut("variants").and_then(Value::as_array_mut) {
        list.push(Value::Object(variant));
    }
    refresh_outdated(item);
    write::stamp(item, false);
    Ok((StatusCode::CREATED, Json(json!({ "variant": answer }))))
}

/// Every other variant stops being the default; the item's default locale becomes `variant`'s.
fn make_default(item: &mut Map<String, Value>, variant: &Map<String, Value>) {
    let id = item_id(variant);
    for other in variants_mut(item) {
        if item_id(other) != id {
            other.insert("default".into(), json!(false));
        }
    }
    if let Some(locale) = variant.get("locale_id").cloned() {
        item.insert("default_locale_id".into(), locale);
    }
}

/// The fields sent change: `content`, `active`, `default`, `locale_id`.
async fn update_variant(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path((id, variant_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let at = write::position_of(&account.dynamic_content, &id)?;
    let v = variant_position(account, at, &variant_id)?;
    let sent = body_object(&body, "variant")?;
    let stored = variants_of(&account.dynamic_content[at])[v].clone();
    let is_default = is_true(&stored, "default");
    let mut details = Details::default();
    let mut changes = Map::new();
    if let Some(content) = write::optional_text(&sent, "content", &mut details) {
        match content.as_str().filter(|c| !c.trim().is_empty()) {
            Some(c) => {
                changes.insert("content".into(), json!(c));
            }
            None => details.add(
                "content",
                "BlankValue",
                "Content: cannot be blank".to_owned(),
            ),
        }
    }
    if sent.contains_key("locale_id") {
        if let Some(locale) = check_locale(sent.get("locale_id"), "locale_id", &mut details) {
            let taken = variants_of(&account.dynamic_content[at]).iter().any(|x| {
                item_id(x) != item_id(&stored) && x.get("locale_id").and_then(id_of) == Some(locale)
            });
            if taken {
                details.add(
                    "locale_id",
                    "DuplicateValue",
                    format!("Locale id: the item already has a variant in locale {locale}"),
                );
            }
            changes.insert("locale_id".into(), json!(locale));
        }
    }
    if let Some(active) = write::optional_bool(&sent, "active", &mut details) {
        if is_default && !active {
            details.add(
                "active",
                "InvalidValue",
                "Active: you can't switch the active state of the default variant of an item"
                    .to_owned(),
            );
        }
        changes.insert("active".into(), json!(active));
    }
    if let Some(default) = write::optional_bool(&sent, "default", &mut details) {
        if is_default && !default {
            details.add(
                "default",
                "InvalidValue",
                "Default: you can't switch the default to false if the variant is the default. Make another variant default instead."
                    .to_owned(),
            );
        }
        changes.insert("default".into(), json!(default));
    }
    details.finish()?;
    let content_changed = changes
        .get("content")
        .is_some_and(|c| Some(c) != stored.get("content"));
    let becomes_default = !is_default && changes.get("default") == Some(&Value::Bool(true));
    let item = &mut account.dynamic_content[at];
    let mut variant = stored;
    variant.extend(changes);
    if content_changed {
        variant.insert("outdated".into(), json!(false));
    }
    write::stamp(&mut variant, false);
    if becomes_default || is_default {
        make_default(item, &variant);
    }
    let default_now = is_true(&variant, "default");
    let variant_id = item_id(&variant);
    for other in variants_mut(item) {
        if item_id(other) == variant_id {
            *other = variant.clone();
        } else if content_changed && default_now {
            other.insert("outdated".into(), json!(true));
        }
    }
    refresh_outdated(item);
    write::stamp(item, false);
    let answer = variant_json(&account.subdomain, item_id(item), &variant);
    Ok(Json(json!({ "variant": answer })))
}

/// 204; the default variant stays (422).
async fn remove_variant(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path((id, variant_id)): Path<(String, String)>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let account = authorize(&mut world, &caller)?;
    let at = write::position_of(&account.dynamic_content, &id)?;
    let v = variant_position(account, at, &variant_id)?;
    let item = &mut account.dynamic_content[at];
    if is_true(variants_of(item)[v], "default") {
        let mut details = Details::default();
        details.add(
            "base",
            "InvalidValue",
            "The default variant cannot be deleted. Make another variant default first.".to_owned(),
        );
        details.finish()?;
    }
    if let Some(list) = item.get_mut("variants").and_then(Value::as_array_mut) {
        list.remove(v);
    }
    refresh_outdated(item);
    write::stamp(item, false);
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_the_name_in_snake_case() {
        assert_eq!(placeholder("Snowboard Problem"), "{{dc.snowboard_problem}}");
        assert_eq!(placeholder("Greeting"), "{{dc.greeting}}");
        assert_eq!(
            placeholder("  Reset -- password! "),
            "{{dc.reset_password}}"
        );
    }
}
