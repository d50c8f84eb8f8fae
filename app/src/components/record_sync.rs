//! The browser side of recording a meeting: changes are applied at once, kept in localStorage
//! with the current state, and sent in order until the server has them (ids make resends
//! harmless). Without WebAssembly none of this runs and the plain forms post instead.
use crate::api::records::save_record_changes;
use crate::domain::record::{apply, Change, ChangeEnvelope, RecordState};
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncState {
    Saved,
    Saving,
    Offline,
    Failed,
}

/// What the browser keeps between reloads.
#[cfg(feature = "hydrate")]
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Local {
    state: RecordState,
    queue: Vec<ChangeEnvelope>,
}

/// Reactive state of the recording page plus its outbox.
#[derive(Clone, Copy)]
pub struct RecordSync {
    meeting: i64,
    pub state: RwSignal<RecordState>,
    queue: RwSignal<Vec<ChangeEnvelope>>,
    in_flight: StoredValue<Vec<String>>,
    pub status: RwSignal<SyncState>,
    pub error: RwSignal<Option<String>>,
}

/// localStorage keys of records with unsent changes start with this.
#[cfg(feature = "hydrate")]
const STORAGE_PREFIX: &str = "aktionsplan-protokoll-";

#[cfg(feature = "hydrate")]
fn storage_key(meeting: i64) -> String {
    format!("{STORAGE_PREFIX}{meeting}")
}

/// Whether this browser holds record changes the server has not received yet (always false on
/// the server). Logging out clears the browser's storage, so it asks first.
pub fn has_unsent_changes() -> bool {
    #[cfg(feature = "hydrate")]
    {
        browser::keys()
            .iter()
            .any(|k| k.starts_with(STORAGE_PREFIX))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

#[cfg(feature = "hydrate")]
pub(crate) mod browser {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn read(key: &str) -> Option<String> {
        storage()?.get_item(key).ok()?
    }

    pub fn write(key: &str, value: &str) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(key, value);
        }
    }

    pub fn remove(key: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }

    pub fn keys() -> Vec<String> {
        let Some(storage) = storage() else {
            return Vec::new();
        };
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect()
    }

    pub fn new_id() -> String {
        web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|c| c.random_uuid())
            .unwrap_or_else(|| {
                let a = (js_sys::Math::random() * 1e15) as u64;
                let b = (js_sys::Math::random() * 1e15) as u64;
                format!("{a:x}-{b:x}")
            })
    }
}

/// A fresh id for a change or an item (browser only).
pub fn new_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        browser::new_id()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

impl RecordSync {
    pub fn new(meeting: i64, server: RecordState) -> Self {
        Self {
            meeting,
            state: RwSignal::new(server),
            queue: RwSignal::new(Vec::new()),
            in_flight: StoredValue::new(Vec::new()),
            status: RwSignal::new(SyncState::Saved),
            error: RwSignal::new(None),
        }
    }

    pub fn pending(&self) -> usize {
        self.queue.with(Vec::len)
    }

    fn persist(&self) {
        #[cfg(feature = "hydrate")]
        {
            let key = storage_key(self.meeting);
            if self.queue.with_untracked(Vec::is_empty) {
                browser::remove(&key);
            } else {
                let local = Local {
                    state: self.state.get_untracked(),
                    queue: self.queue.get_untracked(),
                };
                if let Ok(json) = serde_json::to_string(&local) {
                    browser::write(&key, &json);
                }
            }
        }
    }

    /// After hydration: takes over what an earlier visit left unsent, then starts sending.
    /// Returns the minutes text when it differs from what the server rendered.
    pub fn restore(&self) -> Option<String> {
        #[cfg(feature = "hydrate")]
        {
            let server = self.state.get_untracked();
            let local: Local = browser::read(&storage_key(self.meeting))
                .and_then(|json| serde_json::from_str(&json).ok())?;
            let mut state = if local.state.revision > server.revision {
                local.state
            } else {
                server.clone()
            };
            if state.revision <= server.revision {
                for envelope in &local.queue {
                    apply(&mut state, &envelope.change);
                }
            }
            let minutes = (state.minutes != server.minutes).then(|| state.minutes.clone());
            self.state.set(state);
            self.queue.set(local.queue);
            self.flush();
            minutes
        }
        #[cfg(not(feature = "hydrate"))]
        {
            None
        }
    }

    /// Checks, applies and queues a change; a mistake comes back as a German message.
    pub fn record(&self, change: Change) -> Result<(), String> {
        let change = change.checked()?;
        self.state.update(|s| apply(s, &change));
        let in_flight = self.in_flight.get_value();
        self.queue.update(|queue| {
            // Only the newest minutes text matters.
            if matches!(change, Change::Minutes { .. }) {
                queue.retain(|c| {
                    !matches!(c.change, Change::Minutes { .. }) || in_flight.contains(&c.id)
                });
            }
            queue.push(ChangeEnvelope {
                id: new_id(),
                change,
            });
        });
        self.error.set(None);
        self.persist();
        self.flush();
        Ok(())
    }

    /// Sends what is queued, one batch at a time.
    pub fn flush(&self) {
        if !self.in_flight.with_value(Vec::is_empty) || self.queue.with_untracked(Vec::is_empty) {
            return;
        }
        let batch = self.queue.get_untracked();
        self.in_flight
            .set_value(batch.iter().map(|c| c.id.clone()).collect());
        self.status.set(SyncState::Saving);
        let this = *self;
        leptos::task::spawn_local(async move {
            let result = save_record_changes(this.meeting, batch.clone()).await;
            this.in_flight.set_value(Vec::new());
            match result {
                Ok(revision) => {
                    this.queue
                        .update(|q| q.retain(|c| !batch.iter().any(|b| b.id == c.id)));
                    this.state.update(|s| s.revision = revision);
                    this.persist();
                    if this.queue.with_untracked(Vec::is_empty) {
                        this.status.set(SyncState::Saved);
                    } else {
                        this.flush();
                    }
                }
                Err(AppError::Network) => this.status.set(SyncState::Offline),
                Err(error) => {
                    // The server refused these changes (closed minutes, no right): drop them.
                    this.queue
                        .update(|q| q.retain(|c| !batch.iter().any(|b| b.id == c.id)));
                    this.persist();
                    this.error.set(Some(error.to_string()));
                    this.status.set(SyncState::Failed);
                }
            }
        });
    }
}

/// The visible, announced save state.
#[component]
pub fn SyncIndicator(sync: RecordSync) -> impl IntoView {
    let text = move || match sync.status.get() {
        SyncState::Saved => "Alle Änderungen gespeichert".to_owned(),
        SyncState::Saving => "wird gespeichert …".to_owned(),
        SyncState::Offline => format!(
            "offline – wird später gesendet ({} {})",
            sync.pending(),
            if sync.pending() == 1 {
                "Änderung"
            } else {
                "Änderungen"
            }
        ),
        SyncState::Failed => "nicht gespeichert".to_owned(),
    };
    let class = move || match sync.status.get() {
        SyncState::Saved => "sync-state sync-saved",
        SyncState::Saving => "sync-state sync-saving",
        SyncState::Offline => "sync-state sync-offline",
        SyncState::Failed => "sync-state sync-failed",
    };
    view! {
        <p class=class role="status" aria-live="polite" data-sync=move || format!("{:?}", sync.status.get()).to_lowercase()>{text}</p>
        {move || sync.error.get().map(|e| view! { <div class="notice notice-error" role="alert"><p>{e}</p></div> })}
    }
}
