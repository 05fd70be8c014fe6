//! Plane geometry shared by simplification and labelling.

/// A polygon's rings, each a list of points.
pub(super) type Polygon<T> = Vec<Vec<[T; 2]>>;

/// Distance between two points.
pub(super) fn distance(p: [f64; 2], q: [f64; 2]) -> f64 {
    (p[0] - q[0]).hypot(p[1] - q[1])
}

/// Distance from `p` to the segment `a`–`b`.
pub(super) fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    if len2.is_nan() || len2 <= 0.0 {
        return distance(p, a);
    }
    let s = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
    distance(p, [a[0] + s * dx, a[1] + s * dy])
}
