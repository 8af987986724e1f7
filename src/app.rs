//! The page: time bar on top, ordinal lanes as the picture, panels beside.
//! Issue 5 adds a lessons panel and a Share button: both slot into the
//! `aside.panels` column / the header's `.tools` and use
//! [`Playground::run_script`], [`Playground::export_session`] and
//! [`Playground::import_session`].

use crate::controls::{theme::ThemeToggle, time::TimeBar};
use crate::keyboard::{self, HelpOverlay};
use crate::lanes::Lanes;
use crate::panels::{
    console::Console, dns::DnsPanel, events::EventsPanel, nodes::NodesPanel, spec::SpecPanel,
    why::WhyPanel,
};
use crate::playback;
use crate::state::{Playground, INITIAL_SCRIPT};
use leptos::prelude::*;

/// Seed of the default scene (scripts-and-traces.md §3: default seed 1).
pub const DEFAULT_SEED: u64 = 1;

/// The whole playground, starting the default scene.
#[component]
pub fn App() -> impl IntoView {
    let pg = Playground::new(DEFAULT_SEED);
    provide_context(pg);
    pg.run_script(INITIAL_SCRIPT);
    playback::start(pg);
    keyboard::install(pg);
    view! { <Shell/> }
}

/// The layout, reading the `Playground` from context (tests provide their own).
#[component]
pub fn Shell() -> impl IntoView {
    let pg = expect_context::<Playground>();
    view! {
        <a class="skip-link" href="#console-input">"Skip to the kubectl console"</a>
        <header class="topbar">
            <div class="brand">
                <h1>"StatefulSet Playground"</h1>
                <p class="tagline">
                    "A simulated Kubernetes v1.36 cluster. Every button runs a real kubectl command — watch the console."
                </p>
            </div>
            <div class="tools">
                <ThemeToggle/>
                <button class="btn ghost" aria-keyshortcuts="?" on:click=move |_| pg.help_open.set(true)>
                    "Keyboard shortcuts"
                </button>
            </div>
        </header>
        <main id="main">
            <TimeBar/>
            <div class="layout">
                <section class="stage" aria-labelledby="stage-title">
                    <h2 id="stage-title" class="sr-only">"Pods, claims and volumes by ordinal"</h2>
                    <Lanes/>
                    <NodesPanel/>
                    <WhyPanel/>
                </section>
                <aside class="panels" aria-label="Controls and panels">
                    <SpecPanel/>
                    <Console/>
                    <EventsPanel/>
                    <DnsPanel/>
                </aside>
            </div>
        </main>
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
            {move || pg.announcement.get()}
        </div>
        <HelpOverlay/>
    }
}
