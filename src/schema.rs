//! The annotation schema: which types exist, their names and colours.
//!
//! A schema is parsed whole or refused whole: an unknown key, a duplicate
//! code or an unknown colour is an error naming the file, the place and the
//! reason, never a half-loaded schema.

use std::path::Path;

use serde::Deserialize;

/// The schema gloss uses when a corpus brings none (ACE 2005).
pub const DEFAULT_SCHEMA: &str = include_str!("../assets/schema.json");

/// The file name a corpus uses to bring its own schema.
pub const CORPUS_SCHEMA_FILE: &str = "gloss.schema.json";

/// The sixteen colours every terminal has; a schema names one per type so
/// that highlighting reads well without 256 colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Colour {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
}

impl Colour {
    /// Whether light text reads better than dark text on this background.
    pub fn is_dark(self) -> bool {
        matches!(
            self,
            Colour::Black | Colour::Red | Colour::Blue | Colour::Magenta | Colour::DarkGray
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityType {
    pub code: String,
    pub name: String,
    pub color: Colour,
}

/// How many fillers a role takes (brat's none, `?`, `+`, `*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Count {
    One,
    #[default]
    Optional,
    OneOrMore,
    Any,
}

impl Count {
    pub fn required(self) -> bool {
        matches!(self, Count::One | Count::OneOrMore)
    }

    pub fn at_most_one(self) -> bool {
        matches!(self, Count::One | Count::Optional)
    }

    pub fn label(self) -> &'static str {
        match self {
            Count::One => "exactly one",
            Count::Optional => "optional",
            Count::OneOrMore => "one or more",
            Count::Any => "any number",
        }
    }
}

/// An event argument role. `types` names entity codes, event types, or
/// `<ENTITY>`, `<EVENT>`, `<ANY>`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub role: String,
    pub types: Vec<String>,
    #[serde(default)]
    pub count: Count,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventType {
    #[serde(rename = "type")]
    pub name: String,
    #[serde(default)]
    pub color: Option<Colour>,
    #[serde(default)]
    pub roles: Vec<Role>,
}

impl EventType {
    pub fn role(&self, name: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.role == name)
    }
}

/// A binary relation and the types each end may have.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationType {
    #[serde(rename = "type")]
    pub name: String,
    pub arg1: Vec<String>,
    pub arg2: Vec<String>,
}

/// An attribute: binary when `values` is empty. `on` names what it attaches
/// to: `entities`, `events`, `relations`, or specific types.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    pub name: String,
    #[serde(default)]
    pub values: Vec<String>,
    pub on: Vec<String>,
}

/// The three kinds of annotation, as far as the schema is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Entity,
    Event,
    Relation,
}

impl AttributeDef {
    pub fn applies_to(&self, kind: Kind, type_name: &str) -> bool {
        let word = match kind {
            Kind::Entity => "entities",
            Kind::Event => "events",
            Kind::Relation => "relations",
        };
        self.on.iter().any(|o| o == word || o == type_name)
    }

    pub fn is_binary(&self) -> bool {
        self.values.is_empty()
    }
}

/// Whether a type list (of a role or a relation end) takes an annotation.
pub fn accepts(types: &[String], kind: Kind, type_name: &str) -> bool {
    types.iter().any(|t| {
        t == type_name
            || t == "<ANY>"
            || (t == "<ENTITY>" && kind == Kind::Entity)
            || (t == "<EVENT>" && kind == Kind::Event)
    })
}

const WILDCARDS: [&str; 3] = ["<ENTITY>", "<EVENT>", "<ANY>"];

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    #[serde(default)]
    pub name: String,
    pub entities: Vec<EntityType>,
    #[serde(default)]
    pub events: Vec<EventType>,
    #[serde(default)]
    pub relations: Vec<RelationType>,
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {place}: {reason}")]
pub struct SchemaError {
    /// The file (or "built-in schema").
    pub origin: String,
    /// Where in it: `line 3, column 5` or `entities[2]`.
    pub place: String,
    pub reason: String,
}

impl Schema {
    /// Parses and checks a schema; `origin` names it in errors.
    pub fn parse(json: &str, origin: &str) -> Result<Self, SchemaError> {
        let schema: Schema = serde_json::from_str(json).map_err(|e| SchemaError {
            origin: origin.to_owned(),
            place: format!("line {}, column {}", e.line(), e.column()),
            reason: strip_position(&e.to_string()),
        })?;
        schema.check(origin)?;
        Ok(schema)
    }

    fn check(&self, origin: &str) -> Result<(), SchemaError> {
        self.check_entities()
            .and_then(|()| self.check_events())
            .and_then(|()| self.check_relations())
            .and_then(|()| self.check_attributes())
            .map_err(|(place, reason)| SchemaError {
                origin: origin.to_owned(),
                place,
                reason,
            })
    }

    /// A type an argument may name: an entity or event type, or a wildcard.
    fn knows_type(&self, t: &str) -> bool {
        WILDCARDS.contains(&t) || self.entity_type(t).is_some() || self.event_type(t).is_some()
    }

    // Each check below answers the first problem as (place, reason).

    fn check_entities(&self) -> Result<(), (String, String)> {
        if self.entities.is_empty() {
            return Err(("entities".into(), "no entity types".into()));
        }
        for (i, t) in self.entities.iter().enumerate() {
            if t.code.is_empty() || t.code.chars().any(char::is_whitespace) {
                return Err((
                    format!("entities[{i}]"),
                    format!("code {:?} must be non-empty without spaces", t.code),
                ));
            }
            if let Some(j) = self.entities[..i].iter().position(|o| o.code == t.code) {
                return Err((
                    format!("entities[{i}]"),
                    format!("duplicate code {:?} (also entities[{j}])", t.code),
                ));
            }
        }
        Ok(())
    }

    fn check_events(&self) -> Result<(), (String, String)> {
        for (i, ev) in self.events.iter().enumerate() {
            let place = format!("events[{i}]");
            if let Some(j) = self.events[..i].iter().position(|o| o.name == ev.name) {
                return Err((
                    place,
                    format!("duplicate event type {:?} (also events[{j}])", ev.name),
                ));
            }
            if self.entity_type(&ev.name).is_some() {
                return Err((
                    place,
                    format!("{:?} is both an entity and an event type", ev.name),
                ));
            }
            for (k, role) in ev.roles.iter().enumerate() {
                let place = format!("events[{i}].roles[{k}]");
                if ev.roles[..k].iter().any(|o| o.role == role.role) {
                    return Err((
                        place,
                        format!("duplicate role {:?} in {}", role.role, ev.name),
                    ));
                }
                if role.types.is_empty() {
                    return Err((place, format!("role {:?} accepts no type", role.role)));
                }
                if let Some(bad) = role.types.iter().find(|t| !self.knows_type(t)) {
                    return Err((
                        place,
                        format!(
                            "role {:?} names type {bad:?}, which does not exist",
                            role.role
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn check_relations(&self) -> Result<(), (String, String)> {
        for (i, rel) in self.relations.iter().enumerate() {
            let place = format!("relations[{i}]");
            if self.relations[..i].iter().any(|o| o.name == rel.name) {
                return Err((place, format!("duplicate relation type {:?}", rel.name)));
            }
            for (end, types) in [("arg1", &rel.arg1), ("arg2", &rel.arg2)] {
                if let Some(bad) = types.iter().find(|t| !self.knows_type(t)) {
                    return Err((
                        place.clone(),
                        format!(
                            "{end} of {} names type {bad:?}, which does not exist",
                            rel.name
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn check_attributes(&self) -> Result<(), (String, String)> {
        for (i, a) in self.attributes.iter().enumerate() {
            let place = format!("attributes[{i}]");
            if self.attributes[..i].iter().any(|o| o.name == a.name) {
                return Err((place, format!("duplicate attribute {:?}", a.name)));
            }
            let target_known = |o: &str| {
                matches!(o, "entities" | "events" | "relations")
                    || self.knows_type(o)
                    || self.relation_type(o).is_some()
            };
            if a.on.is_empty() {
                return Err((place, format!("attribute {:?} attaches to nothing", a.name)));
            }
            if let Some(bad) = a.on.iter().find(|o| !target_known(o)) {
                return Err((
                    place,
                    format!(
                        "attribute {:?} attaches to {bad:?}, which does not exist",
                        a.name
                    ),
                ));
            }
        }
        Ok(())
    }

    pub fn event_type(&self, name: &str) -> Option<&EventType> {
        self.events.iter().find(|t| t.name == name)
    }

    pub fn relation_type(&self, name: &str) -> Option<&RelationType> {
        self.relations.iter().find(|t| t.name == name)
    }

    pub fn attribute(&self, name: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The attributes that may be set on an annotation of this kind and type.
    pub fn attributes_for(&self, kind: Kind, type_name: &str) -> Vec<&AttributeDef> {
        self.attributes
            .iter()
            .filter(|a| a.applies_to(kind, type_name))
            .collect()
    }

    /// Relation types allowed between annotations of these types.
    pub fn relations_between(&self, from: (Kind, &str), to: (Kind, &str)) -> Vec<&RelationType> {
        self.relations
            .iter()
            .filter(|r| accepts(&r.arg1, from.0, from.1) && accepts(&r.arg2, to.0, to.1))
            .collect()
    }

    /// The built-in ACE 2005 schema.
    pub fn builtin() -> Self {
        Self::parse(DEFAULT_SCHEMA, "built-in schema").expect("the built-in schema is valid")
    }

    /// The schema for a corpus root: its `gloss.schema.json` if present,
    /// else the user's own default (`user`, if that file exists), else the
    /// built-in one.
    pub fn resolve(root: &Path, user: Option<&Path>) -> Result<Self, SchemaError> {
        let candidates =
            std::iter::once(root.join(CORPUS_SCHEMA_FILE)).chain(user.map(Path::to_path_buf));
        for path in candidates {
            match crate::fsread::read_utf8(&path) {
                Ok(json) => return Self::parse(&json, &path.display().to_string()),
                Err(e) if e.is_not_found() => continue,
                Err(e) => {
                    return Err(SchemaError {
                        origin: path.display().to_string(),
                        place: "file".into(),
                        reason: e.to_string(),
                    });
                }
            }
        }
        Ok(Self::builtin())
    }

    pub fn entity_type(&self, code: &str) -> Option<&EntityType> {
        self.entities.iter().find(|t| t.code == code)
    }
}

/// serde_json appends " at line L column C"; the place is reported apart.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corpus_schema_beats_the_users_which_beats_the_builtin() {
        let dir = tempfile::tempdir().unwrap();
        let user = dir.path().join("user.json");
        let one = |code: &str| {
            format!(r#"{{"entities": [{{"code": "{code}", "name": "n", "color": "red"}}]}}"#)
        };
        assert_eq!(
            Schema::resolve(dir.path(), Some(&user)).unwrap(),
            Schema::builtin()
        );
        std::fs::write(&user, one("USR")).unwrap();
        assert_eq!(
            Schema::resolve(dir.path(), Some(&user)).unwrap().entities[0].code,
            "USR"
        );
        std::fs::write(dir.path().join(CORPUS_SCHEMA_FILE), one("CORP")).unwrap();
        assert_eq!(
            Schema::resolve(dir.path(), Some(&user)).unwrap().entities[0].code,
            "CORP"
        );
        std::fs::write(dir.path().join(CORPUS_SCHEMA_FILE), "{").unwrap();
        let e = Schema::resolve(dir.path(), Some(&user)).unwrap_err();
        assert!(
            e.origin.ends_with(CORPUS_SCHEMA_FILE),
            "a broken schema is refused, not skipped"
        );
    }

    #[test]
    fn builtin_schema_has_the_ace_entity_types() {
        let s = Schema::builtin();
        let codes: Vec<_> = s.entities.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(
            codes,
            ["PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA", "TIME"]
        );
        assert_eq!(s.entity_type("GPE").unwrap().name, "Geo-political entity");
    }

    #[test]
    fn builtin_schema_has_the_ace_events_relations_and_attributes() {
        let s = Schema::builtin();
        assert_eq!(s.events.len(), 33);
        let attack = s.event_type("Conflict.Attack").unwrap();
        let roles: Vec<_> = attack.roles.iter().map(|r| r.role.as_str()).collect();
        assert_eq!(roles, ["Attacker", "Target", "Instrument", "Time", "Place"]);
        assert_eq!(attack.role("Place").unwrap().types, ["GPE", "LOC", "FAC"]);
        for name in ["Movement.Transport", "Life.Die", "Justice.Arrest-Jail"] {
            assert!(s.event_type(name).is_some(), "{name}");
        }
        let rels: Vec<_> = s.relations.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            rels,
            ["PHYS", "PART-WHOLE", "PER-SOC", "ORG-AFF", "ART", "GEN-AFF"]
        );
        let tense = s.attribute("Tense").unwrap();
        assert_eq!(tense.values, ["Past", "Present", "Future", "Unspecified"]);
        assert!(tense.applies_to(Kind::Event, "Life.Die"));
        assert!(!tense.applies_to(Kind::Entity, "PER"));
        let between = s.relations_between((Kind::Entity, "ORG"), (Kind::Entity, "GPE"));
        let names: Vec<_> = between.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["PART-WHOLE", "ORG-AFF", "GEN-AFF"]);
    }

    #[test]
    fn roles_and_attributes_must_name_real_types() {
        let base = |extra: &str| {
            format!(r#"{{"entities": [{{"code": "PER", "name": "p", "color": "red"}}], {extra}}}"#)
        };
        let bad_role = base(
            r#""events": [{"type": "Meet", "roles": [{"role": "Who", "types": ["PERSON"]}]}]"#,
        );
        let e = Schema::parse(&bad_role, "s.json").unwrap_err();
        assert_eq!(e.place, "events[0].roles[0]");
        assert!(
            e.reason.contains("\"PERSON\", which does not exist"),
            "{}",
            e.reason
        );
        let dup_role = base(
            r#""events": [{"type": "Meet", "roles": [{"role": "Who", "types": ["PER"]}, {"role": "Who", "types": ["<ANY>"]}]}]"#,
        );
        assert!(
            Schema::parse(&dup_role, "s")
                .unwrap_err()
                .reason
                .contains("duplicate role")
        );
        let bad_count = base(
            r#""events": [{"type": "Meet", "roles": [{"role": "Who", "types": ["PER"], "count": "lots"}]}]"#,
        );
        assert!(
            Schema::parse(&bad_count, "s")
                .unwrap_err()
                .reason
                .contains("unknown variant `lots`")
        );
        let bad_attr = base(r#""attributes": [{"name": "Neg", "on": ["widgets"]}]"#);
        assert!(
            Schema::parse(&bad_attr, "s")
                .unwrap_err()
                .reason
                .contains("\"widgets\"")
        );
        let bad_rel = base(r#""relations": [{"type": "R", "arg1": ["PER"], "arg2": ["ORG"]}]"#);
        assert_eq!(
            Schema::parse(&bad_rel, "s").unwrap_err().place,
            "relations[0]"
        );
        let nested = base(
            r#""events": [{"type": "A", "roles": [{"role": "Cause", "types": ["B", "<EVENT>"], "count": "one"}]}, {"type": "B"}]"#,
        );
        let s = Schema::parse(&nested, "s").unwrap();
        assert!(s.event_type("A").unwrap().roles[0].count.required());
    }

    #[test]
    fn unknown_keys_are_refused_with_their_place() {
        let e = Schema::parse(
            "{\"entities\": [{\"code\": \"X\", \"name\": \"x\", \"color\": \"red\", \"shade\": 1}]}",
            "s.json",
        )
        .unwrap_err();
        assert_eq!(e.origin, "s.json");
        assert!(e.place.starts_with("line 1, column"), "{}", e.place);
        assert!(e.reason.contains("unknown field `shade`"), "{}", e.reason);
    }

    #[test]
    fn a_key_twice_is_refused_with_its_place() {
        let ent = r#"[{"code": "A", "name": "a", "color": "red"}]"#;
        for bad in [
            format!(r#"{{"entities": {ent}, "entities": []}}"#),
            r#"{"entities": [{"code": "A", "name": "a", "color": "red", "code": "B"}]}"#.into(),
            format!(r#"{{"entities": {ent}, "name": "x", "name": "y"}}"#),
        ] {
            let e = Schema::parse(&bad, "s.json").unwrap_err();
            assert!(e.place.starts_with("line 1, column"), "{bad}: {}", e.place);
            assert!(e.reason.contains("duplicate field"), "{bad}: {}", e.reason);
        }
    }

    #[test]
    fn duplicate_codes_and_bad_colours_are_refused() {
        let dup = r#"{"entities": [
            {"code": "A", "name": "a", "color": "red"},
            {"code": "A", "name": "b", "color": "blue"}]}"#;
        let e = Schema::parse(dup, "s.json").unwrap_err();
        assert_eq!(e.place, "entities[1]");
        assert!(e.reason.contains("duplicate code \"A\""));
        let colour = r#"{"entities": [{"code": "A", "name": "a", "color": "mauve"}]}"#;
        assert!(
            Schema::parse(colour, "s.json")
                .unwrap_err()
                .reason
                .contains("unknown variant `mauve`")
        );
    }
}
