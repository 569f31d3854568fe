//! tidings-ingest
