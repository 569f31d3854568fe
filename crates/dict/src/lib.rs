//! tidings-dict
