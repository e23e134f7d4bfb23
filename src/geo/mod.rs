//! Geography for the map: the outline (coasts and land borders), the projection and the
//! regions it shows, the cities that label it, and the gazetteer that places a measure
//! by the name of its location. Knows nothing of the terminal.

pub mod cities;
pub mod gazetteer;
pub mod index;
pub mod outline;
pub mod projection;

pub use outline::{LineKind, LonLat, Outline};
pub use projection::{Fit, MapRegion};
