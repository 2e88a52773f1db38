//! Files a person picks (an import), read by the browser.

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
