//! The Autotask tile (top_bar: the agent's own tickets; ticket_sidebar: the requester's;
//! user_sidebar: the viewed user's). One load runs at a time, so the tile never has more than
//! one request in flight to an Autotask endpoint (two endpoints at once at most: the contact
//! query next to the picklists).

use crate::autotask::{self, AutotaskError, Found, Loaded};
use crate::components::{loading, Callout, Tone};
use crate::i18n::{full_date, relative_time, use_i18n};
use crate::session::use_session;
use crate::zaf::{Subscription, ZafClient};
use deskset_domain::access::UserRole;
use deskset_domain::autotask::Trouble;
use deskset_domain::i18n::Translator;
use deskset_domain::location::Location;
use deskset_domain::tile::{Person, TicketRow, TileSettings, FIRST_ROWS};
use std::cell::RefCell;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TileProps {
    pub client: ZafClient,
    pub location: Location,
}

/// What the tile shows.
#[derive(Clone, PartialEq)]
enum Shown {
    Loading,
    /// Could not read the person or the settings from Zendesk.
    ZafFailed(String),
    NotConfigured,
    NoEmail,
    Done(Result<Loaded, AutotaskError>),
}

#[derive(Clone, PartialEq)]
struct View {
    settings: Option<TileSettings>,
    person: Option<Person>,
    shown: Shown,
}

/// Loads run one at a time; a load asked for meanwhile runs right after.
#[derive(Default)]
struct Gate {
    busy: bool,
    again: bool,
    force: bool,
    /// The email the tile last loaded for (`Some(None)`: a person without one).
    loaded_for: Option<Option<String>>,
}

#[derive(Clone)]
struct Loader {
    client: ZafClient,
    session: Rc<crate::session::Session>,
    location: Location,
    view: UseStateHandle<View>,
    gate: Rc<RefCell<Gate>>,
}

impl Loader {
    /// Loads again: `force` for the refresh button; an event (`force == false`) loads only when
    /// the person's email changed.
    fn run(self, force: bool) {
        {
            let mut gate = self.gate.borrow_mut();
            if gate.busy {
                gate.again = true;
                gate.force |= force;
                return;
            }
            gate.busy = true;
        }
        spawn_local(async move {
            let mut force = force;
            loop {
                self.once(force).await;
                let mut gate = self.gate.borrow_mut();
                if !gate.again {
                    gate.busy = false;
                    break;
                }
                gate.again = false;
                force = std::mem::take(&mut gate.force);
            }
        });
    }

    async fn person(&self) -> Result<Person, String> {
        let user = match self.location {
            Location::TicketSidebar => self.client.get("ticket.requester").await,
            Location::UserSidebar => self.client.get("user").await,
            // top_bar: the agent's own tickets.
            _ => return Ok(Person::from_zaf(&self.session.user.0)),
        };
        user.map(|u| Person::from_zaf(&u))
            .map_err(|e| e.to_string())
    }

    async fn once(&self, force: bool) {
        let person = match self.person().await {
            Ok(p) => p,
            Err(e) => {
                self.gate.borrow_mut().loaded_for = None;
                return self.show(None, None, Shown::ZafFailed(e));
            }
        };
        if !force && self.gate.borrow().loaded_for.as_ref() == Some(&person.email) {
            return;
        }
        self.gate.borrow_mut().loaded_for = Some(person.email.clone());
        let settings = match self.client.metadata().await {
            Ok(m) => TileSettings::read(m.settings()),
            Err(e) => return self.show(None, Some(person), Shown::ZafFailed(e.to_string())),
        };
        let Some(settings) = settings else {
            return self.show(None, Some(person), Shown::NotConfigured);
        };
        let Some(email) = person.email.clone() else {
            return self.show(Some(settings), Some(person), Shown::NoEmail);
        };
        self.show(Some(settings.clone()), Some(person.clone()), Shown::Loading);
        let now = js_sys::Date::now() as i64;
        let result = autotask::load(&self.session.api, &settings, &email, now).await;
        self.show(Some(settings), Some(person), Shown::Done(result));
    }

    fn show(&self, settings: Option<TileSettings>, person: Option<Person>, shown: Shown) {
        self.view.set(View {
            settings,
            person,
            shown,
        });
    }
}

/// The ZAF events after which the tile's person may be someone else.
fn events(location: Location) -> &'static [&'static str] {
    match location {
        Location::TicketSidebar => &[
            "ticket.requester.id.changed",
            "ticket.requester.email.changed",
        ],
        Location::UserSidebar => &["user.email.changed"],
        _ => &[],
    }
}

#[component]
pub fn AutotaskTile(props: &TileProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let view = use_state(|| View {
        settings: None,
        person: None,
        shown: Shown::Loading,
    });
    let gate = use_mut_ref(Gate::default);
    let Some(session) = session else {
        return html! {};
    };
    let loader = Loader {
        client: props.client.clone(),
        session: session.clone(),
        location: props.location,
        view: view.clone(),
        gate,
    };
    {
        let loader = loader.clone();
        use_effect_with(props.location, move |location| {
            let subscriptions: Vec<Subscription> = events(*location)
                .iter()
                .filter_map(|event| {
                    let loader = loader.clone();
                    loader
                        .client
                        .clone()
                        .on(event, move |_| loader.clone().run(false))
                        .ok()
                })
                .collect();
            loader.run(true);
            move || drop(subscriptions)
        });
    }
    let expanded = use_state(|| false);
    let refresh = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| {
            expanded.set(false);
            loader.clone().run(true)
        })
    };
    let admin = session.user.role() == UserRole::Admin;
    render(&t, &view, admin, props.location, refresh, expanded)
}

fn render(
    t: &Translator,
    view: &View,
    admin: bool,
    location: Location,
    refresh: Callback<MouseEvent>,
    expanded: UseStateHandle<bool>,
) -> Html {
    let busy = view.shown == Shown::Loading;
    let title = view
        .settings
        .as_ref()
        .and_then(|s| s.connection_name.clone())
        .unwrap_or_else(|| t.t("autotask.title"));
    let whose = view.person.as_ref().map(|p| {
        if location == Location::TopBar {
            t.t("autotask.yours")
        } else {
            match &p.email {
                Some(email) => t.t_with(
                    "autotask.person",
                    &[("name", p.name.as_str()), ("email", email.as_str())],
                ),
                None => p.name.clone(),
            }
        }
    });
    let (state, body, zone) = body(t, view, admin, expanded);
    html! {
        <section class="ds-tile" data-testid="autotask-tile" data-state={state} aria-busy={busy.to_string()}>
            <div class="ds-tile__head">
                <h2 class="ds-tile__title">{ title }</h2>
                <button type="button" class="c-btn c-btn--sm c-btn--basic" data-testid="autotask-refresh"
                    disabled={busy} onclick={refresh}>{ t.t("autotask.refresh") }</button>
            </div>
            if let Some(whose) = whose {
                <p class="ds-muted ds-tile__person">{ whose }</p>
            }
            { body }
            if let Some(zone) = zone {
                <a class="c-btn c-btn--sm ds-tile__new" data-testid="autotask-new-ticket"
                    href={zone.portal_new_ticket_url()} target="_blank" rel="noopener noreferrer">
                    { t.t("autotask.new_ticket") }
                </a>
            }
        </section>
    }
}

/// The state's name (`data-state`), its content, and the zone when the "New ticket" link applies.
fn body<'a>(
    t: &Translator,
    view: &'a View,
    admin: bool,
    expanded: UseStateHandle<bool>,
) -> (
    &'static str,
    Html,
    Option<&'a deskset_domain::autotask::Zone>,
) {
    let email = view
        .person
        .as_ref()
        .and_then(|p| p.email.as_deref())
        .unwrap_or_default();
    let username = view
        .settings
        .as_ref()
        .map(|s| s.username.as_str())
        .unwrap_or_default();
    let note = |tone, state: &'static str, title: &str, text: String| {
        (
            state,
            Callout::new(tone, state, t.t(title)).body(text).render(t),
            None,
        )
    };
    match &view.shown {
        Shown::Loading => ("loading", loading(t.t("autotask.loading")), None),
        Shown::ZafFailed(detail) => (
            "error",
            Callout::new(Tone::Error, "error", t.t("autotask.zaf_failed"))
                .detail(Some(detail.clone()))
                .render(t),
            None,
        ),
        Shown::NotConfigured => note(
            Tone::Info,
            "not-configured",
            "autotask.not_configured.title",
            t.t(if admin {
                "autotask.not_configured.admin"
            } else {
                "autotask.not_configured.agent"
            }),
        ),
        Shown::NoEmail => {
            let name = view.person.as_ref().map(|p| p.name.as_str()).unwrap_or("");
            note(
                Tone::Info,
                "no-email",
                "autotask.no_email.title",
                t.t_with("autotask.no_email.body", &[("name", name)]),
            )
        }
        Shown::Done(Err(AutotaskError::Unreachable(e))) => (
            "unreachable",
            Callout::new(
                Tone::Error,
                "unreachable",
                t.t("autotask.unreachable.title"),
            )
            .body(t.t("autotask.unreachable.body"))
            .detail(Some(t.t(e.i18n_key())))
            .render(t),
            None,
        ),
        Shown::Done(Err(AutotaskError::Trouble(trouble))) => {
            let (state, key) = match trouble {
                Trouble::UnknownUser => ("unknown-user", "unknown_user"),
                Trouble::WrongSecret => ("wrong-secret", "wrong_secret"),
                Trouble::BadIntegrationCode => ("bad-integration-code", "bad_integration_code"),
                Trouble::NoPermission => ("no-permission", "no_permission"),
                Trouble::Throttled => ("throttled", "throttled"),
                Trouble::Unreachable => ("unreachable", "unreachable"),
                Trouble::Other => ("error", "other"),
            };
            let tone = if *trouble == Trouble::Throttled {
                Tone::Warning
            } else {
                Tone::Error
            };
            let title = t.t(&format!("autotask.{key}.title"));
            let mut text = t.t_with(&format!("autotask.{key}.body"), &[("username", username)]);
            // Agents cannot change the settings: they get who can.
            if !admin && state != "throttled" && state != "unreachable" {
                text = t.t("autotask.ask_admin");
            }
            (
                state,
                Callout::new(tone, state, title).body(text).render(t),
                None,
            )
        }
        Shown::Done(Ok(Loaded { zone, found })) => match found {
            Found::NoContact => {
                let (s, h, _) = note(
                    Tone::Info,
                    "no-contact",
                    "autotask.no_contact.title",
                    t.t_with("autotask.no_contact.body", &[("email", email)]),
                );
                (s, h, Some(zone))
            }
            Found::SeveralContacts => note(
                Tone::Warning,
                "several-contacts",
                "autotask.several_contacts.title",
                t.t_with("autotask.several_contacts.body", &[("email", email)]),
            ),
            Found::Tickets { rows, .. } if rows.is_empty() => {
                let days = view
                    .settings
                    .as_ref()
                    .map(|s| s.window_days)
                    .unwrap_or_default()
                    .to_string();
                let (s, h, _) = note(
                    Tone::Info,
                    "no-tickets",
                    "autotask.no_tickets.title",
                    t.t_with("autotask.no_tickets.body", &[("days", days.as_str())]),
                );
                (s, h, Some(zone))
            }
            Found::Tickets { rows, more } => {
                let shown = if *expanded {
                    rows.len()
                } else {
                    rows.len().min(FIRST_ROWS)
                };
                let show_all = Callback::from(move |_: MouseEvent| expanded.set(true));
                let total = rows.len().to_string();
                (
                    "ready",
                    html! {
                        <>
                            <ul class="ds-tickets" data-testid="autotask-tickets">
                                { for rows[..shown].iter().map(|row| ticket(t, row)) }
                            </ul>
                            if shown < rows.len() {
                                <button type="button" class="c-btn c-btn--sm c-btn--basic" data-testid="autotask-show-all"
                                    onclick={show_all}>
                                    { t.t_with("autotask.show_all", &[("count", total.as_str())]) }
                                </button>
                            }
                            if *more {
                                <p class="ds-count" data-testid="autotask-more">
                                    { t.t_with("autotask.more", &[("count", total.as_str())]) }
                                </p>
                            }
                        </>
                    },
                    Some(zone),
                )
            }
        },
    }
}

fn ticket(t: &Translator, row: &TicketRow) -> Html {
    html! {
        <li class="ds-ticket" data-ticket-id={row.id.to_string()}>
            <a href={row.url.clone()} target="_blank" rel="noopener noreferrer" class="ds-ticket__link">
                <span class="ds-ticket__number">{ &row.number }</span>
                { " " }{ &row.title }
            </a>
            <div class="ds-ticket__meta">
                <span class="ds-badge" title={t.t("autotask.status")}>{ &row.status }</span>
                <span class="ds-badge" title={t.t("autotask.priority")}>{ &row.priority }</span>
                if let Some(at) = &row.last_activity {
                    <time datetime={at.clone()} title={full_date(t, at)}>{ relative_time(t, at) }</time>
                }
            </div>
        </li>
    }
}
