//! Map geometry: GeoJSON of the federal entities, projected, simplified and written as SVG path data.

pub mod geo;
pub mod projection;
pub mod simplify;
pub mod svg;

pub use geo::{load_regions, Region, FEDERAL_ENTITIES};
pub use projection::Lambert;
pub use simplify::simplify_rings;
pub use svg::{draw, DrawOptions, DrawnMap, DrawnShape};
