//! tidings-coder
