//! Starting an app: ZAF, the signed-in user, the strings; then the app's own view for the
//! location ZAF reports. Both apps start here, each with its own view function.

use crate::components::{loading, Callout, Tone};
use crate::http::{Api, Early, Request, ZafTransport};
use crate::i18n::{boot, browser_locale, fetch_english, load};
use crate::outside::OutsideZendesk;
use crate::session::Session;
use crate::zaf::{NoClient, ZafClient, ZafError};
use deskset_domain::i18n::Translator;
use deskset_domain::location::Location;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

/// What an app's view gets once ZAF has answered.
#[derive(Clone, PartialEq)]
pub struct Started {
    /// Who is signed in, and the API as them.
    pub session: Rc<Session>,
    /// Where Zendesk opened the app.
    pub location: Location,
    /// The ZAF client (events, `get` of location data).
    pub client: ZafClient,
}

/// What an app has the moment its ZAF client exists, before anything is rendered: the client
/// and the API over it. An app's `early` function gets it to send its first screen's requests
/// at once (issue 12), next to `currentUser` and the strings instead of after them.
#[derive(Clone)]
pub struct Boot {
    /// The ZAF client (`iframe.html` started its handshake before the wasm was ready).
    pub client: ZafClient,
    /// The API every screen will use.
    pub api: Api,
    early: Rc<Early>,
}

impl PartialEq for Boot {
    fn eq(&self, other: &Self) -> bool {
        self.client == other.client && self.api == other.api
    }
}

impl Boot {
    /// The boot of `client`: the API over it, and the calls `iframe.html` sent taken over.
    pub fn new(client: ZafClient) -> Boot {
        let early = Early::new(Rc::new(ZafTransport::new(client.clone())));
        let api = Api::new(early.clone());
        // What iframe.html sent before the wasm was ready (its list comes from xtask dist).
        client.adopt_page_calls(|url, at, promise| {
            let answer = crate::http::zaf::settle(promise, crate::http::zaf::REQUEST_TIMEOUT);
            early.adopt(Request::get(url), at, answer);
        });
        Boot { client, api, early }
    }

    /// Sends `request` now: the first screen that sends an equal request (within
    /// [`crate::http::early::MAX_AGE_MS`]) gets this answer instead of asking again.
    pub fn send_now(&self, request: Request) {
        self.early.send_now(request);
    }
}

/// Starts an app on `<body>`: the panic screen, ZAF, the app's `early` requests, then `view`
/// for the started session. Each app's `#[wasm_bindgen(start)]` calls this with its own.
pub fn run(view: fn(&Started) -> Html, early: fn(&Boot)) {
    yew::set_custom_panic_hook(Box::new(on_panic));
    let boot = ZafClient::init().map(Boot::new);
    if let Ok(boot) = &boot {
        early(boot);
    }
    yew::Renderer::<App>::with_props(AppProps {
        boot,
        view: Callback::from(move |started: Rc<Started>| view(&started)),
    })
    .render();
}

/// A panic stops the wasm for good (`panic = "abort"`): log it, and replace whatever was on
/// screen (perhaps a spinner) with a plain statement, so nobody waits on a dead app.
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    console_error_panic_hook::hook(info);
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-state", "crashed");
        // No translation lookup here: nothing may run that could panic again.
        body.set_text_content(Some(
            "deskset stopped because of an internal error. Reload the page to start it again.",
        ));
    }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The ZAF client and the API over it, or why there is none.
    pub boot: Result<Boot, NoClient>,
    /// The app's view of a started session.
    pub view: Callback<Rc<Started>, Html>,
}

/// The app.
#[component]
pub fn App(props: &AppProps) -> Html {
    match &props.boot {
        Ok(boot) => html! { <ZafRoot boot={boot.clone()} view={props.view.clone()} /> },
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
        started: Rc<Started>,
        i18n: Rc<Translator>,
    },
    Failed(String),
}

async fn start(boot: Boot) -> Result<(Started, Translator), ZafError> {
    let Boot { client, api, .. } = boot;
    // English is every locale's fallback: fetch it while ZAF answers.
    let (context, user, metadata, english) = futures::join!(
        client.context(),
        client.current_user(),
        client.metadata(),
        fetch_english()
    );
    let (context, user) = (context?, user?);
    let i18n = load(user.locale().unwrap_or("en"), english).await;
    // Without metadata only what needs the installation is lost: not a reason to stop.
    let metadata = metadata.unwrap_or_default();
    let session = Session {
        api,
        user,
        subdomain: context.subdomain().to_string(),
        installation_id: metadata.installation_id(),
        settings: Rc::new(metadata.settings().cloned().unwrap_or_default()),
    };
    let started = Started {
        session: Rc::new(session),
        location: Location::parse(context.location()),
        client,
    };
    Ok((started, i18n))
}

#[derive(Properties, PartialEq)]
struct ZafRootProps {
    boot: Boot,
    view: Callback<Rc<Started>, Html>,
}

#[component]
fn ZafRoot(props: &ZafRootProps) -> Html {
    let state = use_state(|| Start::Starting);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        let boot = props.boot.clone();
        use_effect_with(*attempt, move |_| {
            state.set(Start::Starting);
            spawn_local(async move {
                state.set(match start(boot).await {
                    Ok((started, i18n)) => Start::Ready {
                        started: Rc::new(started),
                        i18n: Rc::new(i18n),
                    },
                    Err(e) => Start::Failed(e.to_string()),
                });
            });
        });
    }
    let root = use_node_ref();
    use_auto_resize(props.boot.client.clone(), root.clone());

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
        Start::Ready { started, i18n } => html! {
            <ContextProvider<Rc<Translator>> context={i18n.clone()}>
                <ContextProvider<Rc<Session>> context={started.session.clone()}>
                    { props.view.emit(started.clone()) }
                </ContextProvider<Rc<Session>>>
            </ContextProvider<Rc<Translator>>>
        },
    };
    // `data-location` says the app started and which root view it chose (tests wait on it).
    let started = match &*state {
        Start::Ready { started, .. } => Some(started.location.name()),
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
