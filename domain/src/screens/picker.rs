//! The configuration editor's picker, made for large accounts (thousands of macros, hundreds of
//! fields): for each kind, this account's items as listed (loading, loaded, or failed), and a
//! filter and a page of [`PAGE_SIZE`]. Which items the configuration holds is the form's draft,
//! never the picker's: filtering and paging only change what is on screen, so they cannot add or
//! drop a component.

use super::Reduce;
use crate::configurations::{ListError, KINDS};
use std::collections::BTreeSet;
use std::rc::Rc;

/// How many items a page shows.
pub const PAGE_SIZE: usize = 50;

/// One kind's items as this account lists them: each display name once (two items of one name
/// are one component), in the account's order, with its folded form (lower-cased in the
/// person's language, by the caller's `fold`) for the filter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Items {
    names: Vec<String>,
    folded: Vec<String>,
}

impl Items {
    pub fn new(names: Vec<String>, fold: impl Fn(&str) -> String) -> Items {
        let mut seen = BTreeSet::new();
        let names: Vec<String> = names
            .into_iter()
            .filter(|n| seen.insert(n.clone()))
            .collect();
        let folded = names.iter().map(|n| fold(n)).collect();
        Items { names, folded }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }
}

/// One kind's list.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Listed {
    /// Being read (every page, to the end).
    #[default]
    Loading,
    Ready(Rc<Items>),
    Failed(ListError),
}

/// What the person set for one kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Browse {
    /// The filter as typed (trimmed when applied).
    pub query: String,
    /// The page asked for, from 0 (past the last page means the last: see [`page`]).
    pub page: usize,
    /// Only the items the configuration holds.
    pub selected_only: bool,
}

/// One kind in the picker.
#[derive(Debug, Clone, PartialEq)]
pub struct Kind {
    /// A key of [`KINDS`].
    pub key: &'static str,
    pub listed: Listed,
    /// How many items have been read so far while loading (the list comes 100 at a time).
    pub read: usize,
    pub browse: Browse,
}

/// Every kind's list and browsing, and the kind shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    /// The kind shown (a key of [`KINDS`]).
    pub shown: &'static str,
    /// One per kind, in [`KINDS`] order.
    pub kinds: Vec<Kind>,
}

impl Default for Picker {
    /// Every kind loading; the first one shown.
    fn default() -> Self {
        Picker {
            shown: KINDS.first().map(|k| k.key).unwrap_or_default(),
            kinds: KINDS
                .iter()
                .map(|k| Kind {
                    key: k.key,
                    listed: Listed::Loading,
                    read: 0,
                    browse: Browse::default(),
                })
                .collect(),
        }
    }
}

/// What happens in the picker. Each names its kind: an answer can come for any kind, and a
/// click belongs to the kind it was rendered for.
#[derive(Debug, Clone, PartialEq)]
pub enum PickerAction {
    /// A kind's tab picked.
    Show(&'static str),
    /// The filter typed: back to the first page.
    Filter(&'static str, String),
    /// A page asked for.
    Page(&'static str, usize),
    /// "Selected only" ticked or not: back to the first page.
    SelectedOnly(&'static str, bool),
    /// A kind's list is read (again, after a failure: "Try again").
    Load(&'static str),
    /// So many of a kind's items read so far (the list is still loading).
    Read(&'static str, usize),
    /// A kind's list as read. Taken only while that kind is loading: a second answer (a double
    /// "Try again") does not replace the first.
    Loaded(&'static str, Result<Rc<Items>, ListError>),
}

impl Picker {
    pub fn kind(&self, key: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.key == key)
    }

    /// The kind shown.
    pub fn current(&self) -> Option<&Kind> {
        self.kind(self.shown)
    }

    fn kind_mut(&mut self, key: &str) -> Option<&mut Kind> {
        self.kinds.iter_mut().find(|k| k.key == key)
    }
}

impl Reduce for Picker {
    type Action = PickerAction;
    fn reduce(mut self, action: PickerAction) -> Self {
        match action {
            PickerAction::Show(key) => {
                if self.kind(key).is_some() {
                    self.shown = key;
                }
            }
            PickerAction::Filter(key, query) => {
                if let Some(k) = self.kind_mut(key) {
                    k.browse.query = query;
                    k.browse.page = 0;
                }
            }
            PickerAction::Page(key, page) => {
                if let Some(k) = self.kind_mut(key) {
                    k.browse.page = page;
                }
            }
            PickerAction::SelectedOnly(key, on) => {
                if let Some(k) = self.kind_mut(key) {
                    k.browse.selected_only = on;
                    k.browse.page = 0;
                }
            }
            PickerAction::Load(key) => {
                if let Some(k) = self.kind_mut(key) {
                    k.listed = Listed::Loading;
                    k.read = 0;
                }
            }
            PickerAction::Read(key, n) => {
                if let Some(k) = self.kind_mut(key) {
                    if k.listed == Listed::Loading {
                        k.read = n;
                    }
                }
            }
            PickerAction::Loaded(key, answer) => {
                if let Some(k) = self.kind_mut(key) {
                    if k.listed == Listed::Loading {
                        k.listed = match answer {
                            Ok(items) => Listed::Ready(items),
                            Err(e) => Listed::Failed(e),
                        };
                    }
                }
            }
        }
        self
    }
}

/// One row of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row<'a> {
    /// The item's place among everything offered (the account's items, then `extra`): the same
    /// whatever the filter and the page, so a row keeps its id.
    pub index: usize,
    pub name: &'a str,
    /// The configuration holds it.
    pub selected: bool,
    /// This account lists it (else it is one the configuration names that the account no
    /// longer has: offered so that it can be taken out).
    pub listed: bool,
}

/// The page shown of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<'a> {
    pub rows: Vec<Row<'a>>,
    /// How many items the filter lets through.
    pub matches: usize,
    /// How many are offered in all.
    pub total: usize,
    /// The page shown, from 0: the one asked for, or the last when it asked past the end.
    pub page: usize,
    /// How many pages the matches fill (at least 1, empty when nothing matches).
    pub pages: usize,
}

impl Page<'_> {
    pub fn has_previous(&self) -> bool {
        self.page > 0
    }

    pub fn has_next(&self) -> bool {
        self.page + 1 < self.pages
    }
}

/// Whether an item's folded name matches a filter typed as `query`: the filter trimmed and
/// folded is part of the name. An empty filter matches everything.
pub fn matches(folded_name: &str, query: &str, fold: impl Fn(&str) -> String) -> bool {
    folded_name.contains(fold(query.trim()).as_str())
}

/// The page of `items` (then `extra`, names the configuration holds that the account does not
/// list) that `browse` asks for; `selected` are the names of this kind the configuration holds.
/// `fold` lower-cases as [`Items::new`] did.
pub fn page<'a>(
    items: &'a Items,
    extra: &'a [String],
    selected: &[String],
    browse: &Browse,
    fold: impl Fn(&str) -> String,
) -> Page<'a> {
    let query = fold(browse.query.trim());
    let selected: BTreeSet<&str> = selected.iter().map(String::as_str).collect();
    let listed = items
        .names
        .iter()
        .zip(&items.folded)
        .map(|(name, folded)| (name.as_str(), folded.contains(query.as_str()), true));
    let unlisted = extra
        .iter()
        .map(|name| (name.as_str(), fold(name).contains(query.as_str()), false));
    let shown: Vec<Row<'a>> = listed
        .chain(unlisted)
        .enumerate()
        .map(|(index, (name, hit, listed))| {
            let row = Row {
                index,
                name,
                selected: selected.contains(name),
                listed,
            };
            (row, hit)
        })
        .filter(|(row, hit)| *hit && (row.selected || !browse.selected_only))
        .map(|(row, _)| row)
        .collect();
    let matches = shown.len();
    let pages = matches.div_ceil(PAGE_SIZE).max(1);
    let page = browse.page.min(pages - 1);
    let rows = shown
        .into_iter()
        .skip(page * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    Page {
        rows,
        matches,
        total: items.len() + extra.len(),
        page,
        pages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HttpError;
    use proptest::prelude::*;

    fn lower(s: &str) -> String {
        s.to_lowercase()
    }

    fn items(names: &[&str]) -> Items {
        Items::new(names.iter().map(|n| n.to_string()).collect(), lower)
    }

    fn browse(query: &str, page: usize) -> Browse {
        Browse {
            query: query.into(),
            page,
            selected_only: false,
        }
    }

    fn numbered(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("Macro {i:04}")).collect()
    }

    #[test]
    fn the_filter_is_trimmed_and_ignores_case() {
        let list = items(&[
            "Close and thank",
            "Ask for the ORDER number",
            "Échange",
            "Order",
        ]);
        let names = |q: &str| {
            page(&list, &[], &[], &browse(q, 0), lower)
                .rows
                .iter()
                .map(|r| r.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names("  order "), ["Ask for the ORDER number", "Order"]);
        assert_eq!(names("ÉCHANGE"), ["Échange"]);
        assert_eq!(names("   ").len(), 4, "an empty filter matches everything");
        assert!(
            names("thank order").is_empty(),
            "the filter is one piece of text"
        );
        let p = page(&list, &[], &[], &browse("order", 0), lower);
        assert_eq!((p.matches, p.total), (2, 4));
    }

    #[test]
    fn two_thousand_items_page_by_fifty_and_a_page_past_the_end_is_the_last() {
        let list = Items::new(numbered(2000), lower);
        let p = page(&list, &[], &[], &browse("", 2), lower);
        assert_eq!((p.page, p.pages, p.matches, p.total), (2, 40, 2000, 2000));
        assert_eq!(p.rows.first().map(|r| r.name), Some("Macro 0101"));
        assert_eq!(p.rows.len(), PAGE_SIZE);
        assert!(p.has_previous() && p.has_next());
        let last = page(&list, &[], &[], &browse("", 1000), lower);
        assert_eq!(last.page, 39);
        assert!(!last.has_next());
        assert_eq!(last.rows.last().map(|r| r.name), Some("Macro 2000"));
        // "macro 01" is in Macro 0100 to Macro 0199 only.
        let filtered = page(&list, &[], &[], &browse("macro 01", 0), lower);
        assert_eq!(filtered.matches, 100);
        assert_eq!(filtered.pages, 2);
        let none = page(&list, &[], &[], &browse("nothing like it", 3), lower);
        assert_eq!((none.matches, none.page, none.pages), (0, 0, 1));
        assert!(none.rows.is_empty() && !none.has_next() && !none.has_previous());
    }

    #[test]
    fn names_are_offered_once_and_rows_keep_their_place() {
        let list = items(&["A", "B", "A", "C"]);
        assert_eq!(list.names(), ["A", "B", "C"]);
        let extra = vec!["Gone".to_string()];
        let selected = vec!["C".to_string(), "Gone".to_string()];
        let p = page(&list, &extra, &selected, &browse("", 0), lower);
        assert_eq!(p.total, 4);
        let gone = p.rows[3];
        assert_eq!(
            (gone.index, gone.name, gone.selected, gone.listed),
            (3, "Gone", true, false)
        );
        let only = Browse {
            selected_only: true,
            ..browse("", 0)
        };
        let p = page(&list, &extra, &selected, &only, lower);
        assert_eq!(
            p.rows.iter().map(|r| (r.index, r.name)).collect::<Vec<_>>(),
            [(2, "C"), (3, "Gone")],
            "the same index whatever is shown"
        );
    }

    #[test]
    fn each_kind_keeps_its_own_filter_and_page_and_a_late_answer_replaces_nothing() {
        let picker = Picker::default();
        assert_eq!(picker.kinds.len(), KINDS.len(), "every kind offered");
        assert!(picker.kinds.iter().all(|k| k.listed == Listed::Loading));
        let ready = Rc::new(items(&["Close"]));
        let picker = picker
            .reduce(PickerAction::Show("macros"))
            .reduce(PickerAction::Page("macros", 3))
            .reduce(PickerAction::Filter("groups", "tier".into()))
            .reduce(PickerAction::Loaded("macros", Ok(ready.clone())))
            .reduce(PickerAction::Loaded("macros", Err(ListError::TooMany)))
            .reduce(PickerAction::Show("nonsense"));
        assert_eq!(picker.shown, "macros");
        let macros = picker.current().unwrap();
        assert_eq!(macros.browse.page, 3);
        assert_eq!(
            macros.listed,
            Listed::Ready(ready),
            "the second answer came late"
        );
        assert_eq!(picker.kind("groups").unwrap().browse, browse("tier", 0));
        // Filtering goes back to the first page.
        let picker = picker.reduce(PickerAction::Filter("macros", "cl".into()));
        assert_eq!(picker.current().unwrap().browse.page, 0);
        let picker = picker
            .reduce(PickerAction::Page("macros", 2))
            .reduce(PickerAction::SelectedOnly("macros", true));
        assert_eq!(picker.current().unwrap().browse.page, 0);
        // A failure, then "Try again".
        let failed = Err(ListError::Http(HttpError::Timeout));
        let picker = picker.reduce(PickerAction::Loaded("views", failed.clone()));
        assert_eq!(
            picker.kind("views").unwrap().listed,
            Listed::Failed(ListError::Http(HttpError::Timeout))
        );
        let picker = picker
            .reduce(PickerAction::Load("views"))
            .reduce(PickerAction::Read("views", 300));
        let views = picker.kind("views").unwrap();
        assert_eq!((&views.listed, views.read), (&Listed::Loading, 300));
        // Progress of a list already read changes nothing; a new load starts from nothing.
        let picker = picker.reduce(PickerAction::Read("macros", 100));
        assert_eq!(picker.kind("macros").unwrap().read, 0);
        let picker = picker.reduce(PickerAction::Load("views"));
        assert_eq!(picker.kind("views").unwrap().read, 0);
    }

    proptest! {
        /// Whatever the list and the filter, the pages hold every matching item exactly once,
        /// in order, none more than a page's worth, and nothing that does not match.
        #[test]
        fn every_item_is_on_exactly_one_page(
            names in proptest::collection::vec("[abAB ]{0,4}", 0..260),
            extra in proptest::collection::vec("[abcC]{1,3}", 0..5),
            query in "[ aAbB]{0,3}",
            selected_only in any::<bool>(),
            picked in proptest::collection::vec(any::<bool>(), 0..300),
        ) {
            let list = Items::new(names.clone(), lower);
            let extra: Vec<String> = extra.into_iter().filter(|e| !list.contains(e)).collect::<BTreeSet<_>>().into_iter().collect();
            let offered: Vec<&str> = list.names().iter().chain(&extra).map(String::as_str).collect();
            let selected: Vec<String> = offered.iter().zip(&picked).filter(|(_, p)| **p).map(|(n, _)| n.to_string()).collect();
            let b = Browse { query: query.clone(), page: 0, selected_only };
            let first = page(&list, &extra, &selected, &b, lower);
            let mut seen = Vec::new();
            for p in 0..first.pages {
                let shown = page(&list, &extra, &selected, &Browse { page: p, ..b.clone() }, lower);
                prop_assert_eq!(shown.page, p);
                prop_assert!(shown.rows.len() <= PAGE_SIZE);
                prop_assert!(p + 1 == first.pages || shown.rows.len() == PAGE_SIZE, "only the last page is short");
                seen.extend(shown.rows.iter().map(|r| r.index));
            }
            let wanted: Vec<usize> = offered.iter().enumerate()
                .filter(|(_, n)| lower(n).contains(&lower(query.trim())))
                .filter(|(_, n)| !selected_only || selected.iter().any(|s| s == *n))
                .map(|(i, _)| i)
                .collect();
            prop_assert_eq!(&seen, &wanted);
            prop_assert_eq!(first.matches, wanted.len());
            prop_assert_eq!(first.total, offered.len());
            let past = page(&list, &extra, &selected, &Browse { page: first.pages + 5, ..b.clone() }, lower);
            prop_assert_eq!(past.page, first.pages - 1);
        }
    }
}
