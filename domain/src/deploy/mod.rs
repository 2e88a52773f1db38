//! Deploying a shared configuration (../shared/design/deploy.md): one table of types
//! ([`types`]), one set of reference rules ([`refs`]), write shapes and bodies ([`write`]), and the
//! plan ([`plan`]): identity matching, references rewritten, what blocks, the differences, the
//! order. A new type joins as a row of the table and, if it holds references, a rule.

pub mod plan;
pub mod record;
pub mod refs;
pub mod run;
pub mod types;
pub mod write;

pub use plan::{
    plan, Action, Blocked, Change, Component, Inventory, Item, Plan, Resolution, Step, Totals,
};

#[cfg(test)]
mod tests;
