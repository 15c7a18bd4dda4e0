//! Turns of the engine, and who may wait for one.
//!
//! The engine runs one search per core at a time. Running more at once only
//! shares the cores among them and stretches each one (a 9 ms search took
//! 16 times longer at 32 connections). Requests beyond the turns wait, and
//! under overload only briefly:
//! - while requests arrive no faster than they are served, bursts queue
//!   (up to [`MAX_WAITING`]) and every request is served: as many clients
//!   as turns, or 32 clients each waiting for its answer, are served whole;
//! - when more arrive than are served ([`OVERLOAD`] × as many, over a
//!   [`WINDOW`]), the queue could only grow: a request is let in when the
//!   wait it can expect (the requests ahead of it × the mean time of a turn
//!   ÷ the turns) fits [`WAIT_BUDGET`], and one that still waited [`LATE`]
//!   is shed then, not served late.
//!
//! A shed request gets 503 `busy` with `Retry-After`. A fixed count of
//! waiting places alone let the tail grow with the cost of the searches:
//! at 128 connections, the p99 of the accepted requests was 14× the
//! unloaded p99. A budget in time alone shed 3 % of the requests of a
//! steady 80 % load, whose bursts it took for overload; the share of time
//! the turns were busy never showed overload, since the connections' own
//! work shares the cores.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::ApiError;

/// Longest a request waits for a turn before the client gets a 503.
pub const SEARCH_DEADLINE: Duration = Duration::from_secs(10);

/// Requests that may wait for a turn at most.
pub const MAX_WAITING: usize = 64;

/// Under overload: the wait a request may expect and still be let in.
pub const WAIT_BUDGET: Duration = Duration::from_millis(1);

/// Under overload: a request that still waited this long (a run of costly
/// searches the estimate did not see) is shed.
pub const LATE: Duration = Duration::from_millis(2);

/// Requests arriving over requests served, in a [`WINDOW`], past which the
/// engine counts as overloaded.
pub const OVERLOAD: f64 = 1.2;

/// How often the load is measured.
const WINDOW: Duration = Duration::from_millis(500);

/// Turns of the engine: one per core.
pub fn turns() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

static TURNS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(turns()));

/// Requests waiting for a turn right now.
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// How long a turn takes, in µs: a moving average of the last turns.
static TURN_MICROS: AtomicU64 = AtomicU64::new(500);

/// Requests that arrived and were served in the current window, and the
/// verdict of the last one.
struct Load {
    since: Instant,
    arrived: u64,
    served: u64,
    overloaded: bool,
}

impl Load {
    /// Closes the window once it is long enough.
    fn roll(&mut self) {
        if self.since.elapsed() >= WINDOW {
            self.overloaded = self.arrived as f64 > self.served as f64 * OVERLOAD;
            self.since = Instant::now();
            self.arrived = 0;
            self.served = 0;
        }
    }
}

static LOAD: LazyLock<Mutex<Load>> = LazyLock::new(|| {
    Mutex::new(Load {
        since: Instant::now(),
        arrived: 0,
        served: 0,
        overloaded: false,
    })
});

fn overloaded() -> bool {
    LOAD.lock().is_ok_and(|load| load.overloaded)
}

/// Counts an arriving request toward the load.
fn note_arrival() {
    if let Ok(mut load) = LOAD.lock() {
        load.arrived += 1;
        load.roll();
    }
}

/// Counts a finished turn toward the mean turn time and the load.
fn note_turn(took: Duration) {
    let micros = took.as_micros().min(1_000_000) as u64;
    // An average over about the last 16 turns; a lost update under a race
    // only delays it by one turn.
    let mean = TURN_MICROS.load(Ordering::Relaxed);
    TURN_MICROS.store((mean * 15 + micros) / 16, Ordering::Relaxed);
    if let Ok(mut load) = LOAD.lock() {
        load.served += 1;
        load.roll();
    }
}

/// A request counted in [`WAITING`] until it is dropped.
struct Waiting;

impl Waiting {
    /// None when the request may not wait: [`MAX_WAITING`] already do, or
    /// under overload the wait ahead is expected to pass [`WAIT_BUDGET`].
    fn enter() -> Option<Waiting> {
        note_arrival();
        let ahead = WAITING.fetch_add(1, Ordering::SeqCst);
        let waiting = Waiting;
        if ahead >= MAX_WAITING {
            // A full waiting room is overload already: no need to wait for
            // the window to say so.
            if let Ok(mut load) = LOAD.lock() {
                load.overloaded = true;
            }
            return None;
        }
        // With a turn free the request goes right in, however long turns take.
        if TURNS.available_permits() > 0 || !overloaded() {
            return Some(waiting);
        }
        let expected = (ahead as u64 + 1) * TURN_MICROS.load(Ordering::Relaxed) / turns() as u64;
        (expected <= WAIT_BUDGET.as_micros() as u64).then_some(waiting)
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A turn of the engine, held until dropped; its time counts toward the load.
pub struct Turn {
    _permit: SemaphorePermit<'static>,
    started: Instant,
}

impl Drop for Turn {
    fn drop(&mut self) {
        note_turn(self.started.elapsed());
    }
}

/// Waits for a turn of the engine, or says why the request is shed.
pub async fn take_turn() -> Result<Turn, ApiError> {
    let waiting = Waiting::enter().ok_or(ApiError::Busy)?;
    let arrived = Instant::now();
    let permit = tokio::time::timeout(SEARCH_DEADLINE, TURNS.acquire())
        .await
        .map_err(|_| ApiError::Timeout(SEARCH_DEADLINE.as_secs()))?
        .map_err(|err| ApiError::Internal(err.to_string()))?;
    drop(waiting);
    if arrived.elapsed() > LATE && overloaded() {
        return Err(ApiError::Busy);
    }
    Ok(Turn {
        _permit: permit,
        started: Instant::now(),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Tests that change the load take this first: it is one per process.
    pub static SERIAL: Mutex<()> = Mutex::new(());

    /// Marks the engine overloaded (or not), with turns of 0.5 ms so far,
    /// and holds the verdict: the window closes only in an hour.
    pub fn set_overloaded(overloaded: bool) {
        TURN_MICROS.store(500, Ordering::Relaxed);
        let mut load = LOAD.lock().unwrap();
        load.overloaded = overloaded;
        load.since = Instant::now() + Duration::from_secs(3600);
        load.arrived = 0;
        load.served = 0;
    }

    pub fn is_overloaded() -> bool {
        overloaded()
    }

    pub fn waiting() -> usize {
        WAITING.load(Ordering::SeqCst)
    }

    #[test]
    fn more_arrivals_than_services_over_a_window_is_overload() {
        let _serial = SERIAL.lock().unwrap();
        set_overloaded(false);
        // 130 arrivals for 100 served: overloaded once the window closes.
        for _ in 0..130 {
            drop(Waiting::enter());
        }
        for _ in 0..99 {
            note_turn(Duration::from_micros(500));
        }
        LOAD.lock().unwrap().since = Instant::now() - WINDOW;
        note_turn(Duration::from_micros(500));
        assert!(overloaded());
        // As many served as arrived (a closed loop of clients): not.
        for _ in 0..100 {
            drop(Waiting::enter());
            note_turn(Duration::from_micros(500));
        }
        LOAD.lock().unwrap().since = Instant::now() - WINDOW;
        note_turn(Duration::from_micros(500));
        assert!(!overloaded());
    }
}
