//! Per-host politeness: at most `per_host` requests in flight to one host and
//! at least `interval` between the starts of two requests to it. Threads
//! wait on a condition variable; nothing spins.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug)]
struct Slot {
    in_flight: usize,
    next_start: Instant,
}

/// Shared by all fetch threads of a watcher.
#[derive(Debug)]
pub struct HostGate {
    slots: Mutex<HashMap<String, Slot>>,
    cv: Condvar,
    per_host: usize,
}

/// Held while a request to a host runs; dropping it frees the slot.
#[must_use]
pub struct Permit<'a> {
    gate: &'a HostGate,
    host: String,
}

impl HostGate {
    pub fn new(per_host: usize) -> HostGate {
        HostGate { slots: Mutex::new(HashMap::new()), cv: Condvar::new(), per_host: per_host.max(1) }
    }

    /// Wait until a request to `host` may start, spacing starts by `interval`.
    pub fn acquire(&self, host: &str, interval: Duration) -> Permit<'_> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let now = Instant::now();
            let slot = slots.entry(host.to_string()).or_insert(Slot { in_flight: 0, next_start: now });
            if slot.in_flight < self.per_host {
                if now >= slot.next_start {
                    slot.in_flight += 1;
                    slot.next_start = now + interval;
                    return Permit { gate: self, host: host.to_string() };
                }
                let wait = slot.next_start - now;
                slots = self.cv.wait_timeout(slots, wait).unwrap_or_else(|p| p.into_inner()).0;
            } else {
                slots = self.cv.wait(slots).unwrap_or_else(|p| p.into_inner());
            }
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut slots = self.gate.slots.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = slots.get_mut(&self.host) {
            s.in_flight = s.in_flight.saturating_sub(1);
        }
        drop(slots);
        self.gate.cv.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn spacing_and_concurrency_per_host() {
        let gate = HostGate::new(1);
        let t = Instant::now();
        for _ in 0..3 {
            let _p = gate.acquire("a:1", Duration::from_millis(40));
        }
        assert!(t.elapsed() >= Duration::from_millis(80), "three starts spaced by 40 ms: {:?}", t.elapsed());
        // Another host is not held back by the first.
        let t = Instant::now();
        let _p = gate.acquire("b:1", Duration::from_millis(40));
        assert!(t.elapsed() < Duration::from_millis(30));
    }

    #[test]
    fn at_most_per_host_in_flight() {
        let gate = HostGate::new(2);
        let now = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| {
                    let _p = gate.acquire("h:1", Duration::ZERO);
                    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    now.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(peak.load(Ordering::SeqCst), 2);
    }
}
