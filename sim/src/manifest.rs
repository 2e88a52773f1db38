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
}

#[derive(Clone, Debug, Deserialize)]
pub struct Parameter {
    pub name: String,
    #[serde(default)]
    pub secure: bool,
}

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

    pub fn is_secure(&self, name: &str) -> bool {
        self.parameters.iter().any(|p| p.secure && p.name == name)
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
}
