//! OpenAPI schemas (cargo feature `openapi`) for the types whose serde form is written by hand:
//! they serialize as a string or integer with rules the derive cannot see. Every other domain
//! type derives `utoipa::ToSchema` beside its definition, behind the same feature, so the API
//! document describes exactly what the history format accepts.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::codes::{Code, Pence};
use crate::complaints::Stage;
use crate::estate::Uprn;
use crate::history::{EventId, HistoryTime, RecordId, Role};

/// Implements `ToSchema` under a fixed component name with the given schema.
macro_rules! schema {
    ($ty:ty, $name:literal, $schema:expr) => {
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                RefOr::T(Schema::Object($schema))
            }
        }
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

/// The identifier rule shared by record and event ids (`history::ids::check_id`).
const ID_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$";

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

schema!(
    RecordId,
    "RecordId",
    string()
        .pattern(Some(ID_PATTERN))
        .min_length(Some(1))
        .max_length(Some(100))
        .description(Some(
            "A record's identifier, unique across all kinds of record: 1 to 100 characters, letters, digits and - _ . : /, \
             starting with a letter or digit. Legacy references are kept as given (e.g. `WO/2022/00123`); a document's \
             id is `sha256:<64 hex digits>`. In a URL path, percent-encode `/` as `%2F`.",
        ))
        .examples(["prop-1", "WO/2022/00123"])
        .build()
);

schema!(
    EventId,
    "EventId",
    string()
        .pattern(Some(ID_PATTERN))
        .min_length(Some(1))
        .max_length(Some(100))
        .description(Some(
            "An event's identifier: given by the writer, or derived by the server when the event is sealed \
             (`ev-` and 24 hex digits). Same character rules as a record id.",
        ))
        .examples(["ev-3f1c0a9b8d7e6f5a4b3c2d1e"])
        .build()
);

schema!(
    HistoryTime,
    "HistoryTime",
    string()
        .pattern(Some("^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T.+)?)?)?$"))
        .description(Some(
            "A time at the precision it is known to: a year (`2021`), a month (`2021-03`), a Europe/London civil date \
             (`2021-03-30`) or an RFC 3339 instant, normalised to UTC on the way in (`2021-03-30T13:05:00Z`). An \
             instant written without an offset is read as Europe/London wall-clock time.",
        ))
        .examples(["2021", "2021-03", "2021-03-30", "2021-03-30T13:05:00Z"])
        .build()
);

schema!(
    Code,
    "Code",
    string()
        .pattern(Some("^[a-z][a-z0-9_.]{0,59}$"))
        .max_length(Some(60))
        .description(Some(
            "A short code from a landlord-configurable list (a priority, a room, a trade): lower-case letters, \
             digits, `_` or `.`, starting with a letter.",
        ))
        .examples(["emergency", "bathroom", "damp_mould"])
        .build()
);

schema!(
    Pence,
    "Pence",
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .description(Some(
            "Money in whole pence (never a float): `1250` is £12.50."
        ))
        .examples([1250])
        .build()
);

schema!(
    Uprn,
    "Uprn",
    string()
        .pattern(Some("^[0-9]{1,12}$"))
        .description(Some(
            "A Unique Property Reference Number: 1 to 12 digits, written as a string."
        ))
        .examples(["100023336956"])
        .build()
);

schema!(
    Stage,
    "Stage",
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .enum_values(Some([1, 2]))
        .description(Some(
            "Complaint stage: a complaints process has exactly two (Complaint Handling Code 5.3)."
        ))
        .build()
);

schema!(
    Role,
    "Role",
    string()
        .enum_values(Some(Role::ALL.iter().map(|r| r.as_str())))
        .description(Some(
            "The role an actor acted in when an event was written."
        ))
        .build()
);

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern_of<T: PartialSchema>() -> String {
        let value = serde_json::to_value(T::schema()).unwrap_or_default();
        value["pattern"].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn hand_written_schemas_name_their_rules() {
        assert_eq!(pattern_of::<RecordId>(), ID_PATTERN);
        assert_eq!(pattern_of::<Uprn>(), "^[0-9]{1,12}$");
        let role = serde_json::to_value(Role::schema()).unwrap_or_default();
        assert_eq!(role["enum"].as_array().map(Vec::len), Some(Role::ALL.len()));
        assert_eq!(Stage::name(), "Stage");
    }
}
