//! The Configurations tab's screens: what the own-configurations section shows, and the
//! configuration form's draft, problem and picker.

use super::picker::{Items, Picker, PickerAction};
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

/// The form: the configuration as edited, what deskset's check found, and the picker its
/// components are chosen in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    pub draft: Configuration,
    pub problem: Option<Problem>,
    /// The components the configuration held when the form opened, as (kind, name): still
    /// offered when this account no longer lists them, so that one taken out can be put back.
    pub opened_with: Vec<(String, String)>,
    pub picker: Picker,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormAction {
    Name(String),
    Description(String),
    /// A component picked or unpicked: (kind, name, on).
    Toggle(&'static str, String, bool),
    /// Checked before saving: `Some` is what is wrong.
    Checked(Option<Problem>),
    /// Browsing the picker, or a list's answer.
    Pick(PickerAction),
}

impl Reduce for Form {
    type Action = FormAction;
    fn reduce(mut self, action: FormAction) -> Self {
        match action {
            FormAction::Name(name) => self.draft.set_name(&name),
            FormAction::Description(text) => self.draft.set_description(&text),
            FormAction::Toggle(kind, name, on) => self.draft.toggle(kind, &name, on),
            FormAction::Checked(problem) => self.problem = problem,
            FormAction::Pick(action) => self.picker = self.picker.reduce(action),
        }
        self
    }
}

impl Form {
    pub fn new(draft: Configuration) -> Self {
        Form {
            opened_with: draft.components(),
            draft,
            problem: None,
            picker: Picker::default(),
        }
    }

    /// The names of `kind` the configuration holds, in its order.
    pub fn selected(&self, kind: &str) -> Vec<String> {
        self.draft
            .components()
            .into_iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, n)| n)
            .collect()
    }

    /// The names of `kind` the configuration holds or held when the form opened that `items`
    /// (this account's list) does not: offered after the account's own, so the picker shows
    /// everything the configuration names.
    pub fn unlisted(&self, kind: &str, items: &Items) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let held = self
            .opened_with
            .iter()
            .cloned()
            .chain(self.draft.components());
        for (k, name) in held {
            if k == kind && !items.contains(&name) && !out.contains(&name) {
                out.push(name);
            }
        }
        out
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
    use super::super::picker;
    use super::*;
    use proptest::prelude::*;

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

    fn lower(s: &str) -> String {
        s.to_lowercase()
    }

    #[test]
    fn what_the_configuration_names_is_offered_even_when_the_account_no_longer_lists_it() {
        let mut c = named("Starter");
        c.toggle("macros", "Retired macro", true);
        c.toggle("macros", "Close", true);
        let items = Items::new(vec!["Close".into(), "Ask".into()], lower);
        let form = Form::new(c);
        assert_eq!(form.selected("macros"), ["Retired macro", "Close"]);
        assert_eq!(form.unlisted("macros", &items), ["Retired macro"]);
        // Taken out, it stays offered (to be put back), unticked.
        let form = form.reduce(FormAction::Toggle("macros", "Retired macro".into(), false));
        assert_eq!(form.unlisted("macros", &items), ["Retired macro"]);
        let unlisted = form.unlisted("macros", &items);
        let selected = form.selected("macros");
        let shown = picker::page(&items, &unlisted, &selected, &Default::default(), lower);
        let rows: Vec<_> = shown
            .rows
            .iter()
            .map(|r| (r.name, r.selected, r.listed))
            .collect();
        assert_eq!(
            rows,
            [
                ("Close", true, true),
                ("Ask", false, true),
                ("Retired macro", false, false)
            ]
        );
        assert!(form
            .unlisted("groups", &Items::default())
            .contains(&"Support".to_string()));
    }

    /// One step of a person at the picker.
    #[derive(Debug, Clone)]
    enum Step {
        Filter(String),
        Page(usize),
        SelectedOnly(bool),
        Show(bool),
        /// Ticks or unticks the row at this place on the page shown (if there is one).
        Click(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            "[ aAbB1]{0,3}".prop_map(Step::Filter),
            (0usize..6).prop_map(Step::Page),
            any::<bool>().prop_map(Step::SelectedOnly),
            any::<bool>().prop_map(Step::Show),
            (0usize..60).prop_map(Step::Click),
        ]
    }

    proptest! {
        /// Filtering, paging and switching kinds never take a component out of the
        /// configuration (or put one in): only a click on a row does, and only that row's. And
        /// every selected item the filter matches is on exactly one page, ticked.
        #[test]
        fn the_filter_never_loses_a_selected_item_from_the_configuration(
            names in proptest::collection::vec("[aAbB1]{1,4}", 0..180),
            start in proptest::collection::vec(any::<bool>(), 0..180),
            unlisted in proptest::collection::vec("[xy]{1,2}", 0..3),
            steps in proptest::collection::vec(step(), 0..25),
        ) {
            let items = Rc::new(Items::new(names, lower));
            let mut c = named("Starter");
            for (name, on) in items.names().iter().zip(&start) {
                if *on {
                    c.toggle("macros", name, true);
                }
            }
            for name in &unlisted {
                c.toggle("macros", name, true);
            }
            let mut expected = c.components();
            let mut form = Form::new(c)
                .reduce(FormAction::Pick(PickerAction::Show("macros")))
                .reduce(FormAction::Pick(PickerAction::Loaded("macros", Ok(items.clone()))));
            for step in steps {
                let action = match step {
                    Step::Filter(q) => PickerAction::Filter("macros", q),
                    Step::Page(p) => PickerAction::Page("macros", p),
                    Step::SelectedOnly(on) => PickerAction::SelectedOnly("macros", on),
                    Step::Show(macros) => PickerAction::Show(if macros { "macros" } else { "groups" }),
                    Step::Click(at) => {
                        let Some(kind) = form.picker.current().filter(|k| k.key == "macros") else {
                            continue;
                        };
                        let unlisted = form.unlisted("macros", &items);
                        let selected = form.selected("macros");
                        let shown = picker::page(&items, &unlisted, &selected, &kind.browse, lower);
                        let Some(row) = shown.rows.get(at) else {
                            continue;
                        };
                        let (name, on) = (row.name.to_string(), !row.selected);
                        expected.retain(|(k, n)| !(k == "macros" && *n == name));
                        if on {
                            expected.push(("macros".to_string(), name.clone()));
                        }
                        form = form.reduce(FormAction::Toggle("macros", name, on));
                        prop_assert_eq!(form.draft.components(), expected.clone());
                        continue;
                    }
                };
                form = form.reduce(FormAction::Pick(action));
                prop_assert_eq!(form.draft.components(), expected.clone(), "browsing changed the configuration");
                let Some(kind) = form.picker.kind("macros") else {
                    continue;
                };
                let unlisted = form.unlisted("macros", &items);
                let selected = form.selected("macros");
                let first = picker::page(&items, &unlisted, &selected, &kind.browse, lower);
                let mut ticked = Vec::new();
                for p in 0..first.pages {
                    let b = picker::Browse { page: p, ..kind.browse.clone() };
                    let shown = picker::page(&items, &unlisted, &selected, &b, lower);
                    ticked.extend(shown.rows.iter().filter(|r| r.selected).map(|r| r.name.to_string()));
                }
                let query = lower(kind.browse.query.trim());
                let mut wanted: Vec<String> = selected.iter().filter(|n| lower(n).contains(&query)).cloned().collect();
                wanted.sort();
                ticked.sort();
                prop_assert_eq!(ticked, wanted, "a selected item the filter matches is on one page");
            }
        }
    }

    #[test]
    fn the_section_shows_one_thing_at_a_time() {
        let own = Own::default().reduce(Editing::ConfirmDelete(2));
        assert_eq!(own.editing, Editing::ConfirmDelete(2));
        assert_eq!(own.reduce(Editing::None).editing, Editing::None);
    }
}
