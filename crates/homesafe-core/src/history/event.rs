//! One event: who, when it took effect, when it was recorded, what, why — and its place in the
//! hash chain.

use std::fmt;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::actor::Actor;
use super::canonical::{write_canonical, write_str};
use super::ids::{EventId, RecordId};
use super::time::HistoryTime;
use crate::events::EventData;

/// The version of the history format this code writes (`"v"` on every line).
pub const FORMAT_VERSION: u32 = 1;

/// A SHA-256 digest, written as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hash(pub [u8; 32]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a SHA-256 hash: 64 lower-case hex digits")]
pub struct HashParseError(pub String);

impl Hash {
    /// The `prev` of the first event in a history.
    pub const GENESIS: Hash = Hash([0; 32]);

    pub fn of(bytes: &[u8]) -> Hash {
        Hash(Sha256::digest(bytes).into())
    }

    pub fn parse(s: &str) -> Result<Hash, HashParseError> {
        let bytes = s.as_bytes();
        if bytes.len() != 64 {
            return Err(HashParseError(s.chars().take(80).collect()));
        }
        let mut out = [0u8; 32];
        for (i, pair) in bytes.chunks(2).enumerate() {
            let hi = hex_val(pair[0]).ok_or_else(|| HashParseError(s.to_string()))?;
            let lo = hex_val(pair[1]).ok_or_else(|| HashParseError(s.to_string()))?;
            out[i] = hi << 4 | lo;
        }
        Ok(Hash(out))
    }
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

impl Hash {
    /// The 64 lower-case hex digits (written on every event: kept cheap).
    pub fn hex(&self) -> [u8; 64] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (i, b) in self.0.iter().enumerate() {
            out[2 * i] = DIGITS[usize::from(b >> 4)];
            out[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
        }
        out
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.hex();
        // Always ASCII hex digits.
        f.write_str(std::str::from_utf8(&hex).unwrap_or_default())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({self})")
    }
}

/// An event as a client writes it, before it has a place in the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Given by the writer, or derived when the event is sealed.
    pub id: Option<EventId>,
    pub subject: RecordId,
    /// When it took effect, at the precision known.
    pub at: HistoryTime,
    /// When it was recorded; an import keeps the original date. Defaults to `at`.
    pub recorded: Option<HistoryTime>,
    pub actor: Actor,
    pub reason: Option<String>,
    /// The event this one corrects (replaces, or with `entry.voided` withdraws).
    pub corrects: Option<EventId>,
    pub data: EventData,
}

/// An event sealed into the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: u64,
    pub id: EventId,
    pub type_name: String,
    pub subject: RecordId,
    pub at: HistoryTime,
    pub recorded: HistoryTime,
    pub actor: Actor,
    pub reason: Option<String>,
    pub corrects: Option<EventId>,
    pub data: EventData,
    /// The canonical `data` object, as hashed.
    pub data_json: Value,
    pub prev: Hash,
    /// The canonical line without its hash: exactly the bytes the hash covers.
    pub body: String,
    pub hash: Hash,
}

/// Splits event data into its type name and canonical data object.
fn type_and_data(data: &EventData) -> (String, Value) {
    match serde_json::to_value(data) {
        Ok(Value::Object(mut m)) => {
            let t = match m.remove("type") {
                Some(Value::String(t)) => t,
                _ => String::new(),
            };
            let d = m
                .remove("data")
                .unwrap_or(Value::Object(Default::default()));
            (t, d)
        }
        _ => (String::new(), Value::Null),
    }
}

struct BodyParts<'a> {
    seq: u64,
    id: &'a str,
    type_name: &'a str,
    subject: &'a RecordId,
    at: &'a HistoryTime,
    recorded: &'a HistoryTime,
    actor: &'a Actor,
    reason: Option<&'a str>,
    corrects: Option<&'a EventId>,
    data: &'a Value,
    prev: &'a Hash,
}

fn write_body(p: &BodyParts<'_>) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("{\"v\":");
    out.push_str(&FORMAT_VERSION.to_string());
    out.push_str(",\"seq\":");
    out.push_str(&p.seq.to_string());
    out.push_str(",\"id\":");
    write_str(p.id, &mut out);
    out.push_str(",\"type\":");
    write_str(p.type_name, &mut out);
    out.push_str(",\"subject\":");
    write_str(p.subject.as_str(), &mut out);
    out.push_str(",\"at\":");
    write_str(&p.at.to_string(), &mut out);
    out.push_str(",\"recorded\":");
    write_str(&p.recorded.to_string(), &mut out);
    out.push_str(",\"actor\":");
    let actor = serde_json::to_value(p.actor).unwrap_or(Value::Null);
    write_canonical(&actor, &mut out);
    if let Some(reason) = p.reason {
        out.push_str(",\"reason\":");
        write_str(reason, &mut out);
    }
    if let Some(c) = p.corrects {
        out.push_str(",\"corrects\":");
        write_str(c.as_str(), &mut out);
    }
    out.push_str(",\"data\":");
    write_canonical(p.data, &mut out);
    out.push_str(",\"prev\":\"");
    out.push_str(&p.prev.to_string());
    out.push_str("\"}");
    out
}

impl Draft {
    /// Places the draft in the chain at `seq`, after the event whose hash is `prev`.
    pub fn seal(self, seq: u64, prev: Hash) -> Event {
        let (type_name, data_json) = type_and_data(&self.data);
        let recorded = self.recorded.unwrap_or(self.at);
        let id = match self.id {
            Some(id) => id,
            None => {
                // Derived from the content and the chain position, so it is unique in the chain
                // and the same every time the same history is replayed.
                let parts = BodyParts {
                    seq,
                    id: "",
                    type_name: &type_name,
                    subject: &self.subject,
                    at: &self.at,
                    recorded: &recorded,
                    actor: &self.actor,
                    reason: self.reason.as_deref(),
                    corrects: self.corrects.as_ref(),
                    data: &data_json,
                    prev: &prev,
                };
                let digest = Hash::of(write_body(&parts).as_bytes()).to_string();
                EventId::derived(format!("ev-{}", &digest[..24]))
            }
        };
        let body = write_body(&BodyParts {
            seq,
            id: id.as_str(),
            type_name: &type_name,
            subject: &self.subject,
            at: &self.at,
            recorded: &recorded,
            actor: &self.actor,
            reason: self.reason.as_deref(),
            corrects: self.corrects.as_ref(),
            data: &data_json,
            prev: &prev,
        });
        let hash = Hash::of(body.as_bytes());
        Event {
            seq,
            id,
            type_name,
            subject: self.subject,
            at: self.at,
            recorded,
            actor: self.actor,
            reason: self.reason,
            corrects: self.corrects,
            data: self.data,
            data_json,
            prev,
            body,
            hash,
        }
    }
}

impl Event {
    /// The line as written in a history file: the body with its hash as the last member.
    pub fn line(&self) -> String {
        let mut line = String::with_capacity(self.body.len() + 76);
        line.push_str(&self.body[..self.body.len() - 1]);
        line.push_str(",\"hash\":\"");
        line.push_str(&self.hash.to_string());
        line.push_str("\"}");
        line
    }

    /// Back to a draft (for re-chaining an imported event into another history).
    pub fn to_draft(&self) -> Draft {
        Draft {
            id: Some(self.id.clone()),
            subject: self.subject.clone(),
            at: self.at,
            recorded: Some(self.recorded),
            actor: self.actor.clone(),
            reason: self.reason.clone(),
            corrects: self.corrects.clone(),
            data: self.data.clone(),
        }
    }
}
