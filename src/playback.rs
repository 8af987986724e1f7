//! The playback clock: wall time × speed becomes `advance_to` calls, once per
//! animation frame. Pause = stop advancing. The engine never reads a clock;
//! this is the only place wall time enters. The simulation pauses while the
//! tab is hidden and resumes when it is visible again.

use crate::state::{Playground, SPEEDS};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// Longest wall-clock gap one frame may account for (a stalled tab must not
/// jump the simulation forward by minutes).
const MAX_FRAME_MS: f64 = 100.0;

struct Clock {
    pg: Playground,
    last: Cell<Option<f64>>,
    /// Sub-millisecond remainder carried to the next frame.
    carry: Cell<f64>,
}

/// Starts the animation-frame loop and the visibility pause.
pub fn start(pg: Playground) {
    let clock = Rc::new(Clock {
        pg,
        last: Cell::new(None),
        carry: Cell::new(0.0),
    });
    schedule(clock);

    // Pause while hidden; resume only if it was playing when hidden.
    let resume = Rc::new(Cell::new(false));
    let handle = window_event_listener_untyped("visibilitychange", move |_| {
        let hidden = document().hidden();
        if hidden && pg.playing.get_untracked() {
            resume.set(true);
            pg.playing.set(false);
        } else if !hidden && resume.replace(false) {
            pg.playing.set(true);
        }
    });
    // The listener lives as long as the page (the app is never unmounted
    // except in tests, where leaking one listener is harmless).
    std::mem::forget(handle);
}

fn schedule(clock: Rc<Clock>) {
    request_animation_frame(move || frame(clock));
}

fn frame(clock: Rc<Clock>) {
    let ts = window().performance().map_or(0.0, |p| p.now());
    let pg = clock.pg;
    let last = clock.last.replace(Some(ts));
    if pg.playing.get_untracked() {
        if let Some(last) = last {
            let speed = SPEEDS.get(pg.speed.get_untracked()).copied().unwrap_or(1.0);
            let virt = (ts - last).clamp(0.0, MAX_FRAME_MS) * speed + clock.carry.get();
            let whole = virt.floor();
            clock.carry.set(virt - whole);
            pg.advance_by(whole as u64);
        }
    } else {
        clock.carry.set(0.0);
    }
    schedule(clock);
}
