//! The canonical JSON encoding: objects with keys in byte order, no insignificant white space,
//! strings escaped the way serde_json escapes them. Canonical bytes make export deterministic,
//! so import → export reproduces a history file byte for byte.

use serde_json::Value;

/// Appends the canonical encoding of `value` to `out`.
pub fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_str(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => write_canonical_object(map, out),
    }
}

/// Appends the canonical encoding of a JSON object.
pub fn write_canonical_object(map: &serde_json::Map<String, Value>, out: &mut String) {
    // Sort explicitly: serde_json keeps insertion order if any crate in the build turns on its
    // `preserve_order` feature.
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    out.push('{');
    for (i, k) in keys.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(k, out);
        out.push(':');
        write_canonical(&map[k], out);
    }
    out.push('}');
}

pub(crate) fn write_str(s: &str, out: &mut String) {
    // serde_json's string escaping is deterministic; writing to a String cannot fail.
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("\"\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_keys_at_every_depth_and_drops_spaces() {
        let v: Value = serde_json::from_str(r#"{ "b": 1, "a": {"z": [true, null], "y": "é\n"} }"#)
            .expect("json");
        let mut out = String::new();
        write_canonical(&v, &mut out);
        assert_eq!(out, r#"{"a":{"y":"é\n","z":[true,null]},"b":1}"#);
    }
}
