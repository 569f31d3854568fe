//! tidings-cameo
