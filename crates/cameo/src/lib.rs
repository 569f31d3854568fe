//! tidings-cameo: the CAMEO 1.1b3 codebook (names, Goldstein scores, QuadClass,
//! PLOVER types) and tidings' own default coding dictionaries.
//!
//! ```
//! let c = tidings_cameo::lookup("042").unwrap();
//! assert_eq!(c.name, "Make a visit");
//! assert_eq!(tidings_cameo::root("042"), Some("04"));
//! assert_eq!(tidings_cameo::plover("0431"), Some("CONSULT"));
//! ```

mod codebook;

pub use codebook::{all, base_code, goldstein, lookup, malformed_table_lines, plover, quad_class, root, CodeInfo};

pub mod check;
pub mod convert;
pub mod defaults;
pub mod format;
pub mod petrarch;
