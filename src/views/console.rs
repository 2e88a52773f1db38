//! The admin console (`nav_bar`): a tab per built feature, shown to whoever may open it.

use crate::views::account::AccountTab;
use crate::views::configurations::ConfigurationsTab;
use crate::views::roles::RolesTab;
use deskset_domain::access::{Tab, UserRole};
use deskset_domain::screens::console::Console as ConsoleState;
use deskset_web::components::Tabs;
use deskset_web::hooks::use_screen;
use deskset_web::i18n::use_i18n;
use deskset_web::session::use_session;
use yew::prelude::*;

fn tab_id(tab: Tab) -> &'static str {
    match tab {
        Tab::Roles => "roles",
        Tab::Account => "account",
        Tab::Configurations => "configurations",
    }
}

/// The console. Agents get the tabs they may open and a plain note about what is for admins.
#[component]
pub fn Console() -> Html {
    let t = use_i18n();
    let session = use_session();
    let role = session.user.role();
    let tabs = Tab::visible(&role);
    let console = use_screen(|| ConsoleState::new(&role));

    if tabs.is_empty() {
        return html! {
            <main class="ds-page" data-state="no-access">
                <p>{ t.t("console.no_access") }</p>
            </main>
        };
    }
    let labels: Vec<(AttrValue, AttrValue)> = tabs
        .iter()
        .map(|tab| {
            let label = match tab {
                Tab::Roles => t.t("console.tab_roles"),
                Tab::Account => t.t("console.tab_account"),
                Tab::Configurations => t.t("console.tab_configurations"),
            };
            (AttrValue::from(tab_id(*tab)), AttrValue::from(label))
        })
        .collect();
    let on_select = {
        let console = console.clone();
        Callback::from(move |id: AttrValue| {
            if let Some(tab) = Tab::ALL.iter().find(|t| tab_id(**t) == id.as_str()) {
                console.dispatch(*tab);
            }
        })
    };
    let panel = match console.tab {
        Tab::Roles => html! { <RolesTab /> },
        Tab::Account => html! { <AccountTab /> },
        Tab::Configurations => html! { <ConfigurationsTab /> },
    };
    html! {
        <main class="ds-page ds-console">
            <header class="ds-header">
                <h1 class="ds-title">{ "deskset" }</h1>
            </header>
            if role != UserRole::Admin {
                <div class="c-callout c-callout--info ds-callout" data-testid="agent-notice" role="note">
                    <p class="c-callout__paragraph">{ t.t("console.agent_notice") }</p>
                </div>
            }
            <Tabs label={t.t("console.tabs_label")} tabs={labels} selected={tab_id(console.tab)} {on_select}>
                { panel }
            </Tabs>
        </main>
    }
}
