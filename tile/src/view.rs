//! The Autotask tile (top_bar: the agent's own tickets; ticket_sidebar: the requester's;
//! user_sidebar: the viewed user's): renders [`Tile`] and dispatches. The load is
//! [`crate::load`]'s; what each outcome means is `deskset_domain::screens::tile`'s.

use crate::load::{use_tile_loader, Inputs};
use deskset_domain::access::UserRole;
use deskset_domain::autotask::{AutotaskError, Found, Loaded, Trouble, Zone};
use deskset_domain::i18n::Translator;
use deskset_domain::location::Location;
use deskset_domain::screens::tile::{Shown, Tile, TileAction};
use deskset_domain::tile::TicketRow;
use deskset_web::components::{loading, Callout, Tone};
use deskset_web::hooks::use_screen;
use deskset_web::i18n::{full_date, prepare_dates, relative_time, use_i18n};
use deskset_web::session::use_session;
use deskset_web::zaf::ZafClient;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TileProps {
    pub client: ZafClient,
    pub location: Location,
}

#[component]
pub fn AutotaskTile(props: &TileProps) -> Html {
    let t = use_i18n();
    // The tickets' dates: formatters built while Autotask answers, not when it has.
    prepare_dates(&t);
    let session = use_session();
    let tile = use_screen(Tile::default);
    let dispatch = {
        let tile = tile.clone();
        Callback::from(move |action: TileAction| tile.dispatch(action))
    };
    let inputs = Inputs {
        client: props.client.clone(),
        location: props.location,
        api: session.api.clone(),
        user: session.user.clone(),
        settings: session.settings.clone(),
    };
    let reload = use_tile_loader(inputs, dispatch.clone());
    let busy = tile.busy();
    let refresh = Callback::from(move |_: MouseEvent| {
        // Clicks while loading are ignored (the button says so with aria-disabled).
        if !busy {
            reload.emit(())
        }
    });
    let show_all = dispatch.reform(|_: MouseEvent| TileAction::Expand);
    let admin = session.user.role() == UserRole::Admin;
    let title = tile
        .settings
        .as_ref()
        .and_then(|s| s.connection_name.clone())
        .unwrap_or_else(|| t.t("autotask.title"));
    let whose = tile.person.as_ref().map(|p| {
        if props.location == Location::TopBar {
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
    let state = tile.state();
    let zone = tile.new_ticket_zone();
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
            { body(&t, &tile, admin, show_all) }
            if let Some(zone) = zone {
                { new_ticket(&t, zone) }
            }
        </section>
    }
}

fn new_ticket(t: &Translator, zone: &Zone) -> Html {
    html! {
        <a class="c-btn c-btn--sm ds-tile__new" data-testid="autotask-new-ticket"
            href={zone.portal_new_ticket_url()} target="_blank" rel="noopener noreferrer">
            { t.t("autotask.new_ticket") }
        </a>
    }
}

/// The tile's content for its state.
fn body(t: &Translator, tile: &Tile, admin: bool, show_all: Callback<MouseEvent>) -> Html {
    let state = tile.state();
    let email = tile
        .person
        .as_ref()
        .and_then(|p| p.email.as_deref())
        .unwrap_or_default();
    let username = tile
        .settings
        .as_ref()
        .map(|s| s.username.as_str())
        .unwrap_or_default();
    let note = |tone, title: &str, text: String| {
        Callout::new(tone, state, t.t(title)).body(text).render(t)
    };
    match &tile.shown {
        Shown::Loading => loading(t.t("autotask.loading")),
        Shown::ZafFailed(detail) => Callout::new(Tone::Error, state, t.t("autotask.zaf_failed"))
            .detail(Some(detail.clone()))
            .render(t),
        // Admins get what is missing and where to set it; agents, who to ask.
        Shown::NotConfigured(missing) if admin => html! {
            <div class="c-callout c-callout--info ds-callout" data-state={state} role="status">
                <strong class="c-callout__title">{ t.t("autotask.not_configured.title") }</strong>
                { for missing.iter().map(|m| html! { <p class="c-callout__paragraph">{ t.t(m.i18n_key()) }</p> }) }
                <p class="c-callout__paragraph">{ t.t("autotask.not_configured.where") }</p>
            </div>
        },
        Shown::NotConfigured(_) => note(
            Tone::Info,
            "autotask.not_configured.title",
            t.t("autotask.not_configured.agent"),
        ),
        Shown::NoEmail => {
            let name = tile.person.as_ref().map(|p| p.name.as_str()).unwrap_or("");
            note(
                Tone::Info,
                "autotask.no_email.title",
                t.t_with("autotask.no_email.body", &[("name", name)]),
            )
        }
        Shown::Done(Err(AutotaskError::Unreachable(e))) => {
            Callout::new(Tone::Error, state, t.t("autotask.unreachable.title"))
                .body(t.t("autotask.unreachable.body"))
                .detail(Some(t.t(e.i18n_key())))
                .render(t)
        }
        Shown::Done(Err(AutotaskError::Trouble(trouble))) => {
            let tone = if *trouble == Trouble::Throttled {
                Tone::Warning
            } else {
                Tone::Error
            };
            let key = trouble.i18n_key();
            // Agents cannot change the settings, so they get who can.
            let text = if !admin && trouble.is_settings_problem() {
                t.t("autotask.ask_admin")
            } else {
                t.t_with(&format!("autotask.{key}.body"), &[("username", username)])
            };
            Callout::new(tone, state, t.t(&format!("autotask.{key}.title")))
                .body(text)
                .render(t)
        }
        Shown::Done(Ok(Loaded { found, .. })) => match found {
            Found::NoContact => note(
                Tone::Info,
                "autotask.no_contact.title",
                t.t_with("autotask.no_contact.body", &[("email", email)]),
            ),
            Found::SeveralContacts => note(
                Tone::Warning,
                "autotask.several_contacts.title",
                t.t_with("autotask.several_contacts.body", &[("email", email)]),
            ),
            Found::Tickets { rows, .. } if rows.is_empty() => {
                let days = tile
                    .settings
                    .as_ref()
                    .map(|s| s.window_days)
                    .unwrap_or_default()
                    .to_string();
                note(
                    Tone::Info,
                    "autotask.no_tickets.title",
                    t.t_with("autotask.no_tickets.body", &[("days", days.as_str())]),
                )
            }
            Found::Tickets { rows, more } => {
                let shown = tile.rows_shown(rows.len());
                let total = rows.len().to_string();
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
                }
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
