//! The console: which tab is open.

use super::Reduce;
use crate::access::{Tab, UserRole};

/// The console's state: the open tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Console {
    pub tab: Tab,
}

impl Console {
    /// The first tab `role` may open (the Roles tab for everyone who may open any).
    pub fn new(role: &UserRole) -> Self {
        Console {
            tab: Tab::visible(role).first().copied().unwrap_or(Tab::Roles),
        }
    }
}

impl Reduce for Console {
    type Action = Tab;
    fn reduce(self, tab: Tab) -> Self {
        Console { tab }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_opens_on_the_first_tab_and_switches() {
        let c = Console::new(&UserRole::Admin);
        assert_eq!(c.tab, Tab::Roles);
        assert_eq!(c.reduce(Tab::Account).tab, Tab::Account);
    }
}
