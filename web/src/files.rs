//! Files: those a person picks (an import), read by the browser, and those deskset offers to
//! download (an export, a backup).

use wasm_bindgen_futures::JsFuture;

/// The first file picked in `input`, if any.
pub fn picked(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    input.files().and_then(|f| f.get(0))
}

/// A file's text (empty when the browser cannot read it: the import then says what is wrong).
pub async fn text(file: web_sys::File) -> String {
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A JSON text as a `data:` URL, for a link that downloads it.
pub fn data_url(json: &str) -> String {
    format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(json))
    )
}

/// A name as a download file name: letters, digits and dashes (`fallback` when nothing is left).
pub fn file_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let trimmed = cleaned.trim_matches('-');
    if trimmed.is_empty() {
        fallback.into()
    } else {
        trimmed.to_string()
    }
}
