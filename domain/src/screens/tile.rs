//! The Autotask tile's screen: whose tickets, the settings, what the last load found, and
//! whether the list is expanded past its first rows.

use super::Reduce;
use crate::autotask::{AutotaskError, Found, Loaded, Trouble};
use crate::location::Location;
use crate::tile::{Person, TileSettings, FIRST_ROWS};

/// What the tile shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Shown {
    #[default]
    Loading,
    /// Could not read the person or the settings from Zendesk (ZAF's words).
    ZafFailed(String),
    /// Settings the tile needs are missing (which ones).
    NotConfigured(Vec<crate::tile::Missing>),
    /// The person has no email, so there is nothing to look up.
    NoEmail,
    /// What Autotask answered.
    Done(Result<Loaded, AutotaskError>),
}

/// The tile's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tile {
    pub settings: Option<TileSettings>,
    pub person: Option<Person>,
    pub shown: Shown,
    /// "Show all" was clicked (the list shows every ticket, not the first [`FIRST_ROWS`]).
    pub expanded: bool,
}

// An action lives for one dispatch and is never stored in bulk: boxing the large variant would
// only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum TileAction {
    /// A load's outcome (or its start: [`Shown::Loading`]) for this person and settings; the
    /// list folds back to its first rows.
    Show {
        settings: Option<TileSettings>,
        person: Option<Person>,
        shown: Shown,
    },
    /// "Show all".
    Expand,
}

impl Reduce for Tile {
    type Action = TileAction;
    fn reduce(self, action: TileAction) -> Self {
        match action {
            TileAction::Show {
                settings,
                person,
                shown,
            } => Tile {
                settings,
                person,
                shown,
                expanded: false,
            },
            TileAction::Expand => Tile {
                expanded: true,
                ..self
            },
        }
    }
}

impl Tile {
    /// A load is running: Refresh waits.
    pub fn busy(&self) -> bool {
        self.shown == Shown::Loading
    }

    /// How many ticket rows to show of `total`.
    pub fn rows_shown(&self, total: usize) -> usize {
        if self.expanded {
            total
        } else {
            total.min(FIRST_ROWS)
        }
    }

    /// The zone whose client portal the "New ticket" link opens: wherever Autotask answered and
    /// the contact rule did not refuse the person (several contacts: whose new ticket?).
    pub fn new_ticket_zone(&self) -> Option<&crate::autotask::Zone> {
        match &self.shown {
            Shown::Done(Ok(Loaded { zone, found })) if *found != Found::SeveralContacts => {
                Some(zone)
            }
            _ => None,
        }
    }

    /// The state's name (`data-state`, the end-to-end tests' hook).
    pub fn state(&self) -> &'static str {
        match &self.shown {
            Shown::Loading => "loading",
            Shown::ZafFailed(_) => "error",
            Shown::NotConfigured(_) => "not-configured",
            Shown::NoEmail => "no-email",
            Shown::Done(Err(AutotaskError::Unreachable(_))) => "unreachable",
            Shown::Done(Err(AutotaskError::Trouble(t))) => t.state(),
            Shown::Done(Ok(Loaded { found, .. })) => match found {
                Found::NoContact => "no-contact",
                Found::SeveralContacts => "several-contacts",
                Found::Tickets { rows, .. } if rows.is_empty() => "no-tickets",
                Found::Tickets { .. } => "ready",
            },
        }
    }
}

/// The ZAF events after which the tile's person may be someone else, by location.
pub fn person_events(location: Location) -> &'static [&'static str] {
    match location {
        Location::TicketSidebar => &[
            "ticket.requester.id.changed",
            "ticket.requester.email.changed",
        ],
        Location::UserSidebar => &["user.email.changed"],
        _ => &[],
    }
}

impl Trouble {
    /// The tile's `data-state` for it.
    pub fn state(self) -> &'static str {
        match self {
            Trouble::UnknownUser => "unknown-user",
            Trouble::WrongSecret => "wrong-secret",
            Trouble::BadIntegrationCode => "bad-integration-code",
            Trouble::NoPermission => "no-permission",
            Trouble::Throttled => "throttled",
            Trouble::Unreachable => "unreachable",
            Trouble::Other => "error",
        }
    }

    /// The key of its texts (`autotask.<key>.title`, `.body`).
    pub fn i18n_key(self) -> &'static str {
        match self {
            Trouble::UnknownUser => "unknown_user",
            Trouble::WrongSecret => "wrong_secret",
            Trouble::BadIntegrationCode => "bad_integration_code",
            Trouble::NoPermission => "no_permission",
            Trouble::Throttled => "throttled",
            Trouble::Unreachable => "unreachable",
            Trouble::Other => "other",
        }
    }

    /// A problem of the settings (the username, the secret, the code, the API user's rights):
    /// agents cannot change them, so they are told to ask an admin.
    pub fn is_settings_problem(self) -> bool {
        matches!(
            self,
            Trouble::UnknownUser
                | Trouble::WrongSecret
                | Trouble::BadIntegrationCode
                | Trouble::NoPermission
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autotask::Zone;
    use crate::http::HttpError;
    use crate::tile::TicketRow;

    fn zone() -> Zone {
        Zone {
            url: "https://webservices15.autotask.net/ATServicesRest/".into(),
            web_url: "https://ww15.autotask.net/".into(),
            ci: Some(1),
        }
    }

    fn row(id: u64) -> TicketRow {
        TicketRow {
            id,
            number: format!("T{id}"),
            title: String::new(),
            status: String::new(),
            priority: String::new(),
            last_activity: None,
            url: String::new(),
        }
    }

    fn done(found: Found) -> Shown {
        Shown::Done(Ok(Loaded {
            zone: zone(),
            found,
        }))
    }

    fn show(shown: Shown) -> TileAction {
        TileAction::Show {
            settings: None,
            person: None,
            shown,
        }
    }

    #[test]
    fn every_outcome_has_its_state() {
        let state = |shown| Tile::default().reduce(show(shown)).state();
        assert_eq!(state(Shown::Loading), "loading");
        assert_eq!(
            state(Shown::NotConfigured(vec![crate::tile::Missing::Username])),
            "not-configured"
        );
        assert_eq!(state(Shown::NoEmail), "no-email");
        assert_eq!(state(Shown::ZafFailed("x".into())), "error");
        assert_eq!(state(done(Found::NoContact)), "no-contact");
        assert_eq!(state(done(Found::SeveralContacts)), "several-contacts");
        let none = Found::Tickets {
            rows: Vec::new(),
            more: false,
        };
        assert_eq!(state(done(none)), "no-tickets");
        let some = Found::Tickets {
            rows: vec![row(1)],
            more: false,
        };
        assert_eq!(state(done(some)), "ready");
        assert_eq!(
            state(Shown::Done(Err(AutotaskError::Trouble(
                Trouble::WrongSecret
            )))),
            "wrong-secret"
        );
        assert_eq!(
            state(Shown::Done(Err(AutotaskError::Unreachable(
                HttpError::Timeout
            )))),
            "unreachable"
        );
    }

    #[test]
    fn new_ticket_needs_a_zone_and_one_person() {
        let tile = |shown| Tile::default().reduce(show(shown));
        assert!(tile(done(Found::NoContact)).new_ticket_zone().is_some());
        assert!(tile(done(Found::Tickets {
            rows: Vec::new(),
            more: false
        }))
        .new_ticket_zone()
        .is_some());
        assert!(tile(done(Found::SeveralContacts))
            .new_ticket_zone()
            .is_none());
        assert!(tile(Shown::Loading).new_ticket_zone().is_none());
        assert!(tile(Shown::Done(Err(AutotaskError::Trouble(
            Trouble::WrongSecret
        ))))
        .new_ticket_zone()
        .is_none());
    }

    #[test]
    fn show_all_lasts_until_the_next_load() {
        let tile = Tile::default().reduce(TileAction::Expand);
        assert_eq!(tile.rows_shown(40), 40);
        let tile = tile.reduce(show(Shown::Loading));
        assert!(tile.busy());
        assert_eq!(tile.rows_shown(40), FIRST_ROWS);
        assert_eq!(tile.rows_shown(3), 3);
    }

    #[test]
    fn only_settings_problems_send_agents_to_their_admin() {
        let settings = [
            Trouble::UnknownUser,
            Trouble::WrongSecret,
            Trouble::BadIntegrationCode,
            Trouble::NoPermission,
        ];
        for t in settings {
            assert!(t.is_settings_problem(), "{t:?}");
        }
        for t in [Trouble::Throttled, Trouble::Unreachable, Trouble::Other] {
            assert!(!t.is_settings_problem(), "{t:?}");
        }
    }

    #[test]
    fn the_sidebars_follow_their_person() {
        assert_eq!(person_events(Location::TopBar), &[] as &[&str]);
        assert_eq!(person_events(Location::UserSidebar), ["user.email.changed"]);
        assert_eq!(person_events(Location::TicketSidebar).len(), 2);
    }
}
