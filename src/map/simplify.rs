//! Topology-preserving simplification: shared borders are split into arcs and each arc is simplified once.

use std::collections::HashMap;

use super::plane::{distance, segment_distance};

/// Simplifies closed rings together with Douglas–Peucker at `tolerance` (in the rings'
/// units), keeping every edge that two rings share identical in both.
///
/// Vertices with exactly the same coordinates are the same vertex. Rings are cut into arcs
/// at junctions (vertices where the set of rings using the neighbouring edges changes, or
/// where three or more edges meet); each arc is simplified once with its ends fixed, and every
/// ring is rebuilt from its simplified arcs, so neighbours keep the same border and no gap or
/// sliver opens between them. Every ring keeps at least three distinct points; a ring with
/// fewer to begin with is returned as it was.
///
/// Input rings may or may not repeat their first point at the end; output rings always do
/// (as in GeoJSON) and come in the same order. A `tolerance` that is not positive returns the
/// rings unchanged apart from that closing point and consecutive duplicate points.
pub fn simplify_rings(rings: &[Vec<[f64; 2]>], tolerance: f64) -> Vec<Vec<[f64; 2]>> {
    let mut topology = Topology::default();
    let ring_ids: Vec<Vec<u32>> = rings.iter().map(|r| topology.add_ring(r)).collect();
    if tolerance.is_nan() || tolerance <= 0.0 {
        return ring_ids
            .iter()
            .map(|ids| topology.closed_points(ids))
            .collect();
    }
    let usable: Vec<bool> = ring_ids.iter().map(|ids| distinct(ids) >= 3).collect();
    topology.index_edges(&ring_ids, &usable);
    let junction = topology.junctions(&ring_ids, &usable);

    // Cut the rings into arcs, sharing each arc between the rings that run along it.
    let mut arcs: Vec<Arc> = Vec::new();
    let mut arc_index: HashMap<Vec<u32>, usize> = HashMap::new();
    let mut ring_arcs: Vec<Vec<(usize, bool)>> = Vec::with_capacity(ring_ids.len());
    for (ids, &ok) in ring_ids.iter().zip(&usable) {
        if !ok {
            ring_arcs.push(Vec::new());
            continue;
        }
        let pieces = topology.cut(ids, &junction);
        // A ring of one or two arcs needs points inside them to stay a ring.
        let min_interior = match pieces.len() {
            1 => 2,
            2 => 1,
            _ => 0,
        };
        let mut refs = Vec::with_capacity(pieces.len());
        for piece in pieces {
            let reversed: Vec<u32> = piece.iter().rev().copied().collect();
            let (key, backwards) = if reversed < piece {
                (reversed, true)
            } else {
                (piece, false)
            };
            let index = *arc_index.entry(key.clone()).or_insert_with(|| {
                arcs.push(Arc {
                    ids: key,
                    min_interior: 0,
                    kept: Vec::new(),
                });
                arcs.len() - 1
            });
            arcs[index].min_interior = arcs[index].min_interior.max(min_interior);
            refs.push((index, backwards));
        }
        ring_arcs.push(refs);
    }

    for arc in &mut arcs {
        let points: Vec<[f64; 2]> = arc
            .ids
            .iter()
            .map(|&i| topology.points[i as usize])
            .collect();
        arc.kept = simplify_arc(&points, tolerance, arc.min_interior)
            .into_iter()
            .map(|k| arc.ids[k])
            .collect();
    }

    // Rebuild every ring from its arcs.
    ring_ids
        .iter()
        .zip(&ring_arcs)
        .map(|(ids, refs)| {
            if refs.is_empty() {
                return topology.closed_points(ids);
            }
            let mut out: Vec<u32> = Vec::new();
            for &(index, backwards) in refs {
                let kept = &arcs[index].kept;
                let oriented: Box<dyn Iterator<Item = &u32>> = if backwards {
                    Box::new(kept.iter().rev())
                } else {
                    Box::new(kept.iter())
                };
                for &id in oriented {
                    if out.last() != Some(&id) {
                        out.push(id);
                    }
                }
            }
            // `out` ends where it started; `closed_points` adds the closing point back.
            if out.len() > 1 && out.first() == out.last() {
                out.pop();
            }
            if distinct(&out) >= 3 {
                topology.closed_points(&out)
            } else {
                topology.closed_points(ids)
            }
        })
        .collect()
}

/// One stretch of border between two junctions, shared by every ring along it.
struct Arc {
    /// Vertex ids, in canonical direction; closed arcs start and end at the same vertex.
    ids: Vec<u32>,
    /// Interior points to keep at the least, so the rings using it stay rings.
    min_interior: usize,
    /// The vertex ids kept by the simplification, ends included.
    kept: Vec<u32>,
}

/// Vertices, edges and their owners.
#[derive(Default)]
struct Topology {
    points: Vec<[f64; 2]>,
    ids: HashMap<[u64; 2], u32>,
    /// Undirected edge (smaller id first) → the rings using it, once per use.
    owners: HashMap<(u32, u32), Vec<usize>>,
    /// Distinct neighbouring vertices of each vertex.
    neighbours: Vec<Vec<u32>>,
}

impl Topology {
    /// Vertex ids of a ring, without consecutive duplicates or the closing point.
    fn add_ring(&mut self, ring: &[[f64; 2]]) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::with_capacity(ring.len());
        for &p in ring {
            let id = self.vertex(p);
            if out.last() != Some(&id) {
                out.push(id);
            }
        }
        while out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        out
    }

    fn vertex(&mut self, p: [f64; 2]) -> u32 {
        // +0.0 and −0.0 are the same place.
        let key = [(p[0] + 0.0).to_bits(), (p[1] + 0.0).to_bits()];
        let next = u32::try_from(self.points.len()).unwrap_or(u32::MAX);
        *self.ids.entry(key).or_insert_with(|| {
            self.points.push(p);
            next
        })
    }

    fn closed_points(&self, ids: &[u32]) -> Vec<[f64; 2]> {
        let mut out: Vec<[f64; 2]> = ids.iter().map(|&i| self.points[i as usize]).collect();
        if let Some(&first) = out.first() {
            out.push(first);
        }
        out
    }

    fn index_edges(&mut self, rings: &[Vec<u32>], usable: &[bool]) {
        self.neighbours = vec![Vec::new(); self.points.len()];
        for (ring, ids) in rings.iter().enumerate() {
            if !usable[ring] {
                continue;
            }
            for (a, b) in cyclic_edges(ids) {
                self.owners.entry(edge_key(a, b)).or_default().push(ring);
                self.neighbours[a as usize].push(b);
                self.neighbours[b as usize].push(a);
            }
        }
        for list in &mut self.neighbours {
            list.sort_unstable();
            list.dedup();
        }
    }

    /// Vertices where arcs must end: the owners of the edges on either side differ, or three
    /// or more edges meet.
    fn junctions(&self, rings: &[Vec<u32>], usable: &[bool]) -> Vec<bool> {
        let mut junction: Vec<bool> = self.neighbours.iter().map(|n| n.len() >= 3).collect();
        for (ids, _) in rings.iter().zip(usable).filter(|(_, &ok)| ok) {
            let n = ids.len();
            for i in 0..n {
                let (prev, here, next) = (ids[(i + n - 1) % n], ids[i], ids[(i + 1) % n]);
                if self.owners.get(&edge_key(prev, here)) != self.owners.get(&edge_key(here, next))
                {
                    junction[here as usize] = true;
                }
            }
        }
        junction
    }

    /// A ring's arcs, each from one junction to the next, in the ring's direction. A ring
    /// without junctions becomes one closed arc from its lowest (then leftmost) vertex.
    fn cut(&self, ids: &[u32], junction: &[bool]) -> Vec<Vec<u32>> {
        let start = ids
            .iter()
            .position(|&i| junction[i as usize])
            .unwrap_or_else(|| self.lowest(ids));
        let mut pieces = Vec::new();
        let mut current = vec![ids[start]];
        for k in 1..=ids.len() {
            let id = ids[(start + k) % ids.len()];
            current.push(id);
            if junction[id as usize] || k == ids.len() {
                pieces.push(std::mem::replace(&mut current, vec![id]));
            }
        }
        pieces
    }

    /// Index in `ids` of the vertex with the smallest x, then the smallest y.
    fn lowest(&self, ids: &[u32]) -> usize {
        let mut best = 0;
        for (k, &id) in ids.iter().enumerate() {
            let [x, y] = self.points[id as usize];
            let [bx, by] = self.points[ids[best] as usize];
            if x.total_cmp(&bx).then(y.total_cmp(&by)).is_lt() {
                best = k;
            }
        }
        best
    }
}

fn edge_key(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

fn cyclic_edges(ids: &[u32]) -> impl Iterator<Item = (u32, u32)> + '_ {
    let n = ids.len();
    (0..n).map(move |i| (ids[i], ids[(i + 1) % n]))
}

fn distinct(ids: &[u32]) -> usize {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted.len()
}

/// Indices of the points of an arc that Douglas–Peucker keeps, ends included, with at least
/// `min_interior` interior points when the arc has them. A closed arc (same first and last
/// point) is first split at its point farthest from the ends and keeps at least two.
fn simplify_arc(points: &[[f64; 2]], tolerance: f64, min_interior: usize) -> Vec<usize> {
    let last = points.len().saturating_sub(1);
    if last < 2 {
        return (0..points.len()).collect();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[last] = true;
    let mut min_interior = min_interior;
    if points[0] == points[last] {
        let far = (1..last)
            .fold((0, -1.0), |(bi, bd), i| {
                let d = distance(points[i], points[0]);
                if d > bd {
                    (i, d)
                } else {
                    (bi, bd)
                }
            })
            .0;
        keep[far] = true;
        douglas_peucker(points, 0, far, tolerance, &mut keep);
        douglas_peucker(points, far, last, tolerance, &mut keep);
        min_interior = min_interior.max(2);
    } else {
        douglas_peucker(points, 0, last, tolerance, &mut keep);
    }
    // Too few points to keep the ring a ring: add the ones farthest from what is kept.
    while keep[1..last].iter().filter(|&&k| k).count() < min_interior.min(last - 1) {
        let mut best: Option<(usize, f64)> = None;
        let mut from = 0;
        for i in 1..=last {
            if keep[i] {
                for j in from + 1..i {
                    let d = segment_distance(points[j], points[from], points[i]);
                    if best.is_none_or(|(_, bd)| d > bd) {
                        best = Some((j, d));
                    }
                }
                from = i;
            }
        }
        match best {
            Some((j, _)) => keep[j] = true,
            None => break,
        }
    }
    (0..points.len()).filter(|&i| keep[i]).collect()
}

/// Marks the points between `first` and `last` that stay farther than `tolerance` from the
/// simplified line.
fn douglas_peucker(
    points: &[[f64; 2]],
    first: usize,
    last: usize,
    tolerance: f64,
    keep: &mut [bool],
) {
    let mut stack = vec![(first, last)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut far, mut far_d) = (a, -1.0);
        for i in a + 1..b {
            let d = segment_distance(points[i], points[a], points[b]);
            if d > far_d {
                far = i;
                far_d = d;
            }
        }
        if far_d > tolerance {
            keep[far] = true;
            stack.push((far, b));
            stack.push((a, far));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zigzag from (5, 0) up to (5, 10), wiggling by ±0.2 with a big step in the middle.
    fn zigzag() -> Vec<[f64; 2]> {
        let mut line = Vec::new();
        for i in 0..=20 {
            let y = i as f64 * 0.5;
            let wiggle = if i % 2 == 0 { 0.0 } else { 0.2 };
            let bump = if i == 10 { 1.5 } else { 0.0 };
            line.push([5.0 + wiggle + bump, y]);
        }
        line
    }

    /// A 10 × 10 square cut in two along the zigzag; the left ring runs down the border,
    /// the right one up it.
    fn two_states() -> Vec<Vec<[f64; 2]>> {
        let border = zigzag();
        let mut left = vec![[0.0, 0.0]];
        left.extend(border.iter().copied());
        left.extend([[0.0, 10.0], [0.0, 0.0]]);
        left.reverse(); // counterclockwise is irrelevant here; mixing directions is the point
        let mut right = vec![[10.0, 0.0], [10.0, 10.0]];
        right.extend(border.iter().rev().copied());
        right.push([10.0, 0.0]);
        vec![left, right]
    }

    fn on_border(p: [f64; 2]) -> bool {
        p[0] > 0.0 && p[0] < 10.0
    }

    #[test]
    fn shared_border_stays_shared() {
        let rings = two_states();
        let out = simplify_rings(&rings, 0.5);
        assert_eq!(out.len(), 2);
        let border_of = |ring: &Vec<[f64; 2]>| {
            let mut pts: Vec<[f64; 2]> = ring.iter().copied().filter(|&p| on_border(p)).collect();
            pts.sort_by(|a, b| a[1].total_cmp(&b[1]));
            pts.dedup();
            pts
        };
        let (a, b) = (border_of(&out[0]), border_of(&out[1]));
        assert_eq!(a, b);
        // The wiggles went, the ends and the big bump stayed.
        assert!(a.len() < 10, "{a:?}");
        assert!(a.contains(&[5.0, 0.0]) && a.contains(&[5.0, 10.0]) && a.contains(&[6.5, 5.0]));
        // Every kept point is an input point, and rings stay closed.
        for (ring, input) in out.iter().zip(&rings) {
            assert_eq!(ring.first(), ring.last());
            assert!(ring.iter().all(|p| input.contains(p)));
        }
        // The edges along the border are the same in both rings (one reversed).
        let edges = |ring: &Vec<[f64; 2]>| {
            let mut e: Vec<[[u64; 2]; 2]> = ring
                .windows(2)
                .filter(|w| on_border(w[0]) && on_border(w[1]))
                .map(|w| {
                    let (p, q) = (w[0].map(f64::to_bits), w[1].map(f64::to_bits));
                    if p < q {
                        [p, q]
                    } else {
                        [q, p]
                    }
                })
                .collect();
            e.sort();
            e
        };
        assert_eq!(edges(&out[0]), edges(&out[1]));
    }

    #[test]
    fn rings_keep_at_least_three_points() {
        // A small island, a thin two-arc ring and a triangle, all far below the tolerance.
        let island: Vec<[f64; 2]> = (0..12)
            .map(|i| {
                let a = i as f64 * std::f64::consts::TAU / 12.0;
                [a.cos() * 0.1, a.sin() * 0.1]
            })
            .collect();
        let triangle = vec![[1.0, 1.0], [1.1, 1.0], [1.0, 1.1], [1.0, 1.0]];
        // Two rings sharing a long edge chain, so each is made of two arcs.
        let a = vec![[0.0, 5.0], [0.1, 5.05], [0.2, 5.0], [0.1, 4.98], [0.0, 5.0]];
        let b = vec![[0.0, 5.0], [0.1, 4.98], [0.2, 5.0], [0.1, 4.95], [0.0, 5.0]];
        let out = simplify_rings(&[island, triangle.clone(), a, b], 10.0);
        for ring in &out {
            assert!(ring.len() >= 4, "{ring:?}");
            assert_eq!(ring.first(), ring.last());
            let mut distinct = ring[..ring.len() - 1].to_vec();
            distinct.sort_by(|p, q| p[0].total_cmp(&q[0]).then(p[1].total_cmp(&q[1])));
            distinct.dedup();
            assert!(distinct.len() >= 3, "{ring:?}");
        }
        // The triangle keeps its three corners (starting from its lowest, leftmost one).
        let mut corners = out[1].clone();
        corners.sort_by(|p, q| p[0].total_cmp(&q[0]).then(p[1].total_cmp(&q[1])));
        assert_eq!(corners, [[1.0, 1.0], [1.0, 1.0], [1.0, 1.1], [1.1, 1.0]]);
        // The shared edge (0.2, 5) – (0.1, 4.98) – (0, 5) is kept by both rings.
        assert!(out[2].contains(&[0.1, 4.98]) && out[3].contains(&[0.1, 4.98]));
    }

    #[test]
    fn enclave_and_its_hole_stay_identical() {
        let hole: Vec<[f64; 2]> = (0..40)
            .map(|i| {
                let a = i as f64 * std::f64::consts::TAU / 40.0;
                let r = 3.0 + if i % 2 == 0 { 0.05 } else { 0.0 };
                [5.0 + r * a.cos(), 5.0 + r * a.sin()]
            })
            .collect();
        let mut enclave = hole.clone();
        enclave.reverse();
        enclave.rotate_left(7);
        let out = simplify_rings(&[hole, enclave], 0.3);
        let mut a = out[0][..out[0].len() - 1].to_vec();
        let mut b = out[1][..out[1].len() - 1].to_vec();
        assert!(a.len() >= 3 && a.len() < 40);
        let key = |p: &[f64; 2]| (p[0].to_bits(), p[1].to_bits());
        a.sort_by_key(key);
        b.sort_by_key(key);
        assert_eq!(a, b);
    }

    #[test]
    fn deterministic_and_zero_tolerance_is_identity() {
        let rings = two_states();
        assert_eq!(simplify_rings(&rings, 0.5), simplify_rings(&rings, 0.5));
        assert_eq!(simplify_rings(&rings, 0.0), rings);
        // Degenerate input passes through without panicking.
        let odd = vec![
            vec![],
            vec![[1.0, 1.0]],
            vec![[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]],
        ];
        let out = simplify_rings(&odd, 1.0);
        assert_eq!(out[0], Vec::<[f64; 2]>::new());
        assert_eq!(out[1], vec![[1.0, 1.0], [1.0, 1.0]]);
        assert_eq!(out[2], vec![[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]]);
    }
}
