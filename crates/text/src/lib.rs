//! tidings-text
