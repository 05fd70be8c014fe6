//! Where a region's name goes: the pole of inaccessibility of its largest polygon.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::plane::{segment_distance, Polygon};

/// A point well inside the largest (by area) of `polygons`, to within a quarter of a unit.
pub(super) fn label_point(polygons: &[Polygon<f64>]) -> [f64; 2] {
    polygons
        .iter()
        .max_by(|a, b| polygon_area(a).total_cmp(&polygon_area(b)))
        .map_or([0.0, 0.0], |largest| polylabel(largest, 0.25))
}

/// Area of a polygon (exterior less holes), whatever the rings' direction.
fn polygon_area(polygon: &Polygon<f64>) -> f64 {
    let ring_area = |ring: &Vec<[f64; 2]>| {
        let n = ring.len();
        (0..n)
            .map(|i| {
                let (p, q) = (ring[i], ring[(i + 1) % n]);
                p[0] * q[1] - q[0] * p[1]
            })
            .sum::<f64>()
            .abs()
            / 2.0
    };
    let mut rings = polygon.iter();
    let exterior = rings.next().map_or(0.0, ring_area);
    exterior - rings.map(ring_area).sum::<f64>()
}

/// Signed distance from `p` to the polygon's outline: positive inside, negative outside.
pub(super) fn signed_distance(p: [f64; 2], polygon: &Polygon<f64>) -> f64 {
    let mut inside = false;
    let mut nearest = f64::INFINITY;
    for ring in polygon {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if (a[1] > p[1]) != (b[1] > p[1])
                && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
            {
                inside = !inside;
            }
            nearest = nearest.min(segment_distance(p, a, b));
        }
    }
    if inside {
        nearest
    } else {
        -nearest
    }
}

/// A square cell searched by [`polylabel`].
struct Cell {
    center: [f64; 2],
    half: f64,
    /// Signed distance from the center to the outline.
    distance: f64,
    /// The best distance any point in the cell could have.
    potential: f64,
}

impl Cell {
    fn new(center: [f64; 2], half: f64, polygon: &Polygon<f64>) -> Self {
        let distance = signed_distance(center, polygon);
        Cell {
            center,
            half,
            distance,
            potential: distance + half * std::f64::consts::SQRT_2,
        }
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cell {
    fn cmp(&self, other: &Self) -> Ordering {
        self.potential.total_cmp(&other.potential)
    }
}

/// The pole of inaccessibility of a polygon (the inside point farthest from its outline),
/// found to within `precision` by Mapbox's polylabel search.
fn polylabel(polygon: &Polygon<f64>, precision: f64) -> [f64; 2] {
    let Some(exterior) = polygon.first().filter(|r| !r.is_empty()) else {
        return [0.0, 0.0];
    };
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in exterior {
        b = [
            b[0].min(p[0]),
            b[1].min(p[1]),
            b[2].max(p[0]),
            b[3].max(p[1]),
        ];
    }
    let size = (b[2] - b[0]).min(b[3] - b[1]);
    if size.is_nan() || size <= 0.0 {
        return [b[0], b[1]];
    }
    let mut queue = BinaryHeap::new();
    let half = size / 2.0;
    let columns = (((b[2] - b[0]) / size).ceil() as usize).clamp(1, 64);
    let rows = (((b[3] - b[1]) / size).ceil() as usize).clamp(1, 64);
    for i in 0..columns {
        for j in 0..rows {
            let center = [b[0] + size * i as f64 + half, b[1] + size * j as f64 + half];
            queue.push(Cell::new(center, half, polygon));
        }
    }
    let mut best = Cell::new(centroid(exterior), 0.0, polygon);
    let middle = Cell::new([(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0], 0.0, polygon);
    if middle.distance > best.distance {
        best = middle;
    }
    let mut budget = 10_000;
    while let Some(cell) = queue.pop() {
        if cell.distance > best.distance {
            best = Cell::new(cell.center, 0.0, polygon);
        }
        budget -= 1;
        if budget == 0 || cell.potential - best.distance <= precision {
            if budget == 0 {
                break;
            }
            continue;
        }
        let h = cell.half / 2.0;
        for [dx, dy] in [[-h, -h], [h, -h], [-h, h], [h, h]] {
            queue.push(Cell::new(
                [cell.center[0] + dx, cell.center[1] + dy],
                h,
                polygon,
            ));
        }
    }
    best.center
}

/// Area centroid of a ring (its first point if it has no area).
fn centroid(ring: &[[f64; 2]]) -> [f64; 2] {
    let n = ring.len();
    let (mut area, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (p, q) = (ring[i], ring[(i + 1) % n]);
        let cross = p[0] * q[1] - q[0] * p[1];
        area += cross;
        cx += (p[0] + q[0]) * cross;
        cy += (p[1] + q[1]) * cross;
    }
    if area.abs() > 0.0 {
        [cx / (3.0 * area), cy / (3.0 * area)]
    } else {
        ring.first().copied().unwrap_or([0.0, 0.0])
    }
}
