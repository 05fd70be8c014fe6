//! Map geometry: GeoJSON of the federal entities, projected, simplified and written as SVG path data.

mod codes;
mod feature;
pub mod geo;
mod label;
mod plane;
pub mod projection;
pub mod simplify;
pub mod svg;

pub use codes::FEDERAL_ENTITIES;
pub use geo::{load_regions, Region};
pub use projection::Lambert;
pub use simplify::simplify_rings;
pub use svg::{draw, DrawOptions, DrawnMap, DrawnShape};

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The map of the site: the federal entities as loaded, and the two drawings made of them.
pub struct Geometry {
    /// The federal entities of `content/geo/`, in the file's order, with their rings in degrees.
    pub regions: Vec<Region>,
    /// The main map of the map page, drawn with [`DrawOptions::main_map`].
    pub main: DrawnMap,
    /// The small locator map of the state pages, drawn with [`DrawOptions::locator`].
    pub locator: DrawnMap,
}

impl Geometry {
    /// Loads the GeoJSON `text` read from `path` and draws the main and the locator maps.
    pub fn load(path: &Path, text: &str) -> Result<Self, Vec<Diagnostic>> {
        let regions = load_regions(path, text)?;
        let main = draw(&regions, &DrawOptions::main_map());
        let locator = draw(&regions, &DrawOptions::locator());
        Ok(Geometry {
            regions,
            main,
            locator,
        })
    }
}
