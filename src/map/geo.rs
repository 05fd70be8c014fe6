//! Loads the federal entities' boundaries from GeoJSON, reporting every problem found.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::codes::FEDERAL_ENTITIES;
use super::feature::FeatureCheck;
use crate::diagnostic::Diagnostic;

/// One federal entity with its boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// ISO 3166-2 code, e.g. `MX-CHH`.
    pub code: String,
    /// INEGI entity code, `01` to `32`.
    pub inegi: String,
    /// Spanish name, e.g. `Ciudad de México`.
    pub name_es: String,
    /// English name, e.g. `Mexico City`.
    pub name_en: String,
    /// Polygons → rings (the first is the exterior, the others holes) → `[lon, lat]` positions
    /// in degrees; every ring is closed (its last position repeats the first).
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

/// Parses and validates the GeoJSON text of `path`: a FeatureCollection of the 32 federal
/// entities, each with string properties `code`, `inegi`, `name_es` and `name_en` and a
/// Polygon or MultiPolygon geometry. Returns the regions sorted by code, or every problem found.
pub fn load_regions(path: &Path, text: &str) -> Result<Vec<Region>, Vec<Diagnostic>> {
    let root: Value = serde_json::from_str(text).map_err(|e| vec![json_error(path, text, &e)])?;
    let features = collection_features(path, root).map_err(|d| vec![d])?;
    let offsets = feature_offsets(text);
    let offsets = (offsets.len() == features.len()).then_some(offsets);

    let mut problems = Vec::new();
    let mut regions = Vec::new();
    let mut seen_codes: HashMap<String, usize> = HashMap::new();
    let mut seen_inegi: HashMap<String, usize> = HashMap::new();
    let count = features.len();
    for (index, feature) in features.into_iter().enumerate() {
        let mut check = FeatureCheck {
            path,
            text,
            offset: offsets.as_ref().map(|o| o[index]),
            number: index + 1,
            label: format!("feature {}", index + 1),
            problems: &mut problems,
        };
        let Some(mut object) = check.feature_object(feature) else {
            continue;
        };
        let properties = check.properties(&object);
        let mut unique = true;
        if let Some(p) = &properties {
            check.label = format!("feature {} ({})", check.number, p.code);
            unique &= check.unique("code", &p.code, &mut seen_codes);
            unique &= check.unique("INEGI code", &p.inegi, &mut seen_inegi);
        }
        let polygons = check.geometry(object.remove("geometry"));
        if let (Some(p), Some(polygons), true) = (properties, polygons, unique) {
            regions.push(Region {
                code: p.code,
                inegi: p.inegi,
                name_es: p.name_es,
                name_en: p.name_en,
                polygons,
            });
        }
    }
    if count != FEDERAL_ENTITIES {
        problems.push(
            Diagnostic::new(
                path,
                format!("expected {FEDERAL_ENTITIES} federal entities, found {count}"),
            )
            .hint(
                "the map needs exactly one feature for each of the 31 states and Ciudad de México",
            ),
        );
    }
    if problems.is_empty() {
        regions.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(regions)
    } else {
        Err(problems)
    }
}

/// The features of a FeatureCollection, or why the root is not one.
fn collection_features(path: &Path, root: Value) -> Result<Vec<Value>, Diagnostic> {
    let hint = r#"the map file is {"type": "FeatureCollection", "features": [...]}, with one feature per federal entity"#;
    let Value::Object(mut object) = root else {
        let kind = kind(&root);
        return Err(Diagnostic::new(
            path,
            format!("expected a GeoJSON FeatureCollection, found {kind}"),
        )
        .hint(hint));
    };
    match object.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {}
        Some(other) => {
            return Err(Diagnostic::new(
                path,
                format!("expected a GeoJSON FeatureCollection, found a {other}"),
            )
            .hint(hint));
        }
        None => {
            return Err(Diagnostic::new(
                path,
                r#"expected a GeoJSON FeatureCollection, found an object without "type""#,
            )
            .hint(hint));
        }
    }
    match object.remove("features") {
        Some(Value::Array(features)) => Ok(features),
        Some(other) => {
            let kind = kind(&other);
            Err(
                Diagnostic::new(path, format!("`features` must be an array, found {kind}"))
                    .hint(hint),
            )
        }
        None => Err(Diagnostic::new(path, "the FeatureCollection has no `features`").hint(hint)),
    }
}

/// A JSON kind with its article, for messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON syntax error, positioned at serde_json's line and (byte) column.
fn json_error(path: &Path, text: &str, error: &serde_json::Error) -> Diagnostic {
    let message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    let d = Diagnostic::new(path, format!("invalid JSON: {message}"))
        .hint("check for a missing or extra comma, bracket, brace or quote here or just before");
    if error.line() == 0 {
        return d;
    }
    let line_start = match error.line() {
        1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    d.at_offset(text, line_start + error.column().saturating_sub(1))
}

/// Byte offsets of the elements of the top-level `"features"` array of valid JSON `text`,
/// in order (empty if there is no such array).
fn feature_offsets(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut offsets = Vec::new();
    let mut depth = 0usize;
    let mut last_key: Option<&str> = None;
    let mut features_next = false;
    let mut in_features = false;
    let mut expect_element = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if in_features && depth == 2 && expect_element && c != b']' {
            offsets.push(i);
            expect_element = false;
        }
        match c {
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if depth == 1 {
                    last_key = text.get(start..i);
                }
            }
            b':' if depth == 1 => features_next = last_key == Some("features"),
            b'{' | b'[' => {
                depth += 1;
                if depth == 2 && c == b'[' && features_next {
                    in_features = true;
                    expect_element = true;
                }
                features_next = false;
            }
            b'}' | b']' => {
                if in_features && depth == 2 {
                    return offsets;
                }
                depth = depth.saturating_sub(1);
            }
            b',' if in_features && depth == 2 => expect_element = true,
            b',' => features_next = false,
            _ => {}
        }
        i += 1;
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::codes::ISO_CODES;

    const REAL: &str = include_str!("../../content/geo/mexico-states.geojson");

    fn load(text: &str) -> Result<Vec<Region>, Vec<Diagnostic>> {
        load_regions(Path::new("content/geo/mexico-states.geojson"), text)
    }

    /// A feature as JSON text.
    fn feature(code: &str, inegi: &str, geometry: &str) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}","inegi":"{inegi}","name_es":"E","name_en":"E"}},"geometry":{geometry}}}"#
        )
    }

    fn square(x: f64) -> String {
        let e = x + 0.5;
        format!(
            r#"{{"type":"Polygon","coordinates":[[[{x},20],[{e},20],[{e},21],[{x},21],[{x},20]]]}}"#
        )
    }

    /// A valid collection of `n` made-up entities, with `extra` features appended.
    fn collection(n: usize, extra: &[String]) -> String {
        let mut features: Vec<String> = (0..n)
            .map(|i| {
                feature(
                    ISO_CODES[i % FEDERAL_ENTITIES],
                    &format!("{:02}", i % FEDERAL_ENTITIES + 1),
                    &square(-110.0 + i as f64),
                )
            })
            .collect();
        features.extend(extra.iter().cloned());
        format!(
            "{{\"type\":\"FeatureCollection\",\n\"features\":[\n{}\n]}}",
            features.join(",\n")
        )
    }

    fn messages(result: Result<Vec<Region>, Vec<Diagnostic>>) -> Vec<Diagnostic> {
        match result {
            Ok(_) => panic!("expected diagnostics"),
            Err(d) => d,
        }
    }

    #[test]
    fn real_file_has_the_32_entities() {
        let regions = load(REAL).unwrap();
        assert_eq!(regions.len(), 32);
        let codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
        for code in ["MX-CHP", "MX-CMX", "MX-CHH", "MX-BCN", "MX-YUC", "MX-ZAC"] {
            assert!(codes.contains(&code), "{code}");
        }
        let cdmx = regions.iter().find(|r| r.code == "MX-CMX").unwrap();
        assert_eq!(
            (
                cdmx.inegi.as_str(),
                cdmx.name_es.as_str(),
                cdmx.name_en.as_str()
            ),
            ("09", "Ciudad de México", "Mexico City")
        );
        let mut inegi: Vec<&str> = regions.iter().map(|r| r.inegi.as_str()).collect();
        inegi.sort();
        assert_eq!(inegi.first(), Some(&"01"));
        assert_eq!(inegi.last(), Some(&"32"));
        let positions: usize = regions
            .iter()
            .flat_map(|r| &r.polygons)
            .flatten()
            .map(Vec::len)
            .sum();
        assert_eq!(positions, 7938);
    }

    #[test]
    fn synthetic_collection_loads() {
        let regions = load(&collection(32, &[])).unwrap();
        assert_eq!(regions.len(), 32);
        assert_eq!(
            regions[0].polygons,
            vec![vec![vec![
                [-110.0, 20.0],
                [-109.5, 20.0],
                [-109.5, 21.0],
                [-110.0, 21.0],
                [-110.0, 20.0]
            ]]]
        );
    }

    #[test]
    fn invalid_json_gives_line_and_column() {
        let text = "{\"type\": \"FeatureCollection\",\n  \"features\": [,]\n}";
        let d = messages(load(text));
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(16)));
        assert!(
            d[0].message.starts_with("invalid JSON: expected value"),
            "{}",
            d[0].message
        );
        assert!(!d[0].message.contains("line"));
        assert!(d[0].hint.is_some());
        // Columns count characters, not bytes.
        let d = messages(load("{\"name\": \"México\" \"x\"}"));
        assert_eq!((d[0].line, d[0].column), (Some(1), Some(19)));
    }

    #[test]
    fn not_a_feature_collection() {
        let d = messages(load(&square(-100.0)));
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "expected a GeoJSON FeatureCollection, found a Polygon"
        );
        let d = messages(load("[1, 2]"));
        assert_eq!(
            d[0].message,
            "expected a GeoJSON FeatureCollection, found an array"
        );
    }

    #[test]
    fn wrong_count_is_reported() {
        let d = messages(load(&collection(31, &[])));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "expected 32 federal entities, found 31");
        assert_eq!(d[0].line, None);
    }

    #[test]
    fn duplicate_code_is_reported_at_the_feature() {
        let text = collection(31, &[feature("MX-BCN", "02", &square(-80.0))]);
        let d = messages(load(&text));
        let duplicate = d
            .iter()
            .find(|d| {
                d.message
                    == "feature 32 (MX-BCN): duplicate code `MX-BCN`, already used by feature 2"
            })
            .unwrap_or_else(|| panic!("{d:?}"));
        // The 32nd feature starts on line 34 (features begin on line 3).
        assert_eq!((duplicate.line, duplicate.column), (Some(34), Some(1)));
    }

    #[test]
    fn point_geometry_and_other_problems_are_all_reported() {
        let point = feature(
            "MX-TAM",
            "28",
            r#"{"type":"Point","coordinates":[-100,20]}"#,
        );
        let open = feature(
            "MX-TLA",
            "29",
            r#"{"type":"Polygon","coordinates":[[[-100,20],[-99,20],[-99,21],[-100,21]]]}"#,
        );
        let short = feature(
            "MX-VER",
            "30",
            r#"{"type":"MultiPolygon","coordinates":[[[[-100,20],[-99,20],[-100,20]]]]}"#,
        );
        let far = feature(
            "MX-YUC",
            "31",
            r#"{"type":"Polygon","coordinates":[[[20,-100],[20,-99],[21,-99],[20,-100]]]}"#,
        );
        let nameless = r#"{"type":"Feature","properties":{"code":"mx-chh","inegi":8,"name_es":""},"geometry":null}"#.to_string();
        let text = collection(27, &[point, open, short, far, nameless]);
        let d = messages(load(&text));
        let got: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "feature 28 (MX-TAM): geometry is a Point; expected a Polygon or MultiPolygon",
                "feature 29 (MX-TLA): ring 1 is not closed: it starts at [-100.0, 20.0] but ends at [-100.0, 21.0]",
                "feature 30 (MX-VER): polygon 1, ring 1 has 3 positions; a ring needs at least 4",
                "feature 31 (MX-YUC): bad coordinates: ring 1, position 1 is [20, -100], out of range (and 3 more)",
                "feature 32: code `mx-chh` is not the ISO 3166-2:MX code of a federal entity",
                "feature 32: property `inegi` must be a string, found a number",
                "feature 32: property `name_es` is empty",
                "feature 32: has no `name_en` property",
                "feature 32: has no geometry",
            ]
        );
        assert!(d.iter().all(|d| d.line.is_some() && d.hint.is_some()));
        assert_eq!(d[0].line, Some(30));
    }

    #[test]
    fn codes_must_be_iso_and_match_inegi() {
        let unknown = feature("MX-XYZ", "32", &square(-80.0));
        let d = messages(load(&collection(31, &[unknown])));
        assert!(
            d.iter().any(|d| d.message
                == "feature 32: code `MX-XYZ` is not the ISO 3166-2:MX code of a federal entity"),
            "{d:?}"
        );
        let swapped = feature("MX-ZAC", "08", &square(-80.0));
        let d = messages(load(&collection(31, &[swapped])));
        assert!(
            d.iter().any(|d| d
                .message
                .ends_with("INEGI code `08` belongs to MX-CHH, not MX-ZAC")),
            "{d:?}"
        );
    }

    #[test]
    fn malformed_geometry_is_reported() {
        let short = feature(
            "MX-ZAC",
            "32",
            r#"{"type":"Polygon","coordinates":[[[-100],[-99,20],[-99,21],[-100]]]}"#,
        );
        let d = messages(load(&collection(31, &[short])));
        let got: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            got,
            ["feature 32 (MX-ZAC): bad coordinates: ring 1, position 1 has 1 number(s) instead of [longitude, latitude] (and 1 more)"]
        );
        let nested = feature(
            "MX-ZAC",
            "32",
            r#"{"type":"Polygon","coordinates":[[-100,20]]}"#,
        );
        let d = messages(load(&collection(31, &[nested])));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .starts_with("feature 32 (MX-ZAC): malformed Polygon geometry: "),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn offsets_of_features() {
        let text =
            r#"{"a":{"features":[9]}, "b":"features", "features" : [ {"x":"]"} ,[1,2], "s\"" ]}"#;
        let offsets = feature_offsets(text);
        let starts: Vec<&str> = offsets.iter().map(|&o| &text[o..o + 3]).collect();
        assert_eq!(starts, [r#"{"x"#, "[1,", r#""s\"#]);
    }
}
