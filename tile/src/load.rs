//! The tile's edge: whose tickets (ZAF), the settings, the Autotask load, one load at a time.
//! Its outcome reaches the view as [`TileAction`]s; the view only renders them.
//!
//! Loads run one at a time, so the tile never has two requests in flight to one Autotask
//! endpoint (two endpoints at once at most: the tickets query next to the picklists). One asked
//! for meanwhile runs right after, and the running one's answer is shown only if it is still for
//! the person the tile is about.

use crate::autotask;
use deskset_domain::location::Location;
use deskset_domain::screens::tile::{person_events, Shown, TileAction};
use deskset_domain::tile::{Person, TileSettings};
use deskset_web::http::Api;
use deskset_web::zaf::{CurrentUser, Subscription, ZafClient};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Who a load was for: the person's id and email (a change of either is someone else).
type Key = (Option<u64>, Option<String>);

fn key(person: &Person) -> Key {
    (person.id, person.email.clone())
}

/// A load's answer, kept to compare the next person with.
#[derive(Clone)]
struct Answer {
    who: Key,
    action: TileAction,
}

/// The one-load-at-a-time gate.
#[derive(Default)]
struct Gate {
    busy: bool,
    again: bool,
    refresh: bool,
    /// The last answer shown (`None` before the first load and after a failure to read the
    /// person).
    shown: Option<Answer>,
}

/// What the tile loads with: the ZAF client (whose tickets), the API (through Zendesk's proxy),
/// the signed-in agent (top_bar's person) and the tile installation's settings.
#[derive(Clone, PartialEq)]
pub struct Inputs {
    pub client: ZafClient,
    pub location: Location,
    pub api: Api,
    pub user: CurrentUser,
    pub settings: Rc<Map<String, Value>>,
}

#[derive(Clone)]
struct Loader {
    inputs: Inputs,
    dispatch: Callback<TileAction>,
    gate: Rc<RefCell<Gate>>,
}

impl Loader {
    /// Loads: `refresh` for the Refresh button (asks Autotask whatever it said before); an
    /// event (`refresh == false`) loads only when the person changed.
    fn run(self, refresh: bool) {
        {
            let mut gate = self.gate.borrow_mut();
            if gate.busy {
                gate.again = true;
                gate.refresh |= refresh;
                drop(gate);
                // Say at once that the tile is loading for someone new, even if the running
                // load keeps the network a while longer.
                spawn_local(async move {
                    if let Ok(person) = self.person().await {
                        let current = self.gate.borrow().shown.as_ref().map(|a| a.who.clone());
                        if current.is_some() && current != Some(key(&person)) {
                            self.show(None, Some(person), Shown::Loading);
                        }
                    }
                });
                return;
            }
            gate.busy = true;
        }
        spawn_local(async move {
            let mut refresh = refresh;
            let mut answer: Option<Answer> = None;
            loop {
                answer = self.once(refresh, answer).await;
                let mut gate = self.gate.borrow_mut();
                if gate.again {
                    // Asked again meanwhile: this answer may be about someone else. The next
                    // round shows it if the person is still the same, or loads anew.
                    gate.again = false;
                    refresh = std::mem::take(&mut gate.refresh);
                    continue;
                }
                gate.busy = false;
                gate.shown = answer.clone();
                drop(gate);
                if let Some(answer) = answer {
                    self.dispatch.emit(answer.action);
                }
                break;
            }
        });
    }

    /// The person whose tickets the tile shows here.
    async fn person(&self) -> Result<Person, String> {
        let user = match self.inputs.location {
            Location::TicketSidebar => self.inputs.client.ticket_requester().await,
            Location::UserSidebar => self.inputs.client.viewed_user().await,
            // top_bar: the agent's own tickets.
            _ => return Ok(Person::from_zaf(&self.inputs.user.0)),
        };
        user.map(|u| Person::from_zaf(&u.0))
            .map_err(|e| e.to_string())
    }

    /// One round: the answer to show (`None` for a failure to read the person: shown at once,
    /// about nobody). `previous` is the last round's answer: kept when the person is the same
    /// and nobody asked for a refresh.
    async fn once(&self, refresh: bool, previous: Option<Answer>) -> Option<Answer> {
        let person = match self.person().await {
            Ok(p) => p,
            Err(e) => {
                self.show(None, None, Shown::ZafFailed(e));
                return None;
            }
        };
        let who = key(&person);
        let known = previous.or_else(|| self.gate.borrow().shown.clone());
        if let Some(answer) = known {
            if !refresh && answer.who == who {
                return Some(answer);
            }
        }
        let answer = |settings: Option<TileSettings>, shown| Answer {
            who: who.clone(),
            action: TileAction::Show {
                settings,
                person: Some(person.clone()),
                shown,
            },
        };
        let settings = match TileSettings::read(&self.inputs.settings, autotask::BUILT_IN_CODE) {
            Ok(settings) => settings,
            Err(missing) => return Some(answer(None, Shown::NotConfigured(missing))),
        };
        let Some(email) = person.email.clone() else {
            return Some(answer(Some(settings), Shown::NoEmail));
        };
        self.show(Some(settings.clone()), Some(person.clone()), Shown::Loading);
        let now = js_sys::Date::now() as i64;
        let result = autotask::load(&self.inputs.api, &settings, &email, now, refresh).await;
        Some(answer(Some(settings), Shown::Done(result)))
    }

    fn show(&self, settings: Option<TileSettings>, person: Option<Person>, shown: Shown) {
        self.dispatch.emit(TileAction::Show {
            settings,
            person,
            shown,
        });
    }
}

/// Loads the tile when it mounts and whenever its person may have changed (the location's ZAF
/// events), dispatching what it finds; returns the Refresh action (which asks Autotask again
/// whatever it said before).
#[hook]
pub fn use_tile_loader(inputs: Inputs, dispatch: Callback<TileAction>) -> Callback<()> {
    let gate = use_mut_ref(Gate::default);
    let location = inputs.location;
    let loader = Loader {
        inputs,
        dispatch,
        gate,
    };
    {
        let loader = loader.clone();
        use_effect_with(location, move |location| {
            let subscriptions: Vec<Subscription> = person_events(*location)
                .iter()
                .filter_map(|event| {
                    let on_event = loader.clone();
                    loader
                        .inputs
                        .client
                        .on(event, move |_| on_event.clone().run(false))
                        .ok()
                })
                .collect();
            loader.run(false);
            move || drop(subscriptions)
        });
    }
    Callback::from(move |()| loader.clone().run(true))
}
