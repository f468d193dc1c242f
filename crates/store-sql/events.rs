// The in-process side of live events, the same for both stores: a broadcast channel that
// every subscriber of this process reads.

use futures::stream::BoxStream;
use skillbridge_domain::events::Event;
use tokio::sync::broadcast;

/// How many events a slow subscriber may fall behind before it skips some.
pub(crate) const EVENT_BUFFER: usize = 1_024;

/// A new channel for a store.
pub(crate) fn event_channel() -> broadcast::Sender<Event> {
    broadcast::channel(EVENT_BUFFER).0
}

/// The events from `rx` as a stream; a subscriber that lagged skips what it missed.
pub(crate) fn event_stream(rx: broadcast::Receiver<Event>) -> BoxStream<'static, Event> {
    Box::pin(futures::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(event) => return Some((event, rx)),
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "a live-update subscriber fell behind");
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }))
}
