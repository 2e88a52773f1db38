//! Which root view a ZAF location gets.

/// The ZAF locations deskset knows. The console's manifest declares `nav_bar`, the tile's the
/// other three; the location named in `client.context().location` picks the app's root view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// The admin console (`nav_bar`).
    NavBar,
    /// The Autotask tile for the logged-in user.
    TopBar,
    /// The Autotask tile for the ticket requester.
    TicketSidebar,
    /// The Autotask tile for the viewed user.
    UserSidebar,
    /// Any location deskset has no view for (`background`, `modal`, a future one): renders nothing.
    Other,
}

impl Location {
    /// Reads the location name ZAF reports. Unknown names are [`Location::Other`], never an error:
    /// Zendesk adds locations over time and the app must not fail in one it does not serve.
    pub fn parse(name: &str) -> Self {
        match name {
            "nav_bar" => Self::NavBar,
            "top_bar" => Self::TopBar,
            "ticket_sidebar" => Self::TicketSidebar,
            "user_sidebar" => Self::UserSidebar,
            _ => Self::Other,
        }
    }

    /// The location's ZAF name (`other` for [`Location::Other`]).
    pub fn name(self) -> &'static str {
        match self {
            Self::NavBar => "nav_bar",
            Self::TopBar => "top_bar",
            Self::TicketSidebar => "ticket_sidebar",
            Self::UserSidebar => "user_sidebar",
            Self::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in ["nav_bar", "top_bar", "ticket_sidebar", "user_sidebar"] {
            assert_eq!(Location::parse(name).name(), name);
        }
        assert_eq!(Location::parse("modal").name(), "other");
    }

    #[test]
    fn known_locations_map_to_their_views() {
        assert_eq!(Location::parse("nav_bar"), Location::NavBar);
        assert_eq!(Location::parse("top_bar"), Location::TopBar);
        assert_eq!(Location::parse("ticket_sidebar"), Location::TicketSidebar);
        assert_eq!(Location::parse("user_sidebar"), Location::UserSidebar);
    }

    #[test]
    fn unknown_locations_are_other_not_errors() {
        for name in ["background", "modal", "", "NAV_BAR", "organization_sidebar"] {
            assert_eq!(Location::parse(name), Location::Other, "{name}");
        }
    }
}
