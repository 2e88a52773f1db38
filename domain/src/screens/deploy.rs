//! The deploy screens (deploy.md, "What the admin sees"): a plan under review, the undo data saved
//! (or the backup and a confirmation when it cannot be), the deploy's progress and its report;
//! and the history's undo of the latest deploy, with its own progress and report.

use super::Reduce;
use crate::deploy::plan::Totals;
use crate::deploy::record::UndoStep;
use crate::deploy::run::{Failure, Run};
use crate::http::Explain;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Something deskset says about a failure: its explanation (a translation key) and the other
/// side's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub key: &'static str,
    pub detail: Option<String>,
}

impl Said {
    pub fn of(e: &dyn Explain) -> Said {
        Said {
            key: e.i18n_key(),
            detail: e.detail().map(str::to_string),
        }
    }
}

impl Explain for Said {
    fn i18n_key(&self) -> &'static str {
        self.key
    }

    fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }
}

/// Where a deploy is.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// The plan, before anything is written.
    Review,
    /// Saving and reading back the undo data.
    Preparing,
    /// The undo data could not be saved: nothing was written, and the deploy waits for the
    /// backup and a confirmation that it goes on without undo.
    NoUndo(Said),
    /// Writing: `done` of `total`, and the component being written (type, name).
    Deploying {
        done: usize,
        total: usize,
        current: Option<(String, String)>,
    },
    /// The report, and whether the history (and undo data) could be saved afterwards.
    Finished { run: Rc<Run>, history: Option<Said> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deploy {
    pub phase: Phase,
    /// The backup was downloaded (in this screen).
    pub backup_downloaded: bool,
    /// Deploying without undo was confirmed.
    pub confirmed: bool,
    /// The drifted steps (changed here since the last deploy) the admin chose to overwrite; the
    /// other drifted steps are kept as this account has them (`deploy::drift`).
    pub overwrite: BTreeSet<usize>,
}

impl Default for Deploy {
    fn default() -> Self {
        Deploy {
            phase: Phase::Review,
            backup_downloaded: false,
            confirmed: false,
            overwrite: BTreeSet::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeployAction {
    /// Back to a fresh review (the plan is read again).
    Review,
    /// Deploy clicked: the undo data is being saved (or, confirmed without undo, skipped).
    Start,
    UndoUnsaved(Said),
    BackupDownloaded,
    Confirm(bool),
    /// "Overwrite" of a drifted step (its index) ticked or not.
    Overwrite(usize, bool),
    /// `done` of `total` written; `current` is being written now.
    Progress {
        done: usize,
        total: usize,
        current: Option<(String, String)>,
    },
    Finished {
        run: Rc<Run>,
        history: Option<Said>,
    },
}

impl Reduce for Deploy {
    type Action = DeployAction;
    fn reduce(mut self, action: DeployAction) -> Self {
        match action {
            DeployAction::Review => return Deploy::default(),
            DeployAction::Start => self.phase = Phase::Preparing,
            DeployAction::UndoUnsaved(said) => self.phase = Phase::NoUndo(said),
            DeployAction::BackupDownloaded => self.backup_downloaded = true,
            DeployAction::Confirm(on) => self.confirmed = on,
            // Decided in review only: once writing, the plan carried out is fixed.
            DeployAction::Overwrite(step, on) if matches!(self.phase, Phase::Review) => {
                if on {
                    self.overwrite.insert(step);
                } else {
                    self.overwrite.remove(&step);
                }
            }
            DeployAction::Overwrite(..) => {}
            DeployAction::Progress {
                done,
                total,
                current,
            } => {
                self.phase = Phase::Deploying {
                    done,
                    total,
                    current,
                }
            }
            DeployAction::Finished { run, history } => {
                self.phase = Phase::Finished { run, history }
            }
        }
        self
    }
}

impl Deploy {
    /// Whether the Deploy button may be used, for a plan of these totals.
    pub fn can_deploy(&self, totals: Totals) -> bool {
        let changes = totals.create + totals.update;
        match &self.phase {
            Phase::Review => changes > 0,
            Phase::NoUndo(_) => changes > 0 && self.without_undo(totals),
            _ => false,
        }
    }

    /// Whether the backup must be downloaded before deploying without undo: when the plan
    /// updates something (the backup holds what updates overwrite; a plan that only creates
    /// has nothing to back up).
    pub fn needs_backup(totals: Totals) -> bool {
        totals.update > 0
    }

    /// Whether the deploy goes on without undo data (it could not be saved, and the person
    /// downloaded the backup, if there is one to download, and confirmed).
    pub fn without_undo(&self, totals: Totals) -> bool {
        matches!(self.phase, Phase::NoUndo(_))
            && self.confirmed
            && (self.backup_downloaded || !Self::needs_backup(totals))
    }

    /// Whether writes are under way (leaving the screen is then not offered).
    pub fn busy(&self) -> bool {
        matches!(self.phase, Phase::Preparing | Phase::Deploying { .. })
    }
}

/// The undo of the latest deploy, in the history.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Undo {
    #[default]
    Idle,
    /// "Undo last deploy?" with what it will do.
    Confirming,
    /// Reading this account and writing: `done` of `total`.
    Running {
        done: usize,
        total: usize,
        current: Option<(String, String)>,
    },
    /// Each component's undo and its result; whether the history could be saved.
    Finished {
        results: Rc<Vec<(UndoStep, Result<(), Failure>)>>,
        history: Option<Said>,
    },
    /// The undo could not start (this account could not be read): nothing was written.
    Failed(Said),
}

#[derive(Debug, Clone, PartialEq)]
pub enum UndoAction {
    Ask,
    Cancel,
    Progress {
        done: usize,
        total: usize,
        current: Option<(String, String)>,
    },
    Finished {
        results: Rc<Vec<(UndoStep, Result<(), Failure>)>>,
        history: Option<Said>,
    },
    Failed(Said),
}

impl Reduce for Undo {
    type Action = UndoAction;
    fn reduce(self, action: UndoAction) -> Self {
        match (self, action) {
            // A running undo is not cancelled or asked again.
            (running @ Undo::Running { .. }, UndoAction::Ask | UndoAction::Cancel) => running,
            (_, UndoAction::Ask) => Undo::Confirming,
            (_, UndoAction::Cancel) => Undo::Idle,
            (
                _,
                UndoAction::Progress {
                    done,
                    total,
                    current,
                },
            ) => Undo::Running {
                done,
                total,
                current,
            },
            (_, UndoAction::Finished { results, history }) => Undo::Finished { results, history },
            (_, UndoAction::Failed(said)) => Undo::Failed(said),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::plan::Plan;

    fn said() -> Said {
        Said {
            key: "errors.status_403",
            detail: Some("Forbidden".into()),
        }
    }

    fn totals(create: usize, update: usize) -> Totals {
        Totals {
            create,
            update,
            ..Totals::default()
        }
    }

    #[test]
    fn a_deploy_goes_from_review_to_report() {
        let d = Deploy::default();
        let (some, none) = (totals(1, 2), totals(0, 0));
        assert!(
            d.can_deploy(some) && !d.can_deploy(none),
            "nothing to do: disabled"
        );
        let d = d.reduce(DeployAction::Start);
        assert!(d.busy() && !d.can_deploy(some));
        let d = d.reduce(DeployAction::Progress {
            done: 1,
            total: 3,
            current: Some(("groups".into(), "Tier 2".into())),
        });
        assert!(matches!(
            d.phase,
            Phase::Deploying {
                done: 1,
                total: 3,
                ..
            }
        ));
        let run = Rc::new(Run::new(Plan {
            steps: vec![],
            order: vec![],
        }));
        let d = d.reduce(DeployAction::Finished { run, history: None });
        assert!(
            !d.busy() && !d.can_deploy(some),
            "a finished deploy is not run twice"
        );
    }

    #[test]
    fn without_undo_data_the_deploy_waits_for_the_backup_and_a_confirmation() {
        let updates = totals(1, 1);
        let d = Deploy::default()
            .reduce(DeployAction::Start)
            .reduce(DeployAction::UndoUnsaved(said()));
        assert!(!d.can_deploy(updates) && !d.without_undo(updates));
        let d = d.reduce(DeployAction::Confirm(true));
        assert!(!d.can_deploy(updates), "the backup first");
        let d = d.reduce(DeployAction::BackupDownloaded);
        assert!(d.can_deploy(updates) && d.without_undo(updates));
        let d = d.reduce(DeployAction::Confirm(false));
        assert!(!d.can_deploy(updates));
    }

    #[test]
    fn a_plan_that_only_creates_needs_no_backup_to_go_on_without_undo() {
        let creates = totals(3, 0);
        assert!(!Deploy::needs_backup(creates) && Deploy::needs_backup(totals(0, 1)));
        let d = Deploy::default()
            .reduce(DeployAction::Start)
            .reduce(DeployAction::UndoUnsaved(said()));
        assert!(!d.can_deploy(creates), "still asks first");
        let d = d.reduce(DeployAction::Confirm(true));
        assert!(d.can_deploy(creates) && d.without_undo(creates));
    }

    #[test]
    fn a_drifted_step_is_overwritten_only_when_ticked_and_only_in_review() {
        let d = Deploy::default();
        assert!(d.overwrite.is_empty(), "kept unless ticked");
        let d = d
            .reduce(DeployAction::Overwrite(3, true))
            .reduce(DeployAction::Overwrite(5, true))
            .reduce(DeployAction::Overwrite(5, false));
        assert_eq!(d.overwrite, BTreeSet::from([3]));
        let d = d
            .reduce(DeployAction::Start)
            .reduce(DeployAction::Overwrite(5, true));
        assert_eq!(d.overwrite, BTreeSet::from([3]), "not once writing");
        assert!(
            d.reduce(DeployAction::Review).overwrite.is_empty(),
            "a new plan asks again"
        );
    }

    #[test]
    fn an_undo_is_confirmed_then_runs_to_its_report() {
        let u = Undo::default().reduce(UndoAction::Ask);
        assert_eq!(u, Undo::Confirming);
        assert_eq!(u.clone().reduce(UndoAction::Cancel), Undo::Idle);
        let running = u.reduce(UndoAction::Progress {
            done: 0,
            total: 2,
            current: None,
        });
        assert_eq!(
            running.clone().reduce(UndoAction::Cancel),
            running,
            "not stopped halfway"
        );
        let failed = running.reduce(UndoAction::Failed(said()));
        assert_eq!(failed, Undo::Failed(said()));
    }
}
