//! `cargo xtask bench` runs this (release): the deploy plan's time for a 300-component
//! configuration against a 2,000-item inventory on each side, and the floor it is measured
//! against in the same run, what any plan must at least do: one pass over both inventories
//! indexing every item by its folded name, then the write shapes of the components' items on
//! both sides. Prints one JSON object: medians of `runs` samples (ms).

use deskset_domain::deploy::{plan, types, write, Component, Inventory, Item};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Instant;

fn item(v: Value) -> Item {
    v.as_object().cloned().unwrap_or_default()
}

/// An account of `n` items spread over the types, ids from `base`; rules reference groups and
/// fields of the same account.
fn account(base: u64, n: usize, suffix: &str) -> Inventory {
    let mut inv = Inventory::default();
    let per = n / types::TYPES.len();
    for (t, spec) in types::TYPES.iter().enumerate() {
        let items = (0..per)
            .map(|i| {
                let id = base + (t * 10_000 + i) as u64;
                let group = base + (i % per) as u64;
                let field = base + (20_000 + i % per) as u64;
                let name = format!("{} {i}{suffix}", spec.key);
                match spec.key {
                    "groups" => item(json!({"id": id, "name": name, "description": "d", "is_public": true})),
                    "trigger_categories" => item(json!({"id": id.to_string(), "name": name})),
                    "ticket_fields" => item(json!({"id": id, "type": "tagger", "title": name, "raw_title": name,
                        "custom_field_options": [{"name": "A", "value": format!("a{i}")}, {"name": "B", "value": format!("b{i}")}]})),
                    "custom_roles" => item(json!({"id": id, "name": name, "configuration": {"ticket_access": "all", "ticket_merge": i % 2 == 0}})),
                    "triggers" => item(json!({"id": id, "title": name, "category_id": (base + 10_000 + (i % per) as u64).to_string(),
                        "conditions": {"all": [{"field": format!("custom_fields_{field}"), "operator": "is", "value": "a"}], "any": []},
                        "actions": [{"field": "group_id", "value": group.to_string()}]})),
                    "views" => item(json!({"id": id, "title": name, "conditions": {"all": [{"field": "group_id", "operator": "is", "value": group.to_string()}], "any": []},
                        "execution": {"columns": ["subject", field]}})),
                    "user_fields" | "organization_fields" => item(json!({"id": id, "key": format!("key_{i}"), "type": "dropdown",
                        "title": name, "raw_title": name, "custom_field_options": [{"id": id, "name": "A", "value": format!("{}_a{i}", spec.key)}]})),
                    "automations" => item(json!({"id": id, "title": name,
                        "conditions": {"all": [{"field": "status", "operator": "is", "value": "solved"},
                                               {"field": "SOLVED", "operator": "greater_than", "value": "96"},
                                               {"field": "group_id", "operator": "is", "value": group.to_string()}], "any": []},
                        "actions": [{"field": "status", "value": "closed"}]})),
                    "ticket_forms" => item(json!({"id": id, "name": name, "raw_name": name, "active": true,
                        "ticket_field_ids": [field], "agent_conditions": [], "end_user_conditions": []})),
                    "sla_policies" => item(json!({"id": id, "title": name,
                        "filter": {"all": [{"field": "group_id", "operator": "is", "value": group.to_string()}], "any": []},
                        "policy_metrics": [{"priority": "urgent", "metric": "first_reply_time", "target": 30, "business_hours": false}]})),
                    "dynamic_content" => item(json!({"id": id, "name": name, "placeholder": format!("{{{{dc.dc_{i}{}}}}}", suffix.replace(' ', "_")),
                        "default_locale_id": 1,
                        "variants": [{"id": id, "locale_id": 1, "content": format!("Text {i}"), "active": true, "default": true}]})),
                    "schedules" => item(json!({"id": id, "name": name, "time_zone": "Amsterdam",
                        "intervals": [{"start_time": 1980, "end_time": 2460}, {"start_time": 3420, "end_time": 3900}]})),
                    _ => item(json!({"id": id, "title": name, "actions": [{"field": "group_id", "value": group.to_string()}]})),
                }
            })
            .collect();
        inv.items.insert(spec.key.to_string(), items);
    }
    inv
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let source = account(1_000_000, 2_000, "");
    // The target has half of the source's names (updates and unchanged) and others of its own.
    let mut target = account(5_000_000, 2_000, "");
    for items in target.items.values_mut() {
        for (i, it) in items.iter_mut().enumerate() {
            if i % 2 == 1 {
                for key in ["name", "title", "raw_title"] {
                    if let Some(Value::String(s)) = it.get_mut(key) {
                        s.push_str(" (acme)");
                    }
                }
            }
        }
    }
    let per_type = 300 / types::TYPES.len();
    let components: Vec<Component> = types::TYPES
        .iter()
        .flat_map(|spec| {
            (0..per_type).map(move |i| Component {
                kind: spec.key.to_string(),
                name: format!("{} {i}", spec.key),
            })
        })
        .collect();
    let fold = |s: &str| s.to_lowercase();
    let (mut plan_ms, mut floor_ms) = (Vec::new(), Vec::new());
    let mut steps = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let mut n = 0;
        for inv in [&source, &target] {
            // Every item indexed by its folded name ...
            let mut index: HashMap<(&str, String), &Item> = HashMap::new();
            for (key, items) in &inv.items {
                if let Some(spec) = types::spec(key) {
                    for i in items {
                        let name = i
                            .get(spec.name_field)
                            .and_then(Value::as_str)
                            .unwrap_or_default();
                        index.insert((spec.key, fold(name.trim())), i);
                    }
                }
            }
            // ... and the components' items in write shape.
            for c in &components {
                if let (Some(spec), Some(i)) = (
                    types::spec(&c.kind),
                    index.get(&(c.kind.as_str(), fold(c.name.trim()))),
                ) {
                    n += write::shape(spec, i).len();
                }
            }
        }
        std::hint::black_box(n);
        floor_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        let p = plan(&components, &source, &target, &fold);
        plan_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        steps = p.steps.len();
    }
    let (plan, floor) = (median(plan_ms.clone()), median(floor_ms.clone()));
    println!(
        "{}",
        json!({
            "components": components.len(),
            "steps": steps,
            "inventory_per_side": source.items.values().map(Vec::len).sum::<usize>(),
            "deploy_plan_ms": {"median": plan, "runs": plan_ms},
            "deploy_plan_floor_ms": {"median": floor, "runs": floor_ms},
            "deploy_plan_ratio": plan / floor.max(1e-9),
        })
    );
}
