//! The root: start the ZAF session, then route by location.

use crate::components::{loading, Callout, Tone};
use crate::http::{Api, ZafTransport};
use crate::i18n::{boot, browser_locale, fetch_english, load};
use crate::session::Session;
use crate::views::{console::Console, outside::OutsideZendesk, tile::AutotaskTile};
use crate::zaf::{NoClient, ZafClient, ZafError};
use deskset_domain::i18n::Translator;
use deskset_domain::location::Location;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The ZAF client, or why there is none.
    pub client: Result<ZafClient, NoClient>,
}

/// The app.
#[component]
pub fn App(props: &AppProps) -> Html {
    match &props.client {
        Ok(client) => html! { <ZafRoot client={client.clone()} /> },
        Err(why) => html! { <Outside why={*why} /> },
    }
}

#[derive(Properties, PartialEq)]
struct OutsideProps {
    why: NoClient,
}

/// Without ZAF, in the browser's language once its strings are loaded (English until then).
#[component]
fn Outside(props: &OutsideProps) -> Html {
    let i18n = use_state(|| Rc::new(boot()));
    {
        let i18n = i18n.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let english = fetch_english().await;
                i18n.set(Rc::new(load(&browser_locale(), english).await))
            });
        });
    }
    html! {
        <ContextProvider<Rc<Translator>> context={(*i18n).clone()}>
            <OutsideZendesk sdk_missing={props.why == NoClient::SdkMissing} />
        </ContextProvider<Rc<Translator>>>
    }
}

#[derive(Clone, PartialEq)]
enum Start {
    Starting,
    Ready {
        session: Rc<Session>,
        location: Location,
        i18n: Rc<Translator>,
    },
    Failed(String),
}

async fn start(client: ZafClient) -> Result<(Session, Location, Translator), ZafError> {
    // English is every locale's fallback: fetch it while ZAF answers.
    let (context, user, metadata, english) = futures::join!(
        client.context(),
        client.current_user(),
        client.metadata(),
        fetch_english()
    );
    let (context, user) = (context?, user?);
    let i18n = load(user.locale().unwrap_or("en"), english).await;
    let api = Api::new(Rc::new(ZafTransport::new(client)));
    let session = Session {
        api,
        user,
        subdomain: context.subdomain().to_string(),
        // Without it only the Account and Configurations tabs are lost: not a reason to stop.
        installation_id: metadata.ok().and_then(|m| m.installation_id()),
    };
    Ok((session, Location::parse(context.location()), i18n))
}

#[derive(Properties, PartialEq)]
struct ZafRootProps {
    client: ZafClient,
}

#[component]
fn ZafRoot(props: &ZafRootProps) -> Html {
    let state = use_state(|| Start::Starting);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        let client = props.client.clone();
        use_effect_with(*attempt, move |_| {
            state.set(Start::Starting);
            spawn_local(async move {
                state.set(match start(client).await {
                    Ok((session, location, i18n)) => Start::Ready {
                        session: Rc::new(session),
                        location,
                        i18n: Rc::new(i18n),
                    },
                    Err(e) => Start::Failed(e.to_string()),
                });
            });
        });
    }
    let root = use_node_ref();
    use_auto_resize(props.client.clone(), root.clone());

    let content = match &*state {
        // Before ZAF says who the user is, the boot strings are all deskset has.
        Start::Starting => loading(boot().t("app.loading")),
        Start::Failed(detail) => {
            let t = boot();
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |()| attempt.set(*attempt + 1))
            };
            Callout::new(Tone::Error, "error", t.t("app.start_failed"))
                .detail(Some(detail.clone()))
                .retry(retry)
                .render(&t)
        }
        Start::Ready {
            session,
            location,
            i18n,
        } => {
            let view = match location {
                Location::NavBar => html! { <Console /> },
                Location::TopBar | Location::TicketSidebar | Location::UserSidebar => html! {
                    <AutotaskTile client={props.client.clone()} location={*location} />
                },
                // background, modal, a future location: nothing to show, and no failure.
                Location::Other => html! {},
            };
            html! {
                <ContextProvider<Rc<Translator>> context={i18n.clone()}>
                    <ContextProvider<Rc<Session>> context={session.clone()}>
                        { view }
                    </ContextProvider<Rc<Session>>>
                </ContextProvider<Rc<Translator>>>
            }
        }
    };
    // `data-location` says the app started and which root view it chose (tests wait on it).
    let started = match &*state {
        Start::Ready { location, .. } => Some(location.name()),
        _ => None,
    };
    html! { <div id="deskset-root" ref={root} data-location={started}>{ content }</div> }
}

/// Keeps the app's frame as tall as its content: a ResizeObserver on the root element asks ZAF
/// to resize whenever the content's height changes.
#[hook]
fn use_auto_resize(client: ZafClient, root: NodeRef) {
    use_effect_with(client, move |client| {
        let client = client.clone();
        let last = Rc::new(std::cell::Cell::new(0i32));
        let element = root.cast::<web_sys::Element>();
        let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Some(entry) = entries
                .get(0)
                .dyn_into::<web_sys::ResizeObserverEntry>()
                .ok()
            else {
                return;
            };
            let height = entry.target().get_bounding_client_rect().height().ceil() as i32;
            if height <= 0 || height == last.get() {
                return;
            }
            last.set(height);
            let client = client.clone();
            spawn_local(async move {
                // Some locations (nav_bar) size themselves; a refused resize changes nothing.
                let _ = client.resize("100%", &format!("{height}px")).await;
            });
        });
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
        if let (Some(observer), Some(element)) = (&observer, &element) {
            observer.observe(element);
        }
        move || {
            if let Some(observer) = observer {
                observer.disconnect();
            }
            drop(callback);
        }
    });
}
