//! Where the tile keeps an API user's zone, picklists and recently found contacts between loads:
//! the browser's `localStorage` (shared by every deskset frame of this agent, so a new ticket's
//! tile starts warm), with the frame's memory as the fallback when storage is blocked
//! (third-party frames may have none). Only non-secret facts go here: [`Cached`] holds URLs,
//! labels, and contact ids with the emails they were found for (personal data that stays in the
//! agent's own browser, for minutes).

use deskset_domain::tile::Cached;
use std::cell::RefCell;

thread_local! {
    /// One entry is enough: an installation has one API user.
    static MEMORY: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    // Reading `localStorage` throws when the browser blocks it: then there is none.
    web_sys::window()?.local_storage().ok().flatten()
}

/// The cached entry under `key`, if it is still fresh at `now_ms`.
pub fn read(key: &str, now_ms: i64) -> Option<Cached> {
    let text = storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .or_else(|| {
            MEMORY.with(|m| {
                m.borrow()
                    .as_ref()
                    .filter(|(k, _)| k == key)
                    .map(|(_, text)| text.clone())
            })
        })?;
    let value = serde_json::from_str(&text).ok()?;
    Cached::from_json(&value, now_ms)
}

/// Keeps `cached` under `key` (the zone's age is the entry's own: writing does not renew it).
/// Two frames writing at once: the last one wins, and the other's contact costs a lookup later.
pub fn write(key: &str, cached: &Cached) {
    let text = cached.to_json().to_string();
    if let Some(s) = storage() {
        // A full or blocked storage only costs the next load a request or two.
        let _ = s.set_item(key, &text);
    }
    MEMORY.with(|m| *m.borrow_mut() = Some((key.to_string(), text)));
}
