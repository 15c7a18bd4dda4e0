//! What every handler shares: the searcher, the compiled pages, the query
//! parameters as they arrive, and the blocking pool with its deadline.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use kaigiroku_query::Searcher;
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::templates::Pages;

/// Longest a request waits for a turn of the engine before the client gets
/// a 503.
pub const SEARCH_DEADLINE: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct AppState {
    pub searcher: Arc<Searcher>,
    pub pages: Arc<Pages>,
}

/// Query parameters, or why they could not be read (bad percent-encoding).
pub type Params = std::result::Result<Query<HashMap<String, String>>, QueryRejection>;

/// The parameters, with a rejection turned into a 400 that says why.
pub fn params(params: Params) -> Result<HashMap<String, String>, ApiError> {
    params
        .map(|Query(p)| p)
        .map_err(|err| ApiError::invalid("query string", err.body_text()))
}

/// Requests that may wait for a turn of the engine at most; past them the
/// server answers 503 with `Retry-After` instead of queueing without limit.
pub const MAX_WAITING: usize = 64;

/// The wait for a turn a request may expect and still be let in: the
/// requests ahead of it, times the time a turn takes, over the turns. A
/// fixed count of waiting places let the tail grow with the cost of the
/// searches (at 128 connections, p99 of the accepted ones was 14× the
/// unloaded p99); a budget in time keeps it near the unloaded tail.
pub const WAIT_BUDGET: Duration = Duration::from_millis(1);

/// A request that still waited this long for its turn (the estimate was
/// wrong: a run of costly searches) is shed then, not served late.
pub const LATE: Duration = Duration::from_millis(3);

/// How long a turn takes, in µs: a moving average of the last turns.
static TURN_MICROS: AtomicU64 = AtomicU64::new(500);

fn note_turn(took: Duration) {
    let took = took.as_micros().min(1_000_000) as u64;
    // An average over about the last 16 turns; a lost update under a race
    // only delays it by one turn.
    let mean = TURN_MICROS.load(Ordering::Relaxed);
    TURN_MICROS.store((mean * 15 + took) / 16, Ordering::Relaxed);
}

/// Turns of the engine: one per core. Running more searches at once only
/// shares the cores among them and stretches each one (a 9 ms search took
/// 16 times longer at 32 connections); taking turns keeps the tail short.
pub fn turns() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

static TURNS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(turns()));

/// The runtime the server needs: one thread per turn of the engine, which
/// the engine's work holds while it runs (see [`blocking`]), and one more,
/// so that connections are read, answered and put in the waiting room
/// while every turn is taken.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(turns() + 1)
        .enable_all()
        .build()
}

/// Requests waiting for a turn right now.
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// A request counted in [`WAITING`] until it is dropped.
struct Waiting;

impl Waiting {
    /// None when [`MAX_WAITING`] requests already wait, or when the wait
    /// ahead is expected to pass [`WAIT_BUDGET`].
    fn enter() -> Option<Waiting> {
        let ahead = WAITING.fetch_add(1, Ordering::SeqCst);
        let expected_micros =
            (ahead as u64 + 1) * TURN_MICROS.load(Ordering::Relaxed) / turns() as u64;
        // With a turn free the request goes right in, however long turns take.
        let turn_free = TURNS.available_permits() > 0;
        if ahead >= MAX_WAITING || (!turn_free && expected_micros > WAIT_BUDGET.as_micros() as u64)
        {
            WAITING.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Waiting)
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `work` when the engine has a free turn, giving up after
/// [`SEARCH_DEADLINE`] of waiting for it, or at once when [`MAX_WAITING`]
/// requests already wait.
///
/// The work runs right on the runtime thread that holds the turn, one per
/// core, as a thread-per-core server would; [`runtime`] keeps one thread
/// more than there are turns for the connections. Handing the work to the
/// blocking pool, or the thread's other tasks away (`block_in_place`),
/// only added thread switches: 2,464–2,755 requests/s at 32 connections
/// against 3,492–3,636 run in place. A panic in the work is a 500 like any
/// other fault.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> kaigiroku_query::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let waiting = Waiting::enter().ok_or(ApiError::Busy)?;
    let arrived = Instant::now();
    let turn = tokio::time::timeout(SEARCH_DEADLINE, TURNS.acquire())
        .await
        .map_err(|_| ApiError::Timeout(SEARCH_DEADLINE.as_secs()))?
        .map_err(|err| ApiError::Internal(err.to_string()))?;
    drop(waiting);
    if arrived.elapsed() > LATE {
        return Err(ApiError::Busy);
    }
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(work));
    note_turn(started.elapsed());
    drop(turn);
    match outcome {
        Ok(result) => result.map_err(ApiError::from),
        Err(_) => Err(ApiError::Internal("the search failed unexpectedly".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    #[test]
    fn past_the_wait_budget_the_answer_is_busy_with_retry_after_and_late_ones_are_shed() {
        runtime().unwrap().block_on(busy());
    }

    async fn busy() {
        // Hold every turn, then fill the waiting room.
        let cores = turns();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let released = Arc::new(std::sync::Mutex::new(released));
        let mut holders = Vec::new();
        for _ in 0..cores {
            let released = released.clone();
            holders.push(tokio::spawn(blocking(move || {
                let _ = released
                    .lock()
                    .unwrap()
                    .recv_timeout(Duration::from_secs(5));
                Ok(())
            })));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        // Requests are let in while the wait they can expect fits the
        // budget, never more than MAX_WAITING of them.
        let mut waiters = Vec::new();
        let refused = loop {
            assert!(waiters.len() <= MAX_WAITING, "never refused");
            if WAITING.load(Ordering::SeqCst) < waiters.len() {
                tokio::task::yield_now().await;
                continue;
            }
            if let Some(waiting) = Waiting::enter() {
                drop(waiting);
                waiters.push(tokio::spawn(blocking(|| Ok(()))));
            } else {
                break blocking(|| Ok(())).await.unwrap_err();
            }
        };
        // The budget in time, not the count, closed the door.
        assert!(
            !waiters.is_empty() && waiters.len() < MAX_WAITING,
            "{}",
            waiters.len()
        );
        let response = refused.into_response();
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], "1");
        // Released, the waiting requests are shed: they waited past LATE.
        tokio::time::sleep(LATE).await;
        for _ in 0..cores {
            release.send(()).unwrap();
        }
        for task in holders {
            assert!(task.await.unwrap().is_ok());
        }
        for task in waiters {
            assert!(matches!(task.await.unwrap(), Err(ApiError::Busy)));
        }
        assert_eq!(WAITING.load(Ordering::SeqCst), 0);
        // With the turns free again, a request is served.
        assert!(blocking(|| Ok(())).await.is_ok());
    }
}
