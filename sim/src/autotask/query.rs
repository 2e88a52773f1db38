//! Autotask query bodies: `{"MaxRecords", "IncludeFields", "filter"}`, the filter operators, and the
//! shape of answered items. Errors are the message of a 500 `{"errors": [...]}` answer.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::model::{Entity, FieldDef, Kind, Record};
use crate::state::parse_datetime;

/// The most items one page holds.
pub const PAGE_MAX: usize = 500;

#[derive(Clone, Debug)]
pub struct Query {
    /// Page size: `MaxRecords` when given (1..=500), else 500.
    pub page_size: usize,
    pub max_records: Option<usize>,
    /// Canonical field names; `None` returns every field.
    pub include: Option<Vec<&'static str>>,
    pub filter: Vec<Filter>,
    /// The body as received, for the next page's `search=`.
    pub raw: Value,
}

#[derive(Clone, Debug)]
pub enum Filter {
    Cond {
        op: Op,
        field: &'static FieldDef,
        value: Value,
    },
    Group {
        any: bool,
        items: Vec<Filter>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    NotEq,
    Gt,
    Gte,
    Lt,
    Lte,
    BeginsWith,
    EndsWith,
    Contains,
    Exist,
    NotExist,
    In,
    NotIn,
}

impl Op {
    fn parse(op: &str) -> Option<Op> {
        Some(match op.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "noteq" => Op::NotEq,
            "gt" => Op::Gt,
            "gte" => Op::Gte,
            "lt" => Op::Lt,
            "lte" => Op::Lte,
            "beginswith" => Op::BeginsWith,
            "endswith" => Op::EndsWith,
            "contains" => Op::Contains,
            "exist" => Op::Exist,
            "notexist" => Op::NotExist,
            "in" => Op::In,
            "notin" => Op::NotIn,
            _ => return None,
        })
    }
}

/// A key of a JSON object, looked up case-insensitively (Autotask's JSON binding ignores case).
fn key<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

impl Query {
    pub fn parse(entity: Entity, body: &Value) -> Result<Query, String> {
        let Value::Object(obj) = body else {
            return Err("The query body must be a JSON object with a filter.".to_owned());
        };
        let max_records = match key(obj, "MaxRecords") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_u64() {
                Some(0) => None,
                Some(n) if n as usize <= PAGE_MAX => Some(n as usize),
                _ => {
                    return Err(format!(
                        "MaxRecords must be an integer between 1 and {PAGE_MAX}; got {v}."
                    ))
                }
            },
        };
        let include = match key(obj, "IncludeFields") {
            None | Some(Value::Null) => None,
            Some(Value::Array(names)) if names.is_empty() => None,
            Some(Value::Array(names)) => {
                let mut fields = vec!["id"];
                for n in names {
                    let name = n.as_str().ok_or("IncludeFields must hold field names.")?;
                    let def = entity
                        .field(name)
                        .ok_or_else(|| unknown_field(entity, name))?;
                    if !fields.contains(&def.name) {
                        fields.push(def.name);
                    }
                }
                Some(fields)
            }
            Some(_) => return Err("IncludeFields must be a list of field names.".to_owned()),
        };
        let filter = match key(obj, "filter") {
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|i| parse_filter(entity, i))
                .collect::<Result<Vec<_>, _>>()?,
            _ => return Err("A query needs at least one filter expression.".to_owned()),
        };
        Ok(Query {
            page_size: max_records.unwrap_or(PAGE_MAX),
            max_records,
            include,
            filter,
            raw: body.clone(),
        })
    }

    pub fn matches(&self, record: &Record) -> Result<bool, String> {
        all(&self.filter, record)
    }

    /// The record as answered: every modelled field (null when unset) plus `userDefinedFields`, or
    /// only `id` and the included fields.
    pub fn shape(&self, entity: Entity, record: &Record) -> Value {
        let mut out = Map::new();
        match &self.include {
            Some(names) => {
                for name in names {
                    out.insert(
                        (*name).to_owned(),
                        record.get(*name).cloned().unwrap_or(Value::Null),
                    );
                }
            }
            None => {
                for def in entity.fields() {
                    out.insert(
                        def.name.to_owned(),
                        record.get(def.name).cloned().unwrap_or(Value::Null),
                    );
                }
                out.insert("userDefinedFields".to_owned(), Value::Array(Vec::new()));
            }
        }
        Value::Object(out)
    }
}

fn unknown_field(entity: Entity, name: &str) -> String {
    format!("Unable to find {name} in the {} entity.", entity.singular())
}

fn parse_filter(entity: Entity, item: &Value) -> Result<Filter, String> {
    let Value::Object(obj) = item else {
        return Err(format!(
            "A filter expression must be an object, not {item}."
        ));
    };
    let op_text = key(obj, "op")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("A filter expression needs an op: {item}."))?;
    let lower = op_text.to_ascii_lowercase();
    if lower == "and" || lower == "or" {
        let items = match key(obj, "items") {
            Some(Value::Array(items)) if !items.is_empty() => items,
            _ => return Err(format!("The {op_text} group needs a list of items.")),
        };
        return Ok(Filter::Group {
            any: lower == "or",
            items: items
                .iter()
                .map(|i| parse_filter(entity, i))
                .collect::<Result<_, _>>()?,
        });
    }
    let op = Op::parse(op_text).ok_or_else(|| format!("Unknown filter operator {op_text}."))?;
    if key(obj, "udf").and_then(Value::as_bool) == Some(true) {
        return Err("No user-defined fields exist on this entity.".to_owned());
    }
    let name = key(obj, "field")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("The {op_text} expression needs a field."))?;
    let field = entity
        .field(name)
        .ok_or_else(|| unknown_field(entity, name))?;
    let value = key(obj, "value").cloned().unwrap_or(Value::Null);
    // Check the value's type now, so a bad query fails even when no record is tested.
    match op {
        Op::Exist | Op::NotExist => {}
        Op::In | Op::NotIn => {
            let Value::Array(values) = &value else {
                return Err(format!("The {op_text} operator needs a list of values."));
            };
            for v in values {
                Operand::parse(field, v)?;
            }
        }
        Op::BeginsWith | Op::EndsWith | Op::Contains => {
            if field.kind != Kind::Str {
                return Err(format!(
                    "The {op_text} operator applies to text fields; {} is not one.",
                    field.name
                ));
            }
            Operand::parse(field, &value)?;
        }
        _ => {
            Operand::parse(field, &value)?;
        }
    }
    Ok(Filter::Cond { op, field, value })
}

fn all(filters: &[Filter], record: &Record) -> Result<bool, String> {
    for f in filters {
        if !eval(f, record)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn eval(filter: &Filter, record: &Record) -> Result<bool, String> {
    match filter {
        Filter::Group { any: false, items } => all(items, record),
        Filter::Group { any: true, items } => {
            for f in items {
                if eval(f, record)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Filter::Cond { op, field, value } => cond(*op, field, value, record),
    }
}

/// SQL semantics: a null field satisfies no comparison (not even `noteq` or `notIn`); only
/// `notExist` finds it.
fn cond(op: Op, field: &FieldDef, value: &Value, record: &Record) -> Result<bool, String> {
    let stored = record.get(field.name).unwrap_or(&Value::Null);
    let present = !stored.is_null();
    match op {
        Op::Exist => return Ok(present),
        Op::NotExist => return Ok(!present),
        _ if !present => return Ok(false),
        _ => {}
    }
    let have = Operand::parse(field, stored)?;
    Ok(match op {
        Op::In | Op::NotIn => {
            let values = value.as_array().cloned().unwrap_or_default();
            let mut found = false;
            for v in &values {
                if have.cmp(&Operand::parse(field, v)?) == Ordering::Equal {
                    found = true;
                    break;
                }
            }
            found == (op == Op::In)
        }
        Op::BeginsWith | Op::EndsWith | Op::Contains => {
            let (Operand::Text(h), Operand::Text(w)) = (&have, &Operand::parse(field, value)?)
            else {
                return Ok(false);
            };
            match op {
                Op::BeginsWith => h.starts_with(w.as_str()),
                Op::EndsWith => h.ends_with(w.as_str()),
                _ => h.contains(w.as_str()),
            }
        }
        _ => {
            let ord = have.cmp(&Operand::parse(field, value)?);
            match op {
                Op::Eq => ord == Ordering::Equal,
                Op::NotEq => ord != Ordering::Equal,
                Op::Gt => ord == Ordering::Greater,
                Op::Gte => ord != Ordering::Less,
                Op::Lt => ord == Ordering::Less,
                _ => ord != Ordering::Greater,
            }
        }
    })
}

/// A value made comparable by the field's kind: text lower-cased (Autotask's database compares
/// strings case-insensitively), numbers as numbers, dates as instants.
#[derive(Debug, PartialEq, PartialOrd)]
enum Operand {
    Text(String),
    Number(f64),
    Millis(i64),
    Bool(bool),
}

impl Operand {
    fn parse(field: &FieldDef, v: &Value) -> Result<Operand, String> {
        let bad = || format!("The value {v} is not valid for the field {}.", field.name);
        match field.kind {
            Kind::Str => match v {
                Value::String(s) => Ok(Operand::Text(s.to_lowercase())),
                Value::Number(n) => Ok(Operand::Text(n.to_string())),
                _ => Err(bad()),
            },
            Kind::Int => match v {
                Value::Number(n) => n.as_f64().map(Operand::Number).ok_or_else(bad),
                Value::String(s) => s.trim().parse().map(Operand::Number).map_err(|_| bad()),
                _ => Err(bad()),
            },
            Kind::Date => match v {
                Value::String(s) => parse_datetime(s).map(Operand::Millis).ok_or_else(bad),
                _ => Err(bad()),
            },
            // "When supplying boolean values to the REST API, you must specify either true or false."
            Kind::Bool => match v {
                Value::Bool(b) => Ok(Operand::Bool(*b)),
                Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Operand::Bool(true)),
                Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Operand::Bool(false)),
                _ => Err(bad()),
            },
        }
    }

    fn cmp(&self, other: &Operand) -> Ordering {
        self.partial_cmp(other).unwrap_or(Ordering::Less)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_fields_match_only_not_exist() {
        let q = |op: &str| {
            Query::parse(
                Entity::Tickets,
                &json!({"filter": [{"op": op, "field": "dueDateTime", "value": "2024-01-01"}]}),
            )
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let rec: Record = json!({"id": 1, "dueDateTime": null})
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert!(!q("noteq").matches(&rec).unwrap_or(true));
        assert!(!q("exist").matches(&rec).unwrap_or(true));
        assert!(q("notExist").matches(&rec).unwrap_or(false));
    }
}
