//! Time a few fresh gazetteer loads: `cargo run --release -p tidings-geo --example load_time`.
fn main() {
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let g = tidings_geo::Gazetteer::build();
        println!("{:.1} ms ({} entries)", t.elapsed().as_secs_f64() * 1e3, g.len());
    }
}
