//! The hooks screens are built from. A screen's state is a reducer ([`use_screen`]) over its
//! `Action` enum (the state and its rules live in `deskset_domain::screens`); loads and writes
//! are edge functions whose typed results become actions ([`use_load`], [`use_action`]). Views
//! never spawn work themselves.

use deskset_domain::screens::Reduce;
use std::future::Future;
use std::ops::Deref;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// A screen's state held by Yew's reducer: the domain's [`Reduce`] state in a wrapper Yew can
/// own (the state type lives in another crate).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Screen<S>(pub S);

impl<S> Deref for Screen<S> {
    type Target = S;
    fn deref(&self) -> &S {
        &self.0
    }
}

impl<S: Reduce + Clone> Reducible for Screen<S> {
    type Action = S::Action;
    fn reduce(self: Rc<Self>, action: S::Action) -> Rc<Self> {
        Rc::new(Screen(self.0.clone().reduce(action)))
    }
}

/// A screen's state: `use_screen(State::default)`.
#[hook]
pub fn use_screen<S, F>(init: F) -> UseReducerHandle<Screen<S>>
where
    S: Reduce + Clone + 'static,
    F: FnOnce() -> S,
{
    use_reducer(move || Screen(init()))
}

/// The state of something loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T, E> {
    /// Waiting for the answer.
    Loading,
    /// Loaded.
    Ready(T),
    /// The load failed.
    Failed(E),
    /// Loading again after an answer failed (only with `keep`): the last answer stays on screen,
    /// with what the new load met, so nothing on the screen (what a person typed) is lost.
    Stale(T, E),
}

/// Runs `load` when the component mounts, again each time `deps` change, and each time the
/// returned callback is called ("Try again"). Only the latest attempt's answer is shown: an
/// older one arriving late is dropped. With `keep`, loading again after an answer for the same
/// `deps` keeps that answer on screen (screens that write and read again do not flash), and a
/// failure then is [`Load::Stale`] rather than an error in its place.
#[hook]
pub fn use_load<T, E, D, F, Fut>(deps: D, keep: bool, load: F) -> (Load<T, E>, Callback<()>)
where
    T: Clone + 'static,
    E: Clone + 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    let state = use_state(|| Load::Loading);
    // The last answer and the deps it was for.
    let last = use_mut_ref(|| None::<(D, T)>);
    // Counted outside the render, so callbacks made by older renders still count up.
    let latest = use_mut_ref(|| 0u32);
    let attempt = use_state(|| 0u32);
    {
        let (state, latest) = (state.clone(), latest.clone());
        use_effect_with((deps.clone(), *attempt), move |(deps, _)| {
            let mine = {
                let mut n = latest.borrow_mut();
                *n += 1;
                *n
            };
            state.set(Load::Loading);
            let future = load(deps.clone());
            spawn_local(async move {
                let result = future.await;
                if *latest.borrow() == mine {
                    state.set(match result {
                        Ok(value) => Load::Ready(value),
                        Err(error) => Load::Failed(error),
                    });
                }
            });
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    if let Load::Ready(value) = &*state {
        *last.borrow_mut() = Some((deps.clone(), value.clone()));
    }
    let previous = last
        .borrow()
        .as_ref()
        .filter(|(for_deps, _)| keep && *for_deps == deps)
        .map(|(_, value)| value.clone());
    let shown = match (&*state, previous) {
        (Load::Loading, Some(previous)) => Load::Ready(previous),
        (Load::Failed(e), Some(previous)) => Load::Stale(previous, e.clone()),
        (other, _) => other.clone(),
    };
    (shown, retry)
}

/// An action's edge function, as the latest render gave it.
type Act<I, Fut> = Rc<dyn Fn(I) -> Fut>;

/// This app's settings, read fresh from its installation when the screen mounts and on each call
/// of the returned callback (after a write), kept on screen while they are read again.
#[hook]
pub fn use_settings() -> (
    Load<Rc<crate::store::Settings>, crate::store::StoreError>,
    Callback<()>,
) {
    use crate::store::SettingsStore;
    let session = crate::session::use_session();
    use_load(session, true, |s| async move {
        s.store().read().await.map(Rc::new)
    })
}

/// A write (or any action a person starts) and what came of it.
pub struct ActionHandle<I, E> {
    /// Starts the action; ignored while one is in flight (a double click sends once).
    pub run: Callback<I>,
    /// Whether one is in flight.
    pub busy: bool,
    /// The last run's error, until the next run.
    pub error: Option<E>,
}

/// An action whose edge function `act` runs one at a time: a run while one is in flight is
/// ignored (whatever render the click comes from), `busy` says one is running, and the last
/// error is kept. `done` gets each success. `act` is the latest render's, so it sees the
/// latest props.
#[hook]
pub fn use_action<I, T, E, F, Fut>(act: F, done: Callback<T>) -> ActionHandle<I, E>
where
    I: 'static,
    T: 'static,
    E: Clone + 'static,
    F: Fn(I) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    let busy = use_state(|| false);
    let error = use_state(|| None::<E>);
    let in_flight = use_mut_ref(|| false);
    let latest = use_mut_ref(|| None::<Act<I, Fut>>);
    *latest.borrow_mut() = Some(Rc::new(act));
    let run = {
        let (busy, error) = (busy.clone(), error.clone());
        Callback::from(move |input: I| {
            if std::mem::replace(&mut *in_flight.borrow_mut(), true) {
                return;
            }
            let Some(act) = latest.borrow().clone() else {
                *in_flight.borrow_mut() = false;
                return;
            };
            busy.set(true);
            error.set(None);
            let future = act(input);
            let (busy, error, done, in_flight) =
                (busy.clone(), error.clone(), done.clone(), in_flight.clone());
            spawn_local(async move {
                let result = future.await;
                *in_flight.borrow_mut() = false;
                busy.set(false);
                match result {
                    Ok(value) => done.emit(value),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    ActionHandle {
        run,
        busy: *busy,
        error: (*error).clone(),
    }
}

/// Runs `future` (an edge function's call, a file read) and hands what it gives to `then`.
pub fn later<T: 'static>(future: impl Future<Output = T> + 'static, then: Callback<T>) {
    spawn_local(async move { then.emit(future.await) });
}
