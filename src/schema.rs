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

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    #[serde(default)]
    pub name: String,
    pub entities: Vec<EntityType>,
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
        let err = |place: String, reason: String| SchemaError {
            origin: origin.to_owned(),
            place,
            reason,
        };
        if self.entities.is_empty() {
            return Err(err("entities".into(), "no entity types".into()));
        }
        for (i, t) in self.entities.iter().enumerate() {
            if t.code.is_empty() || t.code.chars().any(char::is_whitespace) {
                return Err(err(
                    format!("entities[{i}]"),
                    format!("code {:?} must be non-empty without spaces", t.code),
                ));
            }
            if let Some(j) = self.entities[..i].iter().position(|o| o.code == t.code) {
                return Err(err(
                    format!("entities[{i}]"),
                    format!("duplicate code {:?} (also entities[{j}])", t.code),
                ));
            }
        }
        Ok(())
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
            match std::fs::read_to_string(&path) {
                Ok(json) => return Self::parse(&json, &path.display().to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
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
