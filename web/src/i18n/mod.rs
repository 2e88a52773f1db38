//! Translation lookup for the views. The strings are `static/translations/*.json`. The wasm
//! carries only the boot strings (`ui.app` and `ui.common` of en.json, extracted by build.rs:
//! what shows before or without the files); at start the app fetches English, and the user's
//! locale when it is another, from its own `assets/i18n/` (xtask dist copies the files there:
//! Zendesk serves only `assets/` to the iframe, not the `translations/` folder it reads itself).

use deskset_domain::http::Explain;
use deskset_domain::i18n::{negotiate, Catalog, Translator};
use std::cell::OnceCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsValue;
use yew::prelude::*;

const BOOT: &str = include_str!(concat!(env!("OUT_DIR"), "/boot_en.json"));

/// How long a translation file may take before deskset goes on without it.
const FETCH_LIMIT: Duration = Duration::from_secs(5);

/// The boot strings (English).
pub fn boot_catalog() -> Catalog {
    // Made by build.rs from en.json, which the domain's tests check.
    Catalog::from_json(BOOT).unwrap_or_default()
}

/// A translator with only the boot strings.
pub fn boot() -> Translator {
    Translator::new("en", boot_catalog(), boot_catalog())
}

/// English, fetched: start it as early as possible, it is every locale's fallback.
pub async fn fetch_english() -> Option<Catalog> {
    fetch_catalog("en").await
}

/// The translator for a Zendesk user locale (`en-US`, `fr`, ...), given the English strings
/// fetched already (`None` if they could not be): the user's locale when deskset ships it,
/// English for the rest, the boot strings if even English did not load.
pub async fn load(user_locale: &str, english: Option<Catalog>) -> Translator {
    let english = english.unwrap_or_else(boot_catalog);
    let locale = negotiate(user_locale);
    if locale == "en" {
        return Translator::new("en", english.clone(), english);
    }
    match fetch_catalog(locale).await {
        Some(own) => Translator::new(locale, own, english),
        None => Translator::new("en", english.clone(), english),
    }
}

/// One locale's file from `assets/i18n/`, or `None` after [`FETCH_LIMIT`] or any failure: a
/// stalled fetch must not hold the app on its loading screen.
async fn fetch_catalog(locale: &str) -> Option<Catalog> {
    use futures::future::{select, Either};
    let fetch = fetch_text(format!("i18n/{locale}.json"));
    let limit = yew::platform::time::sleep(FETCH_LIMIT);
    futures::pin_mut!(fetch, limit);
    match select(fetch, limit).await {
        Either::Left((Some(text), _)) => Catalog::from_json(&text).ok(),
        _ => None,
    }
}

async fn fetch_text(url: String) -> Option<String> {
    // Relative to iframe.html, so it works wherever Zendesk (or zcli, or the simulator) serves
    // assets/.
    let response = gloo_net::http::Request::get(&url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}

/// The browser's language, for the one screen shown before ZAF says who the user is.
pub fn browser_locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".to_string())
}

/// The translator of the current screen.
#[hook]
pub fn use_i18n() -> Rc<Translator> {
    use_context::<Rc<Translator>>().unwrap_or_else(|| Rc::new(boot()))
}

/// An error in the person's words, and Zendesk's own words about it when it gave any.
pub fn describe_error(t: &Translator, error: &impl Explain) -> (String, Option<String>) {
    let detail = error
        .detail()
        .map(|m| t.t_with("common.zendesk_says", &[("message", m)]));
    (t.t(error.i18n_key()), detail)
}

/// The browser's formatters for one locale, each built on first use and kept while the locale
/// stays: a screen of 197 roles formats 394 dates, and building an `Intl` object costs far more
/// than using one (the first one also loads the locale's data: about 20 ms). Nothing is built
/// that the screen does not use.
struct Formats {
    locale: String,
    /// `Intl.RelativeTimeFormat` with `numeric: "auto"` ("yesterday", "3 days ago").
    relative: OnceCell<js_sys::Intl::RelativeTimeFormat>,
    /// `Intl.DateTimeFormat(...).format`, long date and short time.
    date: OnceCell<js_sys::Function>,
    /// `Intl.Collator(...).compare`: accents and case set aside, numbers in numeric order.
    compare: OnceCell<js_sys::Function>,
    /// `Intl.NumberFormat(...).format`.
    number: OnceCell<js_sys::Function>,
}

/// A fresh options object with `pairs`.
fn options(pairs: &[(&str, JsValue)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&options, &(*key).into(), value);
    }
    options
}

impl Formats {
    fn new(locale: &str) -> Formats {
        Formats {
            locale: locale.to_string(),
            relative: OnceCell::new(),
            date: OnceCell::new(),
            compare: OnceCell::new(),
            number: OnceCell::new(),
        }
    }

    fn locales(&self) -> js_sys::Array {
        js_sys::Array::of1(&self.locale.as_str().into())
    }

    fn relative(&self) -> &js_sys::Intl::RelativeTimeFormat {
        self.relative.get_or_init(|| {
            js_sys::Intl::RelativeTimeFormat::new(
                &self.locales(),
                &options(&[("numeric", "auto".into())]),
            )
        })
    }

    fn date(&self) -> &js_sys::Function {
        self.date.get_or_init(|| {
            js_sys::Intl::DateTimeFormat::new(
                &self.locales(),
                &options(&[("dateStyle", "long".into()), ("timeStyle", "short".into())]),
            )
            .format()
        })
    }

    fn compare(&self) -> &js_sys::Function {
        self.compare.get_or_init(|| {
            js_sys::Intl::Collator::new(
                &self.locales(),
                &options(&[("sensitivity", "base".into()), ("numeric", true.into())]),
            )
            .compare()
        })
    }

    fn number(&self) -> &js_sys::Function {
        self.number.get_or_init(|| {
            js_sys::Intl::NumberFormat::new(&self.locales(), &js_sys::Object::new()).format()
        })
    }
}

thread_local! {
    /// The formatters of the last locale asked for (one app shows one locale at a time).
    static FORMATS: std::cell::RefCell<Option<Rc<Formats>>> = const { std::cell::RefCell::new(None) };
}

/// The formatters for the translator's locale, built on first use.
fn formats(t: &Translator) -> Rc<Formats> {
    FORMATS.with(|cell| {
        let mut cell = cell.borrow_mut();
        match &*cell {
            Some(f) if f.locale == t.locale() => f.clone(),
            _ => {
                let f = Rc::new(Formats::new(t.locale()));
                *cell = Some(f.clone());
                f
            }
        }
    })
}

/// Builds the date formatters now, while a screen waits for its data, so that the rows render
/// without building them when the data arrives (the first `Intl` object of a kind loads the
/// locale's data for it: tens of ms in a fresh frame).
pub fn prepare_dates(t: &Translator) {
    let formats = formats(t);
    formats.relative();
    formats.date();
}

/// "3 days ago", in the translator's locale, for an ISO 8601 timestamp; the timestamp itself
/// when the browser cannot read it.
pub fn relative_time(t: &Translator, iso: &str) -> String {
    let then = js_sys::Date::parse(iso);
    if then.is_nan() {
        return iso.to_string();
    }
    let (value, unit) = deskset_domain::time::relative(then, js_sys::Date::now());
    formats(t)
        .relative()
        .format(value as f64, unit.as_str())
        .into()
}

/// A timestamp as a full local date and time, for tooltips.
pub fn full_date(t: &Translator, iso: &str) -> String {
    let then = js_sys::Date::parse(iso);
    if then.is_nan() {
        return iso.to_string();
    }
    formats(t)
        .date()
        .call1(&JsValue::NULL, &then.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| iso.to_string())
}

/// The order a reader of the translator's language expects (`Intl.Collator`: accents and case
/// set aside, numbers in numeric order). Its keys are the names as JS strings, made once each.
#[derive(Clone)]
pub struct Collator {
    compare: js_sys::Function,
}

impl deskset_domain::i18n::Collation for Collator {
    type Key = JsValue;
    fn key(&self, name: &str) -> JsValue {
        JsValue::from_str(name)
    }
    fn compare(&self, a: &JsValue, b: &JsValue) -> std::cmp::Ordering {
        let order = self
            .compare
            .call2(&JsValue::NULL, a, b)
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        order.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal)
    }
}

/// The translator's language's collator.
pub fn collate(t: &Translator) -> Collator {
    Collator {
        compare: formats(t).compare().clone(),
    }
}

/// A count as the translator's language writes it ("2,000", "2 000", "2.000"): the browser's
/// `Intl.NumberFormat`, so no number formatting is compiled in.
pub fn count(t: &Translator, n: usize) -> String {
    formats(t)
        .number()
        .call1(&JsValue::NULL, &(n as f64).into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// Lower-cases text in the translator's language (the browser's own Unicode tables).
pub fn fold(t: &Translator) -> impl Fn(&str) -> String {
    let locale = t.locale().to_string();
    move |s: &str| {
        js_sys::JsString::from(s)
            .to_locale_lower_case(Some(&locale))
            .into()
    }
}
