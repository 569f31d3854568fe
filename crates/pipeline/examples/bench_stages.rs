// Per-stage throughput harness; the source lives in bench/stages.rs (driven by bench/run.sh).
include!("../../../bench/stages.rs");
