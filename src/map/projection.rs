//! Lambert conformal conic projection (GRS80 ellipsoid) with INEGI's parameters for Mexico.

use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI, TAU};

/// A Lambert conformal conic projection with two standard parallels on an ellipsoid
/// (EPSG method 9802), without false easting or northing.
///
/// [`Lambert::mexico`] gives INEGI's parameters for the whole country (as in EPSG:6372,
/// "Mexico ITRF2008 / LCC", less its 2 500 000 m false easting).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lambert {
    /// First eccentricity of the ellipsoid.
    e: f64,
    /// Cone constant.
    n: f64,
    /// Semi-major axis times the constant F of EPSG's formulas.
    a_f: f64,
    /// Radius of the parallel of the origin latitude.
    rho0: f64,
    /// Central meridian, in radians.
    lon0: f64,
}

/// Semi-major axis of the GRS80 ellipsoid, in metres.
const GRS80_A: f64 = 6_378_137.0;
/// Inverse flattening of the GRS80 ellipsoid.
const GRS80_INV_F: f64 = 298.257_222_101;

impl Lambert {
    /// INEGI's projection for Mexico: GRS80, standard parallels 17.5° N and 29.5° N,
    /// central meridian 102° W, origin latitude 12° N. Output in metres.
    pub fn mexico() -> Self {
        Lambert::new(GRS80_A, GRS80_INV_F, 17.5, 29.5, 12.0, -102.0)
    }

    /// A projection on the ellipsoid (`a`, `1/f`) with standard parallels `lat1`, `lat2`,
    /// origin latitude `lat0` and central meridian `lon0`, all in degrees.
    fn new(a: f64, inv_f: f64, lat1: f64, lat2: f64, lat0: f64, lon0: f64) -> Self {
        let f = 1.0 / inv_f;
        let e = (2.0 * f - f * f).sqrt();
        let (p1, p2, p0) = (lat1.to_radians(), lat2.to_radians(), lat0.to_radians());
        let (m1, m2) = (m(e, p1), m(e, p2));
        let (t1, t2) = (t(e, p1), t(e, p2));
        let n = if (lat1 - lat2).abs() < 1e-12 {
            p1.sin()
        } else {
            (m1.ln() - m2.ln()) / (t1.ln() - t2.ln())
        };
        let a_f = a * m1 / (n * t1.powf(n));
        Lambert {
            e,
            n,
            a_f,
            rho0: a_f * t(e, p0).powf(n),
            lon0: lon0.to_radians(),
        }
    }

    /// Projects a longitude and latitude in degrees to `[x, y]` in metres: x grows to the
    /// east, y to the north, and the origin is where the central meridian meets the origin
    /// latitude.
    pub fn project(&self, lon: f64, lat: f64) -> [f64; 2] {
        // Clamp just short of the poles, where the cone's radius is 0 or infinite.
        let phi = lat.to_radians().clamp(-FRAC_PI_2 + 1e-9, FRAC_PI_2 - 1e-9);
        let dlon = (lon.to_radians() - self.lon0 + PI).rem_euclid(TAU) - PI;
        let rho = self.a_f * t(self.e, phi).powf(self.n);
        let theta = self.n * dlon;
        [rho * theta.sin(), self.rho0 - rho * theta.cos()]
    }
}

/// EPSG's `m`: cos φ / √(1 − e² sin² φ).
fn m(e: f64, phi: f64) -> f64 {
    phi.cos() / (1.0 - (e * phi.sin()).powi(2)).sqrt()
}

/// EPSG's `t`: tan(π/4 − φ/2) / ((1 − e sin φ) / (1 + e sin φ))^(e/2).
fn t(e: f64, phi: f64) -> f64 {
    let s = e * phi.sin();
    (FRAC_PI_4 - phi / 2.0).tan() / ((1.0 - s) / (1.0 + s)).powf(e / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Degrees, minutes.
    fn dm(d: f64, m: f64) -> f64 {
        d.signum() * (d.abs() + m / 60.0)
    }

    #[test]
    fn matches_epsg_guidance_note_example() {
        // EPSG Guidance Note 7-2, method 9802: NAD27 / Texas South Central (Clarke 1866,
        // US survey feet), 28°30'N 96°W -> E 2963503.91, N 254759.80 (false easting 2 000 000).
        let p = Lambert::new(
            20_925_832.16,
            294.978_70,
            dm(28.0, 23.0),
            dm(30.0, 17.0),
            dm(27.0, 50.0),
            -99.0,
        );
        let [x, y] = p.project(-96.0, 28.5);
        assert!((x + 2_000_000.0 - 2_963_503.91).abs() < 0.05, "x = {x}");
        assert!((y - 254_759.80).abs() < 0.05, "y = {y}");
    }

    #[test]
    fn origin_and_central_meridian() {
        let p = Lambert::mexico();
        assert_eq!(p.project(-102.0, 12.0), [0.0, 0.0]);
        for lat in [15.0, 20.0, 25.0, 32.0] {
            assert_eq!(p.project(-102.0, lat)[0], 0.0);
        }
        // North is up, east is right, symmetric about the central meridian.
        assert!(p.project(-102.0, 20.0)[1] > p.project(-102.0, 19.0)[1]);
        assert!(p.project(-100.0, 20.0)[0] > 0.0);
        let [xe, ye] = p.project(-95.0, 22.0);
        let [xw, yw] = p.project(-109.0, 22.0);
        assert!((xe + xw).abs() < 1e-6 && (ye - yw).abs() < 1e-6);
        // Meridians converge northward: a parallel bends, so its ends sit higher than its middle.
        assert!(ye > p.project(-102.0, 22.0)[1]);
    }

    #[test]
    fn agrees_with_isometric_latitude_formulation() {
        // The same projection written independently (Snyder, with the isometric latitude ψ:
        // t = exp(−ψ)), checked at Mexico City and Tijuana.
        let a = 6_378_137.0_f64;
        let f = 1.0 / 298.257_222_101_f64;
        let e = (f * (2.0 - f)).sqrt();
        let psi = |deg: f64| {
            let s = deg.to_radians().sin();
            s.atanh() - e * (e * s).atanh()
        };
        let nu = |deg: f64| {
            let s = deg.to_radians().sin();
            a * deg.to_radians().cos() / (1.0 - e * e * s * s).sqrt()
        };
        let n = (nu(17.5) / nu(29.5)).ln() / (psi(29.5) - psi(17.5));
        let k = nu(17.5) / n * (n * psi(17.5)).exp(); // ρ(φ) = k · exp(−n ψ)
        let rho = |deg: f64| k * (-n * psi(deg)).exp();
        let expect = |lon: f64, lat: f64| {
            let theta = n * (lon + 102.0).to_radians();
            [rho(lat) * theta.sin(), rho(12.0) - rho(lat) * theta.cos()]
        };
        let p = Lambert::mexico();
        for (lon, lat) in [(-99.1332, 19.4326), (-117.0382, 32.5149)] {
            let [x, y] = p.project(lon, lat);
            let [ex, ey] = expect(lon, lat);
            assert!(
                (x - ex).abs() < 1e-3 && (y - ey).abs() < 1e-3,
                "{x},{y} vs {ex},{ey}"
            );
        }
        // Mexico City lies about 300 km east of 102° W and 820 km north of 12° N.
        let [x, y] = p.project(-99.1332, 19.4326);
        assert!((290_000.0..310_000.0).contains(&x), "x = {x}");
        assert!((800_000.0..840_000.0).contains(&y), "y = {y}");
    }

    /// Scale along a parallel: projected length of a short east–west step over its
    /// length on the ellipsoid.
    fn parallel_scale(p: &Lambert, lat: f64) -> f64 {
        let d = 1e-4;
        let [x0, y0] = p.project(-102.0 - d, lat);
        let [x1, y1] = p.project(-102.0 + d, lat);
        let projected = (x1 - x0).hypot(y1 - y0);
        let on_ellipsoid = GRS80_A * m(p.e, lat.to_radians()) * (2.0 * d).to_radians();
        projected / on_ellipsoid
    }

    #[test]
    fn standard_parallels_have_unit_scale() {
        let p = Lambert::mexico();
        assert!((parallel_scale(&p, 17.5) - 1.0).abs() < 1e-7);
        assert!((parallel_scale(&p, 29.5) - 1.0).abs() < 1e-7);
        // Between them the map shrinks, outside it stretches.
        assert!(parallel_scale(&p, 23.5) < 0.998);
        assert!(parallel_scale(&p, 14.5) > 1.0);
        assert!(parallel_scale(&p, 32.7) > 1.0);
    }
}
