//! Small widgets in Zendesk Garden's look.

mod callout;
mod loading;
mod tabs;

pub use callout::{Callout, Tone};
pub use loading::{loaded, loading, reload_failed};
pub use tabs::Tabs;
