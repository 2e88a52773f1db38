//! What the simulator reads from the app's `manifest.json`: the proxy's domainWhitelist and which
//! parameters are secure, plus the name and version ZAF metadata reports.

use std::path::Path;

use serde::Deserialize;

#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub name: String,
    pub version: String,
    pub domain_whitelist: Vec<String>,
    pub parameters: Vec<Parameter>,
    /// The Support locations the app declares (`location.support`'s keys): Zendesk opens the
    /// app only there.
    pub locations: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Parameter {
    pub name: String,
    #[serde(default)]
    pub secure: bool,
    /// Where the proxy may put a secure value (zaf.md): any of `header`, `body`, `url`,
    /// `jwt_secret_key`, `jwt_claim`, `basic_auth_username`, `basic_auth_password`. `None` when the
    /// manifest leaves it out; see [`Manifest::secure_scopes`].
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
}

/// Every scope zaf.md lists for a secure parameter.
pub const SCOPES: [&str; 7] = [
    "header",
    "body",
    "url",
    "jwt_secret_key",
    "jwt_claim",
    "basic_auth_username",
    "basic_auth_password",
];

/// What a secure parameter without `scopes` may be used for. zaf.md only says the validator warns
/// about such a parameter; the Authorization header is what secure settings have always been for, so
/// the simulator takes the narrowest reading that keeps that working: header only.
pub const DEFAULT_SCOPES: [&str; 1] = ["header"];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    domain_whitelist: Vec<String>,
    #[serde(default)]
    parameters: Vec<Parameter>,
    #[serde(default)]
    location: serde_json::Value,
}

impl Manifest {
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let raw: Raw = serde_json::from_str(text).map_err(|e| format!("manifest.json: {e}"))?;
        Ok(Manifest {
            name: raw.name.unwrap_or_else(|| "deskset".to_owned()),
            version: raw.version.unwrap_or_else(|| "0.0.0".to_owned()),
            domain_whitelist: raw
                .domain_whitelist
                .into_iter()
                .map(|d| d.to_ascii_lowercase())
                .collect(),
            parameters: raw.parameters,
            locations: raw
                .location
                .get("support")
                .and_then(serde_json::Value::as_object)
                .map(|support| support.keys().cloned().collect())
                .unwrap_or_default(),
        })
    }

    /// Reads `<dist>/manifest.json`. A missing file is not fatal: the simulator still serves the
    /// control API, and the proxy then refuses every absolute URL (an empty whitelist).
    pub fn load(dist: &Path) -> Result<Manifest, String> {
        let path = dist.join("manifest.json");
        match std::fs::read_to_string(&path) {
            Ok(text) => Manifest::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Whether the app declares the Support location `location`.
    pub fn has_location(&self, location: &str) -> bool {
        self.locations.iter().any(|l| l == location)
    }

    pub fn is_secure(&self, name: &str) -> bool {
        self.parameters.iter().any(|p| p.secure && p.name == name)
    }

    /// The scopes of secure parameter `name` (`None` when there is no such secure parameter). A
    /// missing or empty `scopes` counts as [`DEFAULT_SCOPES`].
    pub fn secure_scopes(&self, name: &str) -> Option<Vec<String>> {
        let param = self
            .parameters
            .iter()
            .find(|p| p.secure && p.name == name)?;
        Some(match &param.scopes {
            Some(scopes) if !scopes.is_empty() => scopes.clone(),
            _ => DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
        })
    }

    /// Whether the manifest gave secure parameter `name` its own `scopes`.
    pub fn has_explicit_scopes(&self, name: &str) -> bool {
        self.parameters
            .iter()
            .any(|p| p.secure && p.name == name && p.scopes.as_ref().is_some_and(|s| !s.is_empty()))
    }

    /// A host is allowed when it equals an entry or is a subdomain of it (`*.x` entries count as `x`).
    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.domain_whitelist.iter().any(|entry| {
            let entry = entry.strip_prefix("*.").unwrap_or(entry);
            !entry.is_empty()
                && (host == entry
                    || host
                        .strip_suffix(entry)
                        .is_some_and(|prefix| prefix.ends_with('.')))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitelist_matches_subdomains_only() {
        let m = Manifest::parse(r#"{"domainWhitelist": ["zendesk.com", "*.autotask.net"]}"#)
            .unwrap_or_default();
        assert!(m.allows_host("zendesk.com"));
        assert!(m.allows_host("globex.zendesk.com"));
        assert!(m.allows_host("webservices2.autotask.net"));
        assert!(!m.allows_host("evilzendesk.com"));
        assert!(!m.allows_host("zendesk.com.evil.example"));
    }

    #[test]
    fn secure_scopes_default_to_header_only() {
        let m = Manifest::parse(
            r#"{"parameters": [
                {"name": "a", "secure": true, "scopes": ["body", "url"]},
                {"name": "b", "secure": true},
                {"name": "c", "secure": true, "scopes": []},
                {"name": "d", "scopes": ["header"]}
            ]}"#,
        )
        .unwrap_or_default();
        assert_eq!(
            m.secure_scopes("a"),
            Some(vec!["body".into(), "url".into()])
        );
        assert_eq!(m.secure_scopes("b"), Some(vec!["header".into()]));
        assert_eq!(m.secure_scopes("c"), Some(vec!["header".into()]));
        assert_eq!(m.secure_scopes("d"), None);
        assert!(m.has_explicit_scopes("a") && !m.has_explicit_scopes("b"));
    }
}
