//! The Account tab's screens: the shares section (what the last add and remove came to, which
//! Remove is being confirmed) and the support access section (the grant picked).

use super::Reduce;
use crate::oauth::Revoked;
use crate::support_access::Grant;

/// The shares section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shares {
    /// The origin of the share just added (its success notice).
    pub added: Option<String>,
    /// The source whose Remove awaits confirmation.
    pub confirm: Option<String>,
    /// The share just removed, and what became of its token in the source.
    pub removed: Option<(String, Revoked)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SharesAction {
    /// The form was sent: earlier outcomes no longer apply.
    Submitted,
    Added(String),
    AskRemove(String),
    CancelRemove,
    Removed(String, Revoked),
}

impl Reduce for Shares {
    type Action = SharesAction;
    fn reduce(self, action: SharesAction) -> Self {
        match action {
            SharesAction::Submitted => Shares::default(),
            SharesAction::Added(origin) => Shares {
                added: Some(origin),
                ..Shares::default()
            },
            SharesAction::AskRemove(source) => Shares {
                confirm: Some(source),
                ..self
            },
            SharesAction::CancelRemove => Shares {
                confirm: None,
                ..self
            },
            SharesAction::Removed(source, revoked) => Shares {
                removed: Some((source, revoked)),
                ..Shares::default()
            },
        }
    }
}

impl Shares {
    /// The removal's notice: its `data-state` and translation key (none when the token was
    /// revoked or already gone: the share's row disappearing says enough).
    pub fn removal_notice(&self) -> Option<(&'static str, &'static str)> {
        match self.removed {
            Some((_, Revoked::NotRevoked)) => {
                Some(("share-not-revoked", "account.remove_not_revoked"))
            }
            _ => None,
        }
    }
}

/// The support access section: the grant the admin picked (until then, the one in force).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SupportAccess {
    pub picked: Option<Grant>,
}

impl Reduce for SupportAccess {
    type Action = Grant;
    fn reduce(self, grant: Grant) -> Self {
        SupportAccess {
            picked: Some(grant),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_replaces_the_last_and_a_confirmation_can_be_cancelled() {
        let s = Shares::default()
            .reduce(SharesAction::Added("https://globex.zendesk.com".into()))
            .reduce(SharesAction::AskRemove("https://globex.zendesk.com".into()));
        assert_eq!(s.added.as_deref(), Some("https://globex.zendesk.com"));
        assert_eq!(s.confirm.as_deref(), Some("https://globex.zendesk.com"));
        let s = s.reduce(SharesAction::CancelRemove);
        assert_eq!(s.confirm, None);
        let s = s.reduce(SharesAction::Removed("x".into(), Revoked::NotRevoked));
        assert_eq!(s.added, None);
        assert_eq!(
            s.removal_notice(),
            Some(("share-not-revoked", "account.remove_not_revoked"))
        );
        let s = s.reduce(SharesAction::Submitted);
        assert_eq!(s, Shares::default());
        for quiet in [Revoked::Revoked, Revoked::AlreadyGone] {
            let s = Shares::default().reduce(SharesAction::Removed("x".into(), quiet));
            assert_eq!(s.removal_notice(), None);
        }
    }

    #[test]
    fn the_pick_is_kept() {
        let s = SupportAccess::default().reduce(Grant::Month);
        assert_eq!(s.picked, Some(Grant::Month));
    }
}
