use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    /// Accessible name of the tab list.
    pub label: AttrValue,
    /// `(id, label)` of each tab, in order.
    pub tabs: Vec<(AttrValue, AttrValue)>,
    /// The selected tab's id.
    pub selected: AttrValue,
    pub on_select: Callback<AttrValue>,
    /// The selected tab's content.
    pub children: Html,
}

/// Garden tabs with the WAI-ARIA tabs pattern: arrow keys, Home and End move between tabs.
#[component]
pub fn Tabs(props: &TabsProps) -> Html {
    let index = props
        .tabs
        .iter()
        .position(|(id, _)| *id == props.selected)
        .unwrap_or(0);
    let count = props.tabs.len();
    let onkeydown = {
        let tabs = props.tabs.clone();
        let on_select = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if count == 0 {
                return;
            }
            let next = match e.key().as_str() {
                "ArrowRight" => (index + 1) % count,
                "ArrowLeft" => (index + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            e.prevent_default();
            if let Some((id, _)) = tabs.get(next) {
                on_select.emit(id.clone());
                focus_tab(id);
            }
        })
    };
    html! {
        <div class="c-tab">
            <div class="c-tab__list" role="tablist" aria-label={props.label.clone()} {onkeydown}>
                { for props.tabs.iter().map(|(id, label)| {
                    let selected = *id == props.selected;
                    let on_select = props.on_select.clone();
                    let this = id.clone();
                    html! {
                        <button type="button" role="tab" id={format!("tab-{id}")}
                            class={classes!("c-tab__list__item", selected.then_some("is-selected"))}
                            aria-selected={selected.to_string()}
                            aria-controls={format!("panel-{id}")}
                            tabindex={if selected { "0" } else { "-1" }}
                            onclick={Callback::from(move |_| on_select.emit(this.clone()))}>
                            { label.clone() }
                        </button>
                    }
                }) }
            </div>
            <div class="c-tab__panel" role="tabpanel" id={format!("panel-{}", props.selected)}
                aria-labelledby={format!("tab-{}", props.selected)}>
                { props.children.clone() }
            </div>
        </div>
    }
}

fn focus_tab(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tab-{id}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
