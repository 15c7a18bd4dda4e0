//! What every handler shares: the searcher, the compiled pages, the query
//! parameters as they arrive, and the runtime whose threads take the
//! engine's turns.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use kaigiroku_query::Searcher;

pub use crate::admission::SEARCH_DEADLINE;
use crate::admission::{take_turn, turns};
use crate::error::ApiError;
use crate::templates::Pages;

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
        .map_err(|_| ApiError::unreadable_query())
}

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

/// Runs `work` in a turn of the engine (see [`crate::admission`]), or
/// answers why it cannot: 503 `busy` when the request is shed, `timeout`
/// after [`SEARCH_DEADLINE`] of waiting.
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
    let turn = take_turn().await?;
    let outcome = catch_unwind(AssertUnwindSafe(work));
    drop(turn);
    match outcome {
        Ok(result) => result.map_err(ApiError::from),
        Err(_) => Err(ApiError::Internal("検索が予期せず失敗しました".into())),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::admission::tests::{SERIAL, is_overloaded, set_overloaded, waiting};
    use crate::admission::{LATE, MAX_WAITING, WAIT_BUDGET};
    use axum::response::IntoResponse;
    use tokio::task::JoinHandle;

    type Waiter = JoinHandle<Result<(), ApiError>>;

    #[test]
    fn bursts_wait_their_turn_and_overload_is_shed_with_retry_after() {
        let _serial = SERIAL.lock().unwrap();
        let runtime = runtime().unwrap();
        runtime.block_on(async {
            // A burst of 10 while every turn is taken: all wait, all served.
            set_overloaded(false);
            let (release, mut waiters) = hold_turns().await;
            for _ in 0..10 {
                waiters.push(enter().await.expect("let in"));
            }
            let served = finish(release, waiters).await;
            assert!(served.iter().all(Result::is_ok), "{served:?}");

            // Overloaded: let in while the expected wait fits the budget
            // (1 ms is 4 turns of 0.5 ms on 2 cores), then 503 with
            // Retry-After; the ones let in waited past LATE and are shed.
            set_overloaded(true);
            let (release, mut waiters) = hold_turns().await;
            let refused = loop {
                match enter().await {
                    Ok(waiter) => waiters.push(waiter),
                    Err(refused) => break refused,
                }
            };
            assert_eq!(
                waiters.len() - turns(),
                WAIT_BUDGET.as_micros() as usize * turns() / 500
            );
            let response = refused.into_response();
            assert_eq!(response.status(), 503);
            assert_eq!(response.headers()["retry-after"], "1");
            let shed = finish(release, waiters).await;
            assert!(
                shed.iter()
                    .all(|outcome| matches!(outcome, Err(ApiError::Busy)))
            );

            // A full waiting room is overload at once, without the window.
            set_overloaded(false);
            let (release, mut waiters) = hold_turns().await;
            for _ in 0..MAX_WAITING {
                waiters.push(enter().await.expect("let in"));
            }
            assert!(matches!(enter().await, Err(ApiError::Busy)));
            assert!(is_overloaded());
            finish(release, waiters).await;
            assert_eq!(waiting(), 0);
        });
        set_overloaded(false);
    }

    /// Takes every turn until the sender is dropped or sent to.
    async fn hold_turns() -> (std::sync::mpsc::Sender<()>, Vec<Waiter>) {
        let (release, released) = std::sync::mpsc::channel::<()>();
        let released = Arc::new(std::sync::Mutex::new(released));
        let mut holders = Vec::new();
        for _ in 0..turns() {
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
        (release, holders)
    }

    /// One more request: waiting for a turn, or refused at the door.
    async fn enter() -> Result<Waiter, ApiError> {
        let before = waiting();
        let task = tokio::spawn(blocking(|| Ok(())));
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while waiting() <= before && !task.is_finished() {
            assert!(std::time::Instant::now() < deadline);
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        if task.is_finished() {
            Err(task.await.unwrap().unwrap_err())
        } else {
            Ok(task)
        }
    }

    /// Lets the turns go after LATE; the outcomes of the waiting requests
    /// (the turn holders, first in `waiters`, come out Ok).
    async fn finish(
        release: std::sync::mpsc::Sender<()>,
        waiters: Vec<Waiter>,
    ) -> Vec<Result<(), ApiError>> {
        tokio::time::sleep(LATE).await;
        for _ in 0..turns() {
            release.send(()).unwrap();
        }
        let mut outcomes = Vec::new();
        for waiter in waiters.into_iter() {
            outcomes.push(waiter.await.unwrap());
        }
        outcomes
            .drain(..turns())
            .for_each(|holder| assert!(holder.is_ok()));
        outcomes
    }
}
