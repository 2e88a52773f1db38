//! Translation lookup for the views. The strings are `static/translations/*.json`, compiled in:
//! Zendesk serves only the app's `assets/` folder to the iframe, so the app cannot fetch the
//! `translations/` folder Zendesk itself reads.

use deskset_domain::http::HttpError;
use deskset_domain::i18n::{negotiate, Catalog, Translator};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::prelude::*;

const EN: &str = include_str!("../../static/translations/en.json");
const FR: &str = include_str!("../../static/translations/fr.json");
const NL: &str = include_str!("../../static/translations/nl.json");
const ZH_CN: &str = include_str!("../../static/translations/zh-cn.json");

fn catalog(locale: &str) -> Catalog {
    let text = match locale {
        "fr" => FR,
        "nl" => NL,
        "zh-cn" => ZH_CN,
        _ => EN,
    };
    // The files are checked by the domain's tests; a broken one degrades to English, not a crash.
    Catalog::from_json(text).unwrap_or_default()
}

/// The translator for a Zendesk user locale (`en-US`, `fr`, ...), English as the fallback.
pub fn translator_for(user_locale: &str) -> Translator {
    let locale = negotiate(user_locale);
    Translator::new(locale, catalog(locale), catalog("en"))
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
    use_context::<Rc<Translator>>().unwrap_or_else(|| Rc::new(translator_for("en")))
}

/// An error in the person's words, and Zendesk's own words about it when it gave any.
pub fn describe_error(t: &Translator, error: &HttpError) -> (String, Option<String>) {
    let detail = error
        .detail()
        .map(|m| t.t_with("common.zendesk_says", &[("message", m)]));
    (t.t(error.i18n_key()), detail)
}

/// "3 days ago", in the translator's locale, for an ISO 8601 timestamp; the timestamp itself
/// when the browser cannot read it.
pub fn relative_time(t: &Translator, iso: &str) -> String {
    let then = js_sys::Date::parse(iso);
    if then.is_nan() {
        return iso.to_string();
    }
    let (value, unit) = deskset_domain::time::relative(then, js_sys::Date::now());
    let locales = js_sys::Array::of1(&t.locale().into());
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
    js_sys::Intl::RelativeTimeFormat::new(&locales, &options)
        .format(value as f64, unit.as_str())
        .into()
}

/// A timestamp as a full local date and time, for tooltips.
pub fn full_date(t: &Translator, iso: &str) -> String {
    let then = js_sys::Date::parse(iso);
    if then.is_nan() {
        return iso.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    js_sys::Date::new(&then.into())
        .to_locale_string(t.locale(), &options)
        .into()
}

/// Compares two strings as a reader of the translator's language expects (`Intl.Collator`:
/// accents and case set aside, numbers in numeric order).
pub fn collate(t: &Translator) -> impl Fn(&str, &str) -> std::cmp::Ordering {
    let locales = js_sys::Array::of1(&t.locale().into());
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"sensitivity".into(), &"base".into());
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &true.into());
    let compare = js_sys::Intl::Collator::new(&locales, &options).compare();
    move |a: &str, b: &str| {
        let order = compare
            .call2(&JsValue::NULL, &a.into(), &b.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        order.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal)
    }
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
