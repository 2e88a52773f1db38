//! Restore from a backup (issue 11), in the deploy history: a file picked or dropped, read and
//! checked (`deploy::restore::parse`), then its plan under review, its writes and its report (the
//! deploy's own screens). A refused file changes nothing and says why; the picker stays open for
//! another file.

use super::Reduce;
use crate::deploy::restore::{Backup, Refusal};
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Restore {
    /// Only the "Restore from a backup" button.
    #[default]
    Closed,
    /// The file picker and drop zone, and the last file refused (its name) and why.
    Picking { refused: Option<(String, Refusal)> },
    /// A file (its name) is being read.
    Reading { file: String },
    /// The backup read from `file`: its restore under review, then written.
    Review { backup: Rc<Backup>, file: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum RestoreAction {
    /// "Restore from a backup" clicked.
    Open,
    /// Cancel, or back from the restore.
    Close,
    /// A file (its name) was picked or dropped: its text is being read.
    Reading(String),
    /// The file's text read and checked.
    Read {
        file: String,
        result: Result<Backup, Refusal>,
    },
}

impl Reduce for Restore {
    type Action = RestoreAction;
    fn reduce(self, action: RestoreAction) -> Self {
        match (self, action) {
            (Restore::Closed, RestoreAction::Open) => Restore::Picking { refused: None },
            (other, RestoreAction::Open) => other,
            (_, RestoreAction::Close) => Restore::Closed,
            (Restore::Picking { .. } | Restore::Reading { .. }, RestoreAction::Reading(file)) => {
                Restore::Reading { file }
            }
            (other, RestoreAction::Reading(_)) => other,
            // Only the file being read is taken (one read after a cancel, or a second file
            // dropped over the first, is not).
            (Restore::Reading { file: reading }, RestoreAction::Read { file, result })
                if reading == file =>
            {
                match result {
                    Ok(backup) => Restore::Review {
                        backup: Rc::new(backup),
                        file,
                    },
                    Err(why) => Restore::Picking {
                        refused: Some((file, why)),
                    },
                }
            }
            (other, RestoreAction::Read { .. }) => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::restore::parse;

    fn text() -> String {
        serde_json::json!({
            "deskset_backup": {"account": "acme", "at": "2026-12-01T09:00:00Z", "source": "s", "configuration": "c"},
            "items": [{"type": "groups", "name": "Tier 2", "item": {"id": 1, "name": "Tier 2"}}],
        })
        .to_string()
    }

    #[test]
    fn a_file_is_read_then_reviewed_or_refused_with_the_picker_still_open() {
        let r = Restore::default().reduce(RestoreAction::Open);
        assert_eq!(r, Restore::Picking { refused: None });
        let r = r
            .reduce(RestoreAction::Reading("bad.json".into()))
            .reduce(RestoreAction::Read {
                file: "bad.json".into(),
                result: parse("not json", "acme", &|s: &str| s.to_lowercase()),
            });
        assert_eq!(
            r,
            Restore::Picking {
                refused: Some(("bad.json".into(), Refusal::NotJson))
            }
        );
        let r = r
            .reduce(RestoreAction::Reading("good.json".into()))
            .reduce(RestoreAction::Read {
                file: "good.json".into(),
                result: parse(&text(), "acme", &|s: &str| s.to_lowercase()),
            });
        assert!(
            matches!(&r, Restore::Review { file, backup } if file == "good.json" && backup.items.len() == 1)
        );
        assert_eq!(r.reduce(RestoreAction::Close), Restore::Closed);
    }

    #[test]
    fn a_read_that_arrives_after_a_cancel_or_for_another_file_is_dropped() {
        let reading = Restore::default()
            .reduce(RestoreAction::Open)
            .reduce(RestoreAction::Reading("a.json".into()));
        let late = RestoreAction::Read {
            file: "a.json".into(),
            result: parse(&text(), "acme", &|s: &str| s.to_lowercase()),
        };
        assert_eq!(
            reading.clone().reduce(RestoreAction::Close).reduce(late),
            Restore::Closed
        );
        let other = reading.reduce(RestoreAction::Reading("b.json".into()));
        assert_eq!(
            other.clone().reduce(RestoreAction::Read {
                file: "a.json".into(),
                result: parse(&text(), "acme", &|s: &str| s.to_lowercase()),
            }),
            other
        );
    }
}
