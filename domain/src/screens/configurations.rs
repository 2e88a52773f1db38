//! The Configurations tab's screens: what the own-configurations section shows, and the
//! configuration form's draft and problem.

use super::Reduce;
use crate::configurations::{self, Configuration, Problem};
use crate::share::Share;
use std::rc::Rc;

/// What the tab shows: the lists, or the deploy of a shared configuration.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Shown {
    #[default]
    Lists,
    Deploy(Rc<Share>, Rc<Configuration>),
}

impl Reduce for Shown {
    type Action = Shown;
    fn reduce(self, shown: Shown) -> Self {
        shown
    }
}

/// What the own-configurations section shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Editing {
    /// The list.
    #[default]
    None,
    /// The form: a new configuration (`None`) or the one at this index.
    Form(Option<usize>),
    /// The delete confirmation of the one at this index.
    ConfirmDelete(usize),
}

/// The own-configurations section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Own {
    pub editing: Editing,
}

impl Reduce for Own {
    type Action = Editing;
    fn reduce(self, editing: Editing) -> Self {
        Own { editing }
    }
}

/// The form: the configuration as edited, and what deskset's check found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    pub draft: Configuration,
    pub problem: Option<Problem>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormAction {
    Name(String),
    Description(String),
    /// A component picked or unpicked: (kind, name, on).
    Toggle(&'static str, String, bool),
    /// Checked before saving: `Some` is what is wrong.
    Checked(Option<Problem>),
}

impl Reduce for Form {
    type Action = FormAction;
    fn reduce(mut self, action: FormAction) -> Self {
        match action {
            FormAction::Name(name) => self.draft.set_name(&name),
            FormAction::Description(text) => self.draft.set_description(&text),
            FormAction::Toggle(kind, name, on) => self.draft.toggle(kind, &name, on),
            FormAction::Checked(problem) => self.problem = problem,
        }
        self
    }
}

impl Form {
    pub fn new(draft: Configuration) -> Self {
        Form {
            draft,
            problem: None,
        }
    }

    /// Checks the draft against the others (`editing`: the index it replaces): `Ok` with the
    /// configuration to save (its name trimmed), or the problem.
    pub fn check(
        &self,
        others: &[Configuration],
        editing: Option<usize>,
    ) -> Result<Configuration, Problem> {
        configurations::validate(&self.draft, others, editing)?;
        let mut ready = self.draft.clone();
        let name = ready.name().trim().to_string();
        ready.set_name(&name);
        Ok(ready)
    }

    /// Whether the problem belongs to the name field.
    pub fn name_problem(&self) -> bool {
        matches!(
            self.problem,
            Some(Problem::NameRequired | Problem::NameTaken)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Configuration {
        let mut c = Configuration::default();
        c.set_name(name);
        c.toggle("groups", "Support", true);
        c
    }

    #[test]
    fn the_form_edits_its_draft_and_checks_it() {
        let form = Form::default()
            .reduce(FormAction::Name("  Starter ".into()))
            .reduce(FormAction::Description("For new accounts".into()));
        assert_eq!(form.check(&[], None), Err(Problem::NoComponents));
        let form = form
            .reduce(FormAction::Toggle("macros", "Close".into(), true))
            .reduce(FormAction::Toggle("views", "Open".into(), true))
            .reduce(FormAction::Toggle("views", "Open".into(), false));
        let ready = form.check(&[], None).unwrap_or_default();
        assert_eq!(ready.name(), "Starter");
        assert_eq!(
            ready.components(),
            [("macros".to_string(), "Close".to_string())]
        );
        assert_eq!(
            form.check(&[named("starter")], None),
            Err(Problem::NameTaken)
        );
        // Editing the one at index 0: its own name is not taken.
        assert!(form.check(&[named("starter")], Some(0)).is_ok());
        let form = form.reduce(FormAction::Checked(Some(Problem::NameTaken)));
        assert!(form.name_problem());
        let form = form.reduce(FormAction::Checked(Some(Problem::NoComponents)));
        assert!(!form.name_problem());
    }

    #[test]
    fn the_section_shows_one_thing_at_a_time() {
        let own = Own::default().reduce(Editing::ConfirmDelete(2));
        assert_eq!(own.editing, Editing::ConfirmDelete(2));
        assert_eq!(own.reduce(Editing::None).editing, Editing::None);
    }
}
