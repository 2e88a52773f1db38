//! The Autotask tile (top_bar: the agent's own tickets; ticket_sidebar: the requester's;
//! user_sidebar: the viewed user's). One load runs at a time, so the tile never has more than
//! one request in flight to an Autotask endpoint (two endpoints at once at most: the contact
//! query next to the picklists).

use crate::autotask::{self, AutotaskError, Found, Loaded};
use deskset_domain::access::UserRole;
use deskset_domain::autotask::Trouble;
use deskset_domain::i18n::Translator;
use deskset_domain::location::Location;
use deskset_domain::tile::{Person, TicketRow, TileSettings, FIRST_ROWS};
use deskset_web::components::{loading, Callout, Tone};
use deskset_web::i18n::{full_date, relative_time, use_i18n};
use deskset_web::session::use_session;
use deskset_web::zaf::{Subscription, ZafClient};
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

/// Who a load was for: the person's id and email (a change of either is someone else).
type Key = (Option<u64>, Option<String>);

fn key(person: &Person) -> Key {
    (person.id, person.email.clone())
}

/// Loads run one at a time (so the tile never has two requests in flight to one Autotask
/// endpoint). One asked for meanwhile runs right after, and the running one's answer is shown
/// only if it is still for the person the tile is about.
#[derive(Default)]
struct Gate {
    busy: bool,
    again: bool,
    refresh: bool,
    /// The last answer shown and who it is about (`None` before the first load and after a
    /// failure to read the person).
    shown: Option<(Key, View)>,
}

#[derive(Clone)]
struct Loader {
    client: ZafClient,
    session: Rc<deskset_web::session::Session>,
    location: Location,
    view: UseStateHandle<View>,
    expanded: UseStateHandle<bool>,
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
                        let current = self.gate.borrow().shown.as_ref().map(|(k, _)| k.clone());
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
            let mut answer: Option<(Key, View)> = None;
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
                if let Some((_, view)) = answer {
                    self.view.set(view);
                }
                break;
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

    /// One round: the view to show and who it is about (`None` for a failure to read the
    /// person: shown at once, about nobody). `previous` is the last round's answer: kept when
    /// the person is the same and nobody asked for a refresh.
    async fn once(&self, refresh: bool, previous: Option<(Key, View)>) -> Option<(Key, View)> {
        let person = match self.person().await {
            Ok(p) => p,
            Err(e) => {
                self.show(None, None, Shown::ZafFailed(e));
                return None;
            }
        };
        let who = key(&person);
        let known = previous.or_else(|| self.gate.borrow().shown.clone());
        if let Some((k, view)) = known {
            if !refresh && k == who {
                return Some((k, view));
            }
        }
        let view = |settings, shown| View {
            settings,
            person: Some(person.clone()),
            shown,
        };
        let settings = match self.client.metadata().await {
            Ok(m) => TileSettings::read(m.settings()),
            Err(e) => return Some((who, view(None, Shown::ZafFailed(e.to_string())))),
        };
        let Some(settings) = settings else {
            return Some((who, view(None, Shown::NotConfigured)));
        };
        let Some(email) = person.email.clone() else {
            return Some((who, view(Some(settings), Shown::NoEmail)));
        };
        self.show(Some(settings.clone()), Some(person.clone()), Shown::Loading);
        let now = js_sys::Date::now() as i64;
        let result = autotask::load(&self.session.api, &settings, &email, now, refresh).await;
        Some((who, view(Some(settings), Shown::Done(result))))
    }

    fn show(&self, settings: Option<TileSettings>, person: Option<Person>, shown: Shown) {
        self.expanded.set(false);
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
    let expanded = use_state(|| false);
    let loader = session.clone().map(|session| Loader {
        client: props.client.clone(),
        session,
        location: props.location,
        view: view.clone(),
        expanded: expanded.clone(),
        gate,
    });
    {
        let loader = loader.clone();
        use_effect_with(props.location, move |location| {
            let subscriptions: Vec<Subscription> = match loader {
                None => Vec::new(),
                Some(loader) => {
                    let subscriptions = events(*location)
                        .iter()
                        .filter_map(|event| {
                            let on_event = loader.clone();
                            loader
                                .client
                                .on(event, move |_| on_event.clone().run(false))
                                .ok()
                        })
                        .collect();
                    loader.run(false);
                    subscriptions
                }
            };
            move || drop(subscriptions)
        });
    }
    let (Some(session), Some(loader)) = (session, loader) else {
        return html! {};
    };
    let busy = view.shown == Shown::Loading;
    let refresh = Callback::from(move |_: MouseEvent| {
        // Clicks while loading are ignored (the button says so with aria-disabled).
        if !busy {
            loader.clone().run(true)
        }
    });
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
                // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
                <button type="button" class="c-btn c-btn--sm c-btn--basic" data-testid="autotask-refresh"
                    aria-disabled={busy.to_string()} onclick={refresh}>{ t.t("autotask.refresh") }</button>
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
            // Settings problems: agents cannot change the settings, so they get who can.
            let settings_problem = matches!(
                trouble,
                Trouble::UnknownUser
                    | Trouble::WrongSecret
                    | Trouble::BadIntegrationCode
                    | Trouble::NoPermission
            );
            if !admin && settings_problem {
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
                <span class="ds-badge">
                    <span class="ds-visually-hidden">{ t.t("autotask.status") }{ ": " }</span>{ &row.status }
                </span>
                <span class="ds-badge">
                    <span class="ds-visually-hidden">{ t.t("autotask.priority") }{ ": " }</span>{ &row.priority }
                </span>
                if let Some(at) = &row.last_activity {
                    <time datetime={at.clone()} title={full_date(t, at)}>{ relative_time(t, at) }</time>
                }
            </div>
        </li>
    }
}
