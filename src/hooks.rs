//! Hooks shared by the views.

use deskset_domain::http::HttpError;
use std::future::Future;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The state of something loaded from an API.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    /// Waiting for the answer.
    Loading,
    /// Loaded.
    Ready(T),
    /// The call failed.
    Failed(HttpError),
}

/// Runs `load` when the component mounts and again each time the returned callback is called
/// (a "Try again" button). The state starts as [`Load::Loading`].
#[hook]
pub fn use_load<T, F, Fut>(load: F) -> (UseStateHandle<Load<T>>, Callback<()>)
where
    T: 'static,
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = Result<T, HttpError>> + 'static,
{
    let state = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    // The latest attempt asked for: kept outside the render, so callbacks made by older renders
    // (e.g. emitted after an async save) still count up, and older answers are dropped.
    let latest = use_mut_ref(|| 0u32);
    {
        let (state, latest) = (state.clone(), latest.clone());
        use_effect_with(*attempt, move |attempt| {
            let mine = *attempt;
            state.set(Load::Loading);
            let future = load();
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
    let retry = Callback::from(move |()| {
        let next = {
            let mut n = latest.borrow_mut();
            *n += 1;
            *n
        };
        attempt.set(next);
    });
    (state, retry)
}

/// [`use_load`], but while it loads again after a first answer it keeps returning that answer
/// (screens that write and then read again stay on screen, with what they said).
#[hook]
pub fn use_load_keeping<T, F, Fut>(load: F) -> (Load<T>, Callback<()>)
where
    T: Clone + 'static,
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = Result<T, HttpError>> + 'static,
{
    let (state, reload) = use_load(load);
    let last = use_mut_ref(|| None::<T>);
    if let Load::Ready(value) = &*state {
        *last.borrow_mut() = Some(value.clone());
    }
    let shown = match (&*state, last.borrow().clone()) {
        (Load::Loading, Some(previous)) => Load::Ready(previous),
        (other, _) => other.clone(),
    };
    (shown, reload)
}
