//! Gazetteer and toponyms (work in progress).
