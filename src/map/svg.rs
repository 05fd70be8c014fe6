//! Draws regions as compact SVG path data: project, fit to the viewBox, simplify, round, format.

use super::geo::Region;
use super::label::label_point;
use super::plane::Polygon;
use super::projection::Lambert;
use super::simplify::simplify_rings;

/// How to draw the map.
///
/// The frame keeps a margin of `width / 200` on every side, so strokes up to that width are
/// not clipped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrawOptions {
    /// Width of the viewBox in pixels; the height follows the map's aspect.
    pub width: f64,
    /// Simplification tolerance in pixels; 0 draws every vertex.
    pub tolerance: f64,
    /// Decimals kept in the path data (0 to 3; 0 or 1 is plenty for a screen map).
    pub decimals: u8,
    /// Leaves out far-offshore islands that would widen the frame: the Revillagigedo
    /// islands (Colima polygons entirely west of 105° W) and Isla Guadalupe (Baja California
    /// polygons entirely west of 117° W).
    pub crop_far_islands: bool,
}

impl DrawOptions {
    /// The full-width map: 800 px wide, 0.4 px tolerance, one decimal, far islands cropped.
    pub fn main_map() -> Self {
        DrawOptions {
            width: 800.0,
            tolerance: 0.4,
            decimals: 1,
            crop_far_islands: true,
        }
    }

    /// A small locator map: 240 px wide, 0.8 px tolerance, whole pixels, far islands cropped.
    pub fn locator() -> Self {
        DrawOptions {
            width: 240.0,
            tolerance: 0.8,
            decimals: 0,
            crop_far_islands: true,
        }
    }
}

impl Default for DrawOptions {
    /// [`DrawOptions::main_map`].
    fn default() -> Self {
        DrawOptions::main_map()
    }
}

/// A drawn map: use `viewBox="0 0 {width} {height}"`.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnMap {
    /// Width of the viewBox.
    pub width: f64,
    /// Height of the viewBox.
    pub height: f64,
    /// One shape per region, in the order of the regions given.
    pub shapes: Vec<DrawnShape>,
}

/// One region as drawn, in viewBox coordinates (x to the right, y down).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnShape {
    /// The region's ISO 3166-2 code.
    pub code: String,
    /// SVG path data: one `M…l…z` subpath per ring.
    pub d: String,
    /// A point well inside the region's largest polygon, for a label or marker.
    pub label: [f64; 2],
}

/// Far-offshore islands left out by [`DrawOptions::crop_far_islands`]: a polygon of the
/// region lying entirely west of the longitude is dropped.
const FAR_ISLANDS: [(&str, f64); 2] = [("MX-COL", -105.0), ("MX-BCN", -117.0)];

/// Draws the regions with the Lambert projection for Mexico, fitted to `options.width`
/// with north up, simplified without opening gaps between neighbours, and rounded.
pub fn draw(regions: &[Region], options: &DrawOptions) -> DrawnMap {
    let decimals = u32::from(options.decimals.min(3));
    let factor = 10f64.powi(decimals as i32);
    let (width, height, fitted) = fit(regions, options);
    let simplified = simplify(fitted, options.tolerance);
    let shapes = regions
        .iter()
        .zip(simplified)
        .map(|(region, polygons)| {
            let units = round_polygons(&polygons, factor);
            shape(&region.code, &units, decimals, factor)
        })
        .collect();
    DrawnMap {
        width,
        height,
        shapes,
    }
}

/// Projects the regions (less far islands when asked) and fits them into the viewBox.
/// Returns the width, the height and every region's polygons in pixels.
fn fit(regions: &[Region], options: &DrawOptions) -> (f64, f64, Vec<Vec<Polygon<f64>>>) {
    let lambert = Lambert::mexico();
    let projected: Vec<Vec<Polygon<f64>>> = regions
        .iter()
        .map(|region| {
            kept_polygons(region, options.crop_far_islands)
                .map(|polygon| {
                    polygon
                        .iter()
                        .map(|ring| {
                            ring.iter()
                                .map(|&[lon, lat]| lambert.project(lon, lat))
                                .collect()
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut extent = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for [x, y] in projected.iter().flatten().flatten().flatten() {
        if x.is_finite() && y.is_finite() {
            extent = [
                extent[0].min(*x),
                extent[1].min(*y),
                extent[2].max(*x),
                extent[3].max(*y),
            ];
        }
    }
    let width = options.width;
    let margin = width / 200.0;
    let span = [extent[2] - extent[0], extent[3] - extent[1]];
    let scale = (width - 2.0 * margin) / span[0];
    if !(scale.is_finite() && scale > 0.0) {
        return (
            width,
            2.0 * margin,
            projected.into_iter().map(|_| Vec::new()).collect(),
        );
    }
    let factor = 10f64.powi(i32::from(options.decimals.min(3)));
    let height = ((span[1] * scale + 2.0 * margin) * factor).ceil() / factor;
    let fitted = projected
        .into_iter()
        .map(|polygons| {
            polygons
                .into_iter()
                .map(|rings| {
                    rings
                        .into_iter()
                        .map(|ring| {
                            ring.into_iter()
                                .map(|[x, y]| {
                                    [
                                        margin + (x - extent[0]) * scale,
                                        margin + (extent[3] - y) * scale,
                                    ]
                                })
                                .collect()
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    (width, height, fitted)
}

/// The region's polygons, less far-offshore islands when `crop` is set (never all of them).
fn kept_polygons(region: &Region, crop: bool) -> impl Iterator<Item = &Polygon<f64>> {
    let west_of = FAR_ISLANDS
        .iter()
        .find(|(code, _)| crop && *code == region.code)
        .map(|&(_, lon)| lon);
    let far = move |polygon: &Polygon<f64>| {
        west_of.is_some_and(|limit| {
            polygon
                .first()
                .is_some_and(|ring| ring.iter().all(|p| p[0] < limit))
        })
    };
    let all_far = region.polygons.iter().all(far);
    region.polygons.iter().filter(move |p| all_far || !far(p))
}

/// Simplifies every ring of every region together, so shared borders stay shared.
fn simplify(regions: Vec<Vec<Polygon<f64>>>, tolerance: f64) -> Vec<Vec<Polygon<f64>>> {
    if tolerance.is_nan() || tolerance <= 0.0 {
        return regions;
    }
    let flat: Vec<Vec<[f64; 2]>> = regions.iter().flatten().flatten().cloned().collect();
    let mut simplified = simplify_rings(&flat, tolerance).into_iter();
    regions
        .into_iter()
        .map(|polygons| {
            polygons
                .into_iter()
                .map(|rings| rings.iter().filter_map(|_| simplified.next()).collect())
                .collect()
        })
        .collect()
}

/// Rounds to multiples of `1 / factor` (as integers), drops repeated points and the closing
/// point, and leaves out rings that collapse below three points (a polygon whose exterior
/// collapses goes with it, unless it is the region's last).
fn round_polygons(polygons: &[Polygon<f64>], factor: f64) -> Vec<Polygon<i64>> {
    let round_ring = |ring: &Vec<[f64; 2]>| {
        let mut out: Vec<[i64; 2]> = Vec::with_capacity(ring.len());
        for p in ring {
            let q = [
                (p[0] * factor).round() as i64,
                (p[1] * factor).round() as i64,
            ];
            if out.last() != Some(&q) {
                out.push(q);
            }
        }
        while out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        out
    };
    let rounded: Vec<Polygon<i64>> = polygons
        .iter()
        .map(|rings| rings.iter().map(round_ring).collect())
        .collect();
    let kept: Vec<Polygon<i64>> = rounded
        .iter()
        .filter(|rings| rings.first().is_some_and(|r| r.len() >= 3))
        .map(|rings| rings.iter().filter(|r| r.len() >= 3).cloned().collect())
        .collect();
    if kept.is_empty() {
        // Keep the biggest collapsed polygon rather than lose the region.
        rounded
            .into_iter()
            .max_by_key(|rings| rings.first().map_or(0, Vec::len))
            .into_iter()
            .collect()
    } else {
        kept
    }
}

/// The shape of one region from its rounded polygons.
fn shape(code: &str, polygons: &[Polygon<i64>], decimals: u32, factor: f64) -> DrawnShape {
    let label = if polygons.iter().flatten().flatten().next().is_none() {
        [0.0; 2]
    } else {
        let in_px: Vec<Polygon<f64>> = polygons
            .iter()
            .map(|polygon| {
                polygon
                    .iter()
                    .map(|ring| {
                        ring.iter()
                            .map(|&[x, y]| [x as f64 / factor, y as f64 / factor])
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let [x, y] = label_point(&in_px);
        [(x * factor).round() / factor, (y * factor).round() / factor]
    };
    DrawnShape {
        code: code.to_string(),
        d: path_data(polygons, decimals),
        label,
    }
}

/// SVG path data for rounded polygons: per ring `M` to the first point, relative `l` to the
/// others, and `z`.
fn path_data(polygons: &[Polygon<i64>], decimals: u32) -> String {
    let mut w = PathWriter::default();
    for ring in polygons.iter().flatten() {
        let Some(&[x0, y0]) = ring.first() else {
            continue;
        };
        w.command('M');
        w.number(x0, decimals);
        w.number(y0, decimals);
        if ring.len() > 1 {
            w.command('l');
            for pair in ring.windows(2) {
                w.number(pair[1][0] - pair[0][0], decimals);
                w.number(pair[1][1] - pair[0][1], decimals);
            }
        }
        w.command('z');
    }
    w.out
}

/// Writes path data with separators only where the parser needs them.
#[derive(Default)]
struct PathWriter {
    out: String,
    /// Whether the last number written has a decimal point; `None` after a command letter.
    last_had_point: Option<bool>,
}

impl PathWriter {
    fn command(&mut self, c: char) {
        self.out.push(c);
        self.last_had_point = None;
    }

    fn number(&mut self, value: i64, decimals: u32) {
        let s = format_fixed(value, decimals);
        // "-" always starts a new number, and so does "." after a number that has one.
        let joins = s.starts_with('-') || (s.starts_with('.') && self.last_had_point == Some(true));
        if self.last_had_point.is_some() && !joins {
            self.out.push(' ');
        }
        self.last_had_point = Some(s.contains('.'));
        self.out.push_str(&s);
    }
}

/// `value / 10^decimals` written shortest: no trailing zeros, no leading zero before the
/// point (`.5`, `-.5`), and never `-0`.
fn format_fixed(value: i64, decimals: u32) -> String {
    let unit = 10u64.pow(decimals);
    let magnitude = value.unsigned_abs();
    let (whole, fraction) = (magnitude / unit, magnitude % unit);
    let mut s = String::new();
    if value < 0 {
        s.push('-');
    }
    if fraction == 0 {
        s.push_str(&whole.to_string());
        return s;
    }
    if whole > 0 {
        s.push_str(&whole.to_string());
    }
    let digits = format!("{fraction:0width$}", width = decimals as usize);
    s.push('.');
    s.push_str(digits.trim_end_matches('0'));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::geo::load_regions;
    use crate::map::label::signed_distance;
    use std::collections::{BTreeSet, HashSet};
    use std::path::Path;

    fn real() -> Vec<Region> {
        let text = include_str!("../../content/geo/mexico-states.geojson");
        load_regions(Path::new("mexico-states.geojson"), text).unwrap()
    }

    /// Reads back path data written by `path_data`: absolute points per subpath, in units of
    /// `10^-decimals`.
    fn parse(d: &str, decimals: u32) -> Vec<Vec<[i64; 2]>> {
        let factor = 10f64.powi(decimals as i32);
        let mut rings: Vec<Vec<[i64; 2]>> = Vec::new();
        let mut numbers: Vec<i64> = Vec::new();
        let mut command = ' ';
        let chars: Vec<char> = d.chars().collect();
        let mut i = 0;
        let flush = |command: char, numbers: &mut Vec<i64>, rings: &mut Vec<Vec<[i64; 2]>>| {
            for pair in numbers.chunks(2) {
                let ring = rings.last_mut().unwrap();
                let [x, y] = *ring.last().unwrap_or(&[0, 0]);
                match command {
                    'M' => ring.push([pair[0], pair[1]]),
                    'l' => ring.push([x + pair[0], y + pair[1]]),
                    _ => panic!("numbers after {command}"),
                }
            }
            numbers.clear();
        };
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_alphabetic() {
                flush(command, &mut numbers, &mut rings);
                if c == 'M' {
                    rings.push(Vec::new());
                }
                command = c;
                i += 1;
            } else if c == ' ' {
                i += 1;
            } else {
                let start = i;
                let mut seen_point = false;
                i += 1;
                if c == '.' {
                    seen_point = true;
                }
                while i < chars.len()
                    && (chars[i].is_ascii_digit() || (chars[i] == '.' && !seen_point))
                {
                    seen_point |= chars[i] == '.';
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let value: f64 = text.parse().unwrap();
                numbers.push((value * factor).round() as i64);
            }
        }
        flush(command, &mut numbers, &mut rings);
        rings
    }

    /// Bounding box of a drawn shape, read back from its path data:
    /// `[x_min, y_min, x_max, y_max]`.
    fn bbox(shape: &DrawnShape, decimals: u32) -> [f64; 4] {
        let factor = 10f64.powi(decimals as i32);
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for [x, y] in parse(&shape.d, decimals).into_iter().flatten() {
            let (x, y) = (x as f64 / factor, y as f64 / factor);
            b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
        }
        b
    }

    #[test]
    fn numbers_are_written_shortest() {
        let cases = [
            (0, 1, "0"),
            (5, 1, ".5"),
            (-5, 1, "-.5"),
            (120, 1, "12"),
            (-1234, 1, "-123.4"),
            (-3, 0, "-3"),
            (1050, 2, "10.5"),
            (7, 3, ".007"),
        ];
        for (value, decimals, expected) in cases {
            assert_eq!(format_fixed(value, decimals), expected);
        }
    }

    #[test]
    fn path_data_is_compact() {
        let triangle = vec![vec![vec![[120, 340], [150, 320], [190, 370]]]];
        assert_eq!(path_data(&triangle, 0), "M120 340l30-20 40 50z");
        // One decimal: ".5" may follow a number with a point without a separator.
        let fine = vec![vec![vec![[120, 340], [155, 337], [150, 342], [150, 352]]]];
        assert_eq!(path_data(&fine, 1), "M12 34l3.5-.3-.5.5 0 1z");
        // One subpath per ring, holes included, each closed.
        let two = vec![
            vec![
                vec![[0, 0], [100, 0], [100, 100]],
                vec![[20, 20], [30, 30], [20, 30]],
            ],
            vec![vec![[-5, 0], [0, 5], [5, 0]]],
        ];
        assert_eq!(
            path_data(&two, 1),
            "M0 0l10 0 0 10zM2 2l1 1-1 0zM-.5 0l.5.5.5-.5z"
        );
        assert_eq!(
            parse("M0 0l10 0 0 10zM2 2l1 1-1 0zM-.5 0l.5.5.5-.5z", 1),
            vec![
                vec![[0, 0], [100, 0], [100, 100]],
                vec![[20, 20], [30, 30], [20, 30]],
                vec![[-5, 0], [0, 5], [5, 0]],
            ]
        );
    }

    #[test]
    fn rounding_drops_repeats_and_collapsed_islands() {
        let polygons = vec![
            vec![vec![
                [0.0, 0.0],
                [10.04, 0.0],
                [10.0, 0.01],
                [10.0, 10.0],
                [0.0, 0.0],
            ]],
            vec![vec![[50.0, 50.0], [50.2, 50.0], [50.1, 50.2], [50.0, 50.0]]],
        ];
        assert_eq!(
            round_polygons(&polygons, 1.0),
            vec![vec![vec![[0, 0], [10, 0], [10, 10]]]]
        );
        assert_eq!(round_polygons(&polygons, 10.0).len(), 2);
        // A region that collapses entirely keeps its biggest polygon.
        let tiny = vec![vec![vec![[5.0, 5.0], [5.1, 5.0], [5.0, 5.1], [5.0, 5.0]]]];
        assert_eq!(round_polygons(&tiny, 1.0), vec![vec![vec![[5, 5]]]]);
    }

    /// Two square states side by side, sharing the meridian 100° W.
    fn synthetic() -> Vec<Region> {
        let square = |code: &str, west: f64| Region {
            code: code.to_string(),
            inegi: "01".to_string(),
            name_es: code.to_string(),
            name_en: code.to_string(),
            polygons: vec![vec![vec![
                [west, 20.0],
                [west + 1.0, 20.0],
                [west + 1.0, 21.0],
                [west, 21.0],
                [west, 20.0],
            ]]],
        };
        vec![square("MX-AAA", -101.0), square("MX-BBB", -100.0)]
    }

    #[test]
    fn synthetic_map_fits_the_frame() {
        let options = DrawOptions {
            width: 200.0,
            tolerance: 0.5,
            decimals: 0,
            crop_far_islands: true,
        };
        let map = draw(&synthetic(), &options);
        assert_eq!(map.width, 200.0);
        assert!(map.height > 80.0 && map.height < 120.0, "{}", map.height);
        let [a, b] = [&map.shapes[0], &map.shapes[1]];
        assert_eq!((a.code.as_str(), b.code.as_str()), ("MX-AAA", "MX-BBB"));
        // West on the left, a one-pixel margin on the outer sides, the shared edge shared.
        let (a_box, b_box) = (bbox(a, 0), bbox(b, 0));
        assert_eq!(a_box[0], 1.0);
        assert_eq!(b_box[2], 199.0);
        let (pa, pb) = (parse(&a.d, 0), parse(&b.d, 0));
        let common = pa[0].iter().filter(|p| pb[0].contains(p)).count();
        assert_eq!(common, 2, "{} / {}", a.d, b.d);
        assert!(a.label[0] > a_box[0] && a.label[0] < a_box[2]);
        assert!(a.label[1] > a_box[1] && a.label[1] < a_box[3]);
        for shape in &map.shapes {
            let rings = parse(&shape.d, 0);
            assert_eq!(rings.len(), 1);
            assert_eq!(rings[0].len(), 4, "{}", shape.d);
        }
        // Nothing to draw: no panic, empty shapes.
        let empty = draw(&[], &options);
        assert!(empty.shapes.is_empty());
    }

    #[test]
    fn real_map_is_deterministic_complete_and_within_budget() {
        let regions = real();
        for (options, budget) in [
            (DrawOptions::main_map(), 55_000),
            (DrawOptions::locator(), 8_000),
        ] {
            let map = draw(&regions, &options);
            assert_eq!(map, draw(&regions, &options));
            assert_eq!(map.shapes.len(), 32);
            let total: usize = map.shapes.iter().map(|s| s.d.len()).sum();
            assert!(total < budget, "{total} bytes for {options:?}");
            let decimals = u32::from(options.decimals);
            for shape in &map.shapes {
                assert!(
                    shape.d.starts_with('M') && shape.d.ends_with('z'),
                    "{}",
                    shape.code
                );
                let rings = parse(&shape.d, decimals);
                assert!(rings.iter().all(|r| r.len() >= 3), "{}", shape.code);
                // The label lies inside the drawn shape, inside the frame.
                let factor = 10f64.powi(decimals as i32);
                let px: Polygon<f64> = rings
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|&[x, y]| [x as f64 / factor, y as f64 / factor])
                            .collect()
                    })
                    .collect();
                let [x, y] = shape.label;
                assert!(
                    signed_distance([x, y], &px) > 0.0,
                    "{} label {:?}",
                    shape.code,
                    shape.label
                );
                let [x0, y0, x1, y1] = bbox(shape, decimals);
                assert!(0.0 < x0 && x0 < x1 && x1 < map.width, "{}", shape.code);
                assert!(0.0 < y0 && y0 < y1 && y1 < map.height, "{}", shape.code);
            }
            // North up, west left.
            let find = |code: &str| {
                bbox(
                    map.shapes.iter().find(|s| s.code == code).unwrap(),
                    decimals,
                )
            };
            assert!(find("MX-BCN")[2] < find("MX-YUC")[0]);
            assert!(find("MX-CHH")[3] < find("MX-CHP")[1]);
            assert!(find("MX-ROO")[2] > find("MX-CAM")[2]);
        }
    }

    #[test]
    fn cropping_far_islands_narrows_the_frame() {
        let regions = real();
        let mut options = DrawOptions::main_map();
        let cropped = draw(&regions, &options);
        options.crop_far_islands = false;
        let full = draw(&regions, &options);
        // The full map spans more longitude, so the same width gets a shorter map.
        assert!(
            full.height < cropped.height - 20.0,
            "{} vs {}",
            full.height,
            cropped.height
        );
        let subpaths = |map: &DrawnMap, code: &str| {
            map.shapes
                .iter()
                .find(|s| s.code == code)
                .unwrap()
                .d
                .matches('M')
                .count()
        };
        assert_eq!(subpaths(&full, "MX-COL") - subpaths(&cropped, "MX-COL"), 3);
        assert_eq!(subpaths(&full, "MX-BCN") - subpaths(&cropped, "MX-BCN"), 1);
        let col = cropped.shapes.iter().find(|s| s.code == "MX-COL").unwrap();
        let col_box = bbox(col, u32::from(options.decimals));
        assert!(col_box[2] - col_box[0] < 40.0, "{col_box:?}");
    }

    #[test]
    fn real_borders_stay_shared_after_simplification() {
        let regions = real();
        let options = DrawOptions::main_map();
        let decimals = u32::from(options.decimals);
        let factor = 10f64.powi(decimals as i32);
        let (_, _, fitted) = fit(&regions, &options);
        let vertices = |polygons: &Vec<Polygon<f64>>| -> HashSet<[u64; 2]> {
            polygons
                .iter()
                .flatten()
                .flatten()
                .map(|p| p.map(f64::to_bits))
                .collect()
        };
        let original: Vec<HashSet<[u64; 2]>> = fitted.iter().map(vertices).collect();
        let simplified = simplify(fitted, options.tolerance);
        let kept: Vec<HashSet<[u64; 2]>> = simplified.iter().map(vertices).collect();
        let map = draw(&regions, &options);
        let drawn: Vec<HashSet<[i64; 2]>> = map
            .shapes
            .iter()
            .map(|s| parse(&s.d, decimals).into_iter().flatten().collect())
            .collect();
        let mut pairs = 0;
        let mut checked_points = 0;
        let mut simplified_somewhere = false;
        for a in 0..regions.len() {
            for b in a + 1..regions.len() {
                let border: BTreeSet<[u64; 2]> =
                    original[a].intersection(&original[b]).copied().collect();
                if border.len() < 2 {
                    continue;
                }
                pairs += 1;
                let in_a: BTreeSet<_> = border.iter().filter(|p| kept[a].contains(*p)).collect();
                let in_b: BTreeSet<_> = border.iter().filter(|p| kept[b].contains(*p)).collect();
                assert_eq!(in_a, in_b, "{} / {}", regions[a].code, regions[b].code);
                assert!(
                    !in_a.is_empty(),
                    "{} / {}",
                    regions[a].code,
                    regions[b].code
                );
                simplified_somewhere |= in_a.len() < border.len();
                // And the rounded points of that border are in both drawn paths.
                for p in in_a {
                    let q = p.map(|bits| (f64::from_bits(bits) * factor).round() as i64);
                    assert!(
                        drawn[a].contains(&q) && drawn[b].contains(&q),
                        "{} / {} at {q:?}",
                        regions[a].code,
                        regions[b].code
                    );
                    checked_points += 1;
                }
            }
        }
        // Mexico's 32 entities have about 80 pairs of neighbours.
        assert!(pairs > 60, "{pairs} pairs");
        assert!(simplified_somewhere);
        assert!(checked_points > 500, "{checked_points} points");
    }

    #[test]
    fn unsimplified_map_keeps_every_vertex() {
        let regions = real();
        let options = DrawOptions {
            width: 800.0,
            tolerance: 0.0,
            decimals: 3,
            crop_far_islands: false,
        };
        let map = draw(&regions, &options);
        let points: usize = map
            .shapes
            .iter()
            .map(|s| parse(&s.d, 3).iter().map(Vec::len).sum::<usize>())
            .sum();
        let rings: usize = regions.iter().flat_map(|r| &r.polygons).map(Vec::len).sum();
        // Every position but the closing one of each ring.
        assert_eq!(points, 7938 - rings);
    }
}
