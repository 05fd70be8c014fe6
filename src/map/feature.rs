//! The checks of one GeoJSON feature: its properties, its codes and its geometry.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::codes::{is_inegi_code, is_iso_code, iso_for_inegi};
use super::geo::kind;
use crate::diagnostic::Diagnostic;

/// The four string properties of a feature.
pub(super) struct Properties {
    pub(super) code: String,
    pub(super) inegi: String,
    pub(super) name_es: String,
    pub(super) name_en: String,
}

/// Checks one feature, adding its problems to the list.
pub(super) struct FeatureCheck<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    /// Byte offset of the feature in the text, when known.
    pub(super) offset: Option<usize>,
    /// 1-based position in the `features` array.
    pub(super) number: usize,
    /// How messages name the feature: `feature 3` or `feature 3 (MX-CAM)`.
    pub(super) label: String,
    pub(super) problems: &'a mut Vec<Diagnostic>,
}

impl FeatureCheck<'_> {
    fn report(&mut self, message: String, hint: &str) {
        let mut d = Diagnostic::new(self.path, format!("{}: {message}", self.label)).hint(hint);
        if let Some(offset) = self.offset {
            d = d.at_offset(self.text, offset);
        }
        self.problems.push(d);
    }

    pub(super) fn feature_object(&mut self, feature: Value) -> Option<Map<String, Value>> {
        let Value::Object(object) = feature else {
            let kind = kind(&feature);
            self.report(
                format!("expected a GeoJSON Feature object, found {kind}"),
                r#"each element of "features" is {"type": "Feature", "properties": {...}, "geometry": {...}}"#,
            );
            return None;
        };
        match object.get("type").and_then(Value::as_str) {
            Some("Feature") => Some(object),
            other => {
                let found = other.map_or_else(|| "no type".to_string(), |t| format!("type `{t}`"));
                self.report(
                    format!("expected a GeoJSON Feature, found {found}"),
                    r#"write "type": "Feature" in each element of "features""#,
                );
                None
            }
        }
    }

    pub(super) fn properties(&mut self, object: &Map<String, Value>) -> Option<Properties> {
        let hint = r#"give each feature "properties": {"code": "MX-CHH", "inegi": "08", "name_es": "Chihuahua", "name_en": "Chihuahua"}"#;
        let properties = match object.get("properties") {
            Some(Value::Object(p)) => p,
            None | Some(Value::Null) => {
                self.report("has no properties".to_string(), hint);
                return None;
            }
            Some(other) => {
                let kind = kind(other);
                self.report(
                    format!("`properties` must be an object, found {kind}"),
                    hint,
                );
                return None;
            }
        };
        let code = self.string(properties, "code", "MX-CHH");
        if let Some(code) = &code {
            if !is_iso_code(code) {
                self.report(
                    format!("code `{code}` is not the ISO 3166-2:MX code of a federal entity"),
                    "use one of the 32 codes of ISO 3166-2:MX, e.g. MX-CHH (Chihuahua) or MX-CMX (Ciudad de México)",
                );
            }
        }
        let inegi = self.string(properties, "inegi", "08");
        if let Some(inegi) = &inegi {
            if !is_inegi_code(inegi) {
                self.report(
                    format!("INEGI code `{inegi}` is not a two-digit number from 01 to 32"),
                    r#"write it as a string with a leading zero, e.g. "inegi": "08""#,
                );
            }
        }
        if let (Some(code), Some(expected)) = (&code, inegi.as_deref().and_then(iso_for_inegi)) {
            if is_iso_code(code) && *code != expected {
                let inegi = inegi.as_deref().unwrap_or_default();
                self.report(
                    format!("INEGI code `{inegi}` belongs to {expected}, not {code}"),
                    "check the feature's `code` and `inegi` against INEGI's catalogue of federal entities",
                );
            }
        }
        let name_es = self.string(properties, "name_es", "Ciudad de México");
        let name_en = self.string(properties, "name_en", "Mexico City");
        // Each state's page is named after it (`/es/mapa/<name>/`): a name with no letter or
        // digit would name the map page itself.
        for (key, name) in [("name_es", &name_es), ("name_en", &name_en)] {
            if let Some(name) = name.as_deref() {
                use crate::content::slug;
                let segment = slug::slugify(name);
                let level = slug::Level::Map;
                if segment.is_empty() {
                    self.report(
                        format!("property `{key}` (`{name}`) has no letter or digit to make the URL of the state's page from"),
                        "write the state's name, e.g. \"Chihuahua\"",
                    );
                } else if let Some(why) = slug::reserved(&segment, level, &Default::default()) {
                    self.report(
                        format!("property `{key}` (`{name}`) makes the URL segment `{segment}`, which {why}"),
                        "write the state's name, e.g. \"Chihuahua\"",
                    );
                }
            }
        }
        match (code, inegi, name_es, name_en) {
            (Some(code), Some(inegi), Some(name_es), Some(name_en))
                if is_iso_code(&code) && iso_for_inegi(&inegi) == Some(code.as_str()) =>
            {
                Some(Properties {
                    code,
                    inegi,
                    name_es,
                    name_en,
                })
            }
            _ => None,
        }
    }

    /// A non-empty string property.
    fn string(
        &mut self,
        properties: &Map<String, Value>,
        key: &str,
        example: &str,
    ) -> Option<String> {
        let hint = format!(r#"add a string property, e.g. "{key}": "{example}""#);
        match properties.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::String(_)) => {
                self.report(format!("property `{key}` is empty"), &hint);
                None
            }
            None | Some(Value::Null) => {
                self.report(format!("has no `{key}` property"), &hint);
                None
            }
            Some(other) => {
                let kind = kind(other);
                self.report(
                    format!("property `{key}` must be a string, found {kind}"),
                    &hint,
                );
                None
            }
        }
    }

    /// Reports a value already used by an earlier feature; records it otherwise.
    pub(super) fn unique(
        &mut self,
        what: &str,
        value: &str,
        seen: &mut HashMap<String, usize>,
    ) -> bool {
        match seen.get(value) {
            Some(&first) => {
                self.report(
                    format!("duplicate {what} `{value}`, already used by feature {first}"),
                    "each federal entity must appear once: fix the code, or merge the two features into one MultiPolygon",
                );
                false
            }
            None => {
                seen.insert(value.to_string(), self.number);
                true
            }
        }
    }

    pub(super) fn geometry(&mut self, geometry: Option<Value>) -> Option<Vec<Vec<Vec<[f64; 2]>>>> {
        let area_hint = "a federal entity is an area: use a Polygon, or a MultiPolygon for an entity with islands";
        let geometry = match geometry {
            None | Some(Value::Null) => {
                self.report("has no geometry".to_string(), area_hint);
                return None;
            }
            Some(g) => g,
        };
        let kind_name = match geometry.get("type").and_then(Value::as_str) {
            Some(t @ ("Polygon" | "MultiPolygon")) => t.to_string(),
            Some(t) => {
                self.report(
                    format!("geometry is a {t}; expected a Polygon or MultiPolygon"),
                    area_hint,
                );
                return None;
            }
            None => {
                self.report("geometry has no `type`".to_string(), area_hint);
                return None;
            }
        };
        let parsed: geojson::Geometry = match serde_json::from_value(geometry) {
            Ok(g) => g,
            Err(e) => {
                self.report(
                    format!("malformed {kind_name} geometry: {e}"),
                    "coordinates are [[[lon, lat], ...], ...] for a Polygon and [[[[lon, lat], ...], ...], ...] for a MultiPolygon",
                );
                return None;
            }
        };
        let (polygons, multi) = match parsed.value {
            geojson::GeometryValue::Polygon { coordinates } => (vec![coordinates], false),
            geojson::GeometryValue::MultiPolygon { coordinates } => (coordinates, true),
            other => {
                let t = other.type_name();
                self.report(
                    format!("geometry is a {t}; expected a Polygon or MultiPolygon"),
                    area_hint,
                );
                return None;
            }
        };
        if polygons.is_empty() {
            self.report("MultiPolygon has no polygons".to_string(), area_hint);
            return None;
        }
        let before = self.problems.len();
        let mut bad_positions: Vec<String> = Vec::new();
        let mut out = Vec::with_capacity(polygons.len());
        for (p, polygon) in polygons.iter().enumerate() {
            let polygon_label = if multi {
                format!("polygon {}, ", p + 1)
            } else {
                String::new()
            };
            if polygon.is_empty() {
                self.report(
                    format!("polygon {} has no rings", p + 1),
                    "a polygon needs an exterior ring: [[lon, lat], ...] with the first position repeated at the end",
                );
                continue;
            }
            let mut rings = Vec::with_capacity(polygon.len());
            for (r, ring) in polygon.iter().enumerate() {
                let where_ = format!("{polygon_label}ring {}", r + 1);
                let mut points = Vec::with_capacity(ring.len());
                let mut all_valid = true;
                for (k, position) in ring.iter().enumerate() {
                    let at = || format!("{where_}, position {}", k + 1);
                    let &[lon, lat, ..] = position.as_slice() else {
                        let n = position.len();
                        bad_positions.push(format!(
                            "{} has {n} number(s) instead of [longitude, latitude]",
                            at()
                        ));
                        all_valid = false;
                        points.push([f64::NAN, f64::NAN]);
                        continue;
                    };
                    let in_range = (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
                    if !in_range {
                        bad_positions.push(format!("{} is [{lon}, {lat}], out of range", at()));
                        all_valid = false;
                    }
                    points.push([lon, lat]);
                }
                if points.len() < 4 {
                    self.report(
                        format!(
                            "{where_} has {} positions; a ring needs at least 4",
                            points.len()
                        ),
                        "a ring lists at least three corners and then repeats the first position",
                    );
                } else if all_valid && points.first() != points.last() {
                    self.report(
                        format!(
                            "{where_} is not closed: it starts at {:?} but ends at {:?}",
                            points[0],
                            points[points.len() - 1]
                        ),
                        "repeat the first position at the end of the ring",
                    );
                }
                rings.push(points);
            }
            out.push(rings);
        }
        if let Some(first) = bad_positions.first() {
            let more = match bad_positions.len() - 1 {
                0 => String::new(),
                n => format!(" (and {n} more)"),
            };
            self.report(
                format!("bad coordinates: {first}{more}"),
                "positions are [longitude, latitude] in degrees, longitude −180..180 and latitude −90..90 (Mexico: about [−118..−86, 14..33]); check for swapped values",
            );
        }
        (self.problems.len() == before).then_some(out)
    }
}
