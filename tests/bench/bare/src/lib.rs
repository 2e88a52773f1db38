//! A bare Yew app: one `#[component]` rendering a heading, built by `cargo xtask bench` with the
//! apps' release profile and pipeline (wasm-bindgen, wasm-opt, esbuild) so that the bench can say
//! how much of each app's wasm is Yew's and how much is deskset's own.

use wasm_bindgen::prelude::wasm_bindgen;
use yew::prelude::*;

#[component]
fn Bare() -> Html {
    html! { <h1>{ "Hello from Yew" }</h1> }
}

#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<Bare>::new().render();
}
