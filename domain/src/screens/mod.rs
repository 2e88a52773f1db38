//! The screens' states and their rules: each screen's state is a value changed only by its
//! `Action`s ([`Reduce`]), so what a screen shows after any sequence of events is decided here
//! and tested natively. The views hold these states in Yew's reducer and only render them.

/// A screen's state: every change is one named action.
pub trait Reduce: Sized {
    /// What can happen on the screen (a click, an answer).
    type Action;
    /// The state after `action`.
    fn reduce(self, action: Self::Action) -> Self;
}
pub mod account;
pub mod configurations;
pub mod console;
pub mod deploy;
pub mod picker;
pub mod restore;
pub mod roles;
pub mod tile;
