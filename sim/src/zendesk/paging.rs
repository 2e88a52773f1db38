//! How the list endpoints page (zendesk-api.md, "Cursor pagination"; Zendesk's Pagination page).
//!
//! - With `page[size]` (1..=100): cursor pagination. `page[after]` / `page[before]` take a
//!   `meta.after_cursor` / `meta.before_cursor` from an earlier answer (not both at once). The answer
//!   adds `meta: {has_more, after_cursor, before_cursor}` and `links: {next, prev}`: absolute URLs on
//!   `https://<subdomain>.zendesk.com`, the request's other query parameters kept. As in Zendesk's
//!   answers, `links.next` is there on the last page too (`has_more: false`); follow it only while
//!   `has_more`. An empty page has null cursors and links. A bad size or cursor is 400 with the
//!   spec's `{"errors": [{"code": "InvalidPaginationParameter", "title"}]}`.
//! - Without `page[size]`: offset pagination (`page`, `per_page` at most 100, default 100;
//!   `count`, `next_page`, `previous_page`), or, where the spec says so (ticket fields), every item,
//!   or, for a list that pages by cursor only (webhooks), its first cursor page.
//!
//! Cursors are opaque (base64url of the order and the last item's sort key), so they stay valid
//! when items before them change, as Zendesk's do.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};

use super::error::ZdError;

/// The most items a page holds, and the default offset page size.
pub const MAX_PAGE_SIZE: usize = 100;

/// A request's query parameters, decoded, in order.
#[derive(Clone, Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// `a=1&page%5Bsize%5D=2`; `+` is a space. Undecodable bytes become U+FFFD rather than an error.
    pub fn parse(raw: Option<&str>) -> Params {
        let decode = |s: &str| {
            let spaced = s.replace('+', " ");
            percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
        };
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (decode(k), decode(v)),
                None => (decode(p), String::new()),
            })
            .collect();
        Params { pairs }
    }

    /// The last value given for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a list answers without `page[size]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unpaged {
    /// Offset pagination: `page`, `per_page`; `count`, `next_page`, `previous_page`.
    Offset,
    /// Every item at once (the spec's "No pagination").
    All,
    /// Cursor pagination only: a first page of [`MAX_PAGE_SIZE`] items (the webhooks list; its
    /// docs are silent on the default size).
    Cursor,
}

/// One list endpoint.
#[derive(Clone, Copy, Debug)]
pub struct List<'p> {
    /// The answer's key: `groups`, `ticket_fields`, ...
    pub key: &'static str,
    /// The path links point at, as Zendesk writes it: `/api/v2/groups.json` (a sub-resource's, such
    /// as a schedule's holidays, is made per request).
    pub path: &'p str,
    /// The cursor order's name (it goes into the cursor: one list's cursor is no good in another
    /// order).
    pub order: &'static str,
    pub unpaged: Unpaged,
}

/// Where an item sits in the cursor order: (primary key, id).
pub type SortKey = (i64, u64);

/// A list of stored items (macros, ticket fields, triggers, views) as Zendesk answers it: in
/// `position` order unpaged, each with its cursor sort key (`cursor_key`), `url` added.
pub fn answer_stored(
    list: &List,
    subdomain: &str,
    params: &Params,
    mut items: Vec<&serde_json::Map<String, Value>>,
    cursor_key: impl Fn(&serde_json::Map<String, Value>) -> SortKey,
) -> Result<axum::Json<Value>, ZdError> {
    items.sort_by_key(|i| (super::item_position(i), super::item_id(i)));
    let items = items
        .into_iter()
        .map(|i| (cursor_key(i), super::item_json(i, subdomain, list.key)))
        .collect();
    Ok(axum::Json(answer(list, subdomain, params, items)?))
}

/// What a list sorts by: `position`, a time field (`created_at`, `updated_at`), or a text field
/// compared case-insensitively (`name`, `title`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Position,
    Time(&'static str),
    Text(&'static str),
}

/// A stored item's time field in seconds (0 if missing or not a time).
fn time_of(item: &Map<String, Value>, key: &str) -> i64 {
    item.get(key)
        .and_then(Value::as_str)
        .and_then(crate::state::parse_datetime)
        .unwrap_or(0)
}

/// Each item's cursor sort key by `by`, then its id (`id`), the items in that order. A text field
/// ranks by its case-folded value (then id); descending orders negate the primary key and flip
/// the id.
pub fn keyed<'a>(
    items: impl IntoIterator<Item = &'a Map<String, Value>>,
    by: SortBy,
    descending: bool,
    id: impl Fn(&Map<String, Value>) -> u64,
) -> Vec<(SortKey, &'a Map<String, Value>)> {
    let mut keyed: Vec<(SortKey, &Map<String, Value>)> = match by {
        SortBy::Text(field) => {
            let mut by_text: Vec<&Map<String, Value>> = items.into_iter().collect();
            by_text.sort_by_key(|i| {
                let text = i.get(field).and_then(Value::as_str).unwrap_or_default();
                (text.to_lowercase(), id(i))
            });
            by_text
                .into_iter()
                .enumerate()
                .map(|(rank, i)| ((rank as i64, id(i)), i))
                .collect()
        }
        SortBy::Time(field) => items
            .into_iter()
            .map(|i| ((time_of(i, field), id(i)), i))
            .collect(),
        SortBy::Position => items
            .into_iter()
            .map(|i| ((super::item_position(i), id(i)), i))
            .collect(),
    };
    if descending {
        for (key, _) in &mut keyed {
            *key = (-key.0, u64::MAX - key.1);
        }
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed
}

/// Pages `items` (given in the unpaged order; each with its cursor sort key) as `params` ask.
pub fn answer(
    list: &List,
    subdomain: &str,
    params: &Params,
    items: Vec<(SortKey, Value)>,
) -> Result<Value, ZdError> {
    match params.get("page[size]") {
        Some(size) => cursor_page(list, subdomain, params, items, size),
        None => match list.unpaged {
            Unpaged::All => {
                let all: Vec<Value> = items.into_iter().map(|(_, v)| v).collect();
                Ok(json!({ list.key: all }))
            }
            Unpaged::Offset => Ok(offset_page(list, subdomain, params, items)),
            Unpaged::Cursor => {
                cursor_page(list, subdomain, params, items, &MAX_PAGE_SIZE.to_string())
            }
        },
    }
}

fn cursor_page(
    list: &List,
    subdomain: &str,
    params: &Params,
    mut items: Vec<(SortKey, Value)>,
    size: &str,
) -> Result<Value, ZdError> {
    let size = size
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
        .ok_or_else(|| {
            ZdError::invalid_pagination(&format!(
                "page[size] must be a whole number from 1 to {MAX_PAGE_SIZE}"
            ))
        })?;
    let after = params.get("page[after]").filter(|c| !c.is_empty());
    let before = params.get("page[before]").filter(|c| !c.is_empty());
    if after.is_some() && before.is_some() {
        return Err(ZdError::invalid_pagination(
            "page[before] and page[after] can't be used together",
        ));
    }
    items.sort_by_key(|(k, _)| *k);
    let (page, has_more) = match (after, before) {
        (Some(cursor), _) => {
            let from = decode_cursor(list, cursor)
                .ok_or_else(|| ZdError::invalid_pagination("page[after] is not valid"))?;
            let rest: Vec<_> = items.into_iter().filter(|(k, _)| *k > from).collect();
            let more = rest.len() > size;
            (rest.into_iter().take(size).collect::<Vec<_>>(), more)
        }
        (None, Some(cursor)) => {
            let to = decode_cursor(list, cursor)
                .ok_or_else(|| ZdError::invalid_pagination("page[before] is not valid"))?;
            let earlier: Vec<_> = items.into_iter().filter(|(k, _)| *k < to).collect();
            let more = earlier.len() > size;
            let skip = earlier.len().saturating_sub(size);
            (earlier.into_iter().skip(skip).collect::<Vec<_>>(), more)
        }
        (None, None) => {
            let more = items.len() > size;
            (items.into_iter().take(size).collect::<Vec<_>>(), more)
        }
    };
    let after_cursor = page.last().map(|(k, _)| encode_cursor(list, *k));
    let before_cursor = page.first().map(|(k, _)| encode_cursor(list, *k));
    let base = base_url(
        list,
        subdomain,
        params,
        &["page[size]", "page[after]", "page[before]"],
    );
    let link = |name: &str, cursor: &Option<String>| {
        cursor
            .as_ref()
            .map(|c| format!("{base}page[size]={size}&page[{name}]={c}"))
    };
    let next = link("after", &after_cursor);
    let prev = link("before", &before_cursor);
    let values: Vec<Value> = page.into_iter().map(|(_, v)| v).collect();
    Ok(json!({
        list.key: values,
        "meta": {
            "has_more": has_more,
            "after_cursor": after_cursor,
            "before_cursor": before_cursor,
        },
        "links": {"next": next, "prev": prev},
    }))
}

fn offset_page(
    list: &List,
    subdomain: &str,
    params: &Params,
    items: Vec<(SortKey, Value)>,
) -> Value {
    let per_page = params
        .get("per_page")
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(MAX_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE);
    let page = params
        .get("page")
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let count = items.len();
    let start = (page - 1).saturating_mul(per_page);
    let values: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(per_page)
        .map(|(_, v)| v)
        .collect();
    let base = base_url(list, subdomain, params, &["page", "per_page"]);
    let url = |n: usize| format!("{base}page={n}&per_page={per_page}");
    let next = (start.saturating_add(per_page) < count).then(|| url(page + 1));
    let previous = (page > 1).then(|| url(page - 1));
    json!({
        list.key: values,
        "next_page": next,
        "previous_page": previous,
        "count": count,
    })
}

/// `https://<sub>.zendesk.com<path>?<other params>&` (or `...?`), ready for the paging parameters.
fn base_url(list: &List, subdomain: &str, params: &Params, paging: &[&str]) -> String {
    let mut url = format!("https://{subdomain}.zendesk.com{}?", list.path);
    for (k, v) in params
        .pairs
        .iter()
        .filter(|(k, _)| !paging.contains(&k.as_str()))
    {
        url.push_str(&crate::encode_query_value(k));
        url.push('=');
        url.push_str(&crate::encode_query_value(v));
        url.push('&');
    }
    url
}

fn encode_cursor(list: &List, key: SortKey) -> String {
    let raw = json!({"o": list.order, "v": [key.0, key.1]}).to_string();
    URL_SAFE_NO_PAD.encode(raw)
}

fn decode_cursor(list: &List, cursor: &str) -> Option<SortKey> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim()).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    if v.get("o")?.as_str()? != list.order {
        return None;
    }
    let key = v.get("v")?.as_array()?;
    match key.as_slice() {
        [a, b] => Some((a.as_i64()?, b.as_u64()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: List = List {
        key: "things",
        path: "/api/v2/things.json",
        order: "id",
        unpaged: Unpaged::Offset,
    };

    fn items(n: u64) -> Vec<(SortKey, Value)> {
        (1..=n).map(|i| ((i as i64, i), json!({"id": i}))).collect()
    }

    fn ids(v: &Value) -> Vec<u64> {
        v["things"]
            .as_array()
            .map(|a| a.iter().filter_map(|t| t["id"].as_u64()).collect())
            .unwrap_or_default()
    }

    fn query_of(link: &Value) -> Option<String> {
        link.as_str()
            .and_then(|l| l.split_once('?'))
            .map(|(_, q)| q.to_owned())
    }

    #[test]
    fn cursor_pages_walk_forward_and_back() {
        let first = answer(
            &LIST,
            "acme",
            &Params::parse(Some("page[size]=2")),
            items(5),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ids(&first), [1, 2]);
        assert_eq!(first["meta"]["has_more"], true);
        let next = query_of(&first["links"]["next"]).unwrap_or_default();
        let second = answer(&LIST, "acme", &Params::parse(Some(&next)), items(5))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ids(&second), [3, 4]);
        let prev = query_of(&second["links"]["prev"]).unwrap_or_default();
        let back = answer(&LIST, "acme", &Params::parse(Some(&prev)), items(5))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ids(&back), [1, 2]);
        let next = query_of(&second["links"]["next"]).unwrap_or_default();
        let last = answer(&LIST, "acme", &Params::parse(Some(&next)), items(5))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ids(&last), [5]);
        assert_eq!(last["meta"]["has_more"], false);
        assert!(last["links"]["next"].is_string());
    }

    #[test]
    fn bad_sizes_and_cursors_are_400() {
        for q in [
            "page[size]=0",
            "page[size]=101",
            "page[size]=ten",
            "page[size]=2&page[after]=nonsense",
            "page[size]=2&page[after]=eyJ9&page[before]=eyJ9",
        ] {
            let e = answer(&LIST, "acme", &Params::parse(Some(q)), items(3));
            assert!(matches!(e, Err(ref e) if e.status == 400), "{q}: {e:?}");
        }
    }

    #[test]
    fn offset_pages_count_everything() {
        let p = answer(
            &LIST,
            "acme",
            &Params::parse(Some("per_page=2&page=2")),
            items(5),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ids(&p), [3, 4]);
        assert_eq!(p["count"], 5);
        assert_eq!(
            p["next_page"],
            "https://acme.zendesk.com/api/v2/things.json?page=3&per_page=2"
        );
        assert_eq!(
            p["previous_page"],
            "https://acme.zendesk.com/api/v2/things.json?page=1&per_page=2"
        );
    }
}
