//! Map geometry: GeoJSON of the federal entities, projected and written as SVG path data.
