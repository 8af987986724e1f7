//! The page: time bar on top, ordinal lanes as the picture, panels beside.
//! Issue 5 adds a lessons panel and a Share button: both slot into the
//! `aside.panels` column / the header's `.tools` and use
//! [`Playground::run_script`], [`Playground::export_session`] and
//! [`Playground::import_session`].

use crate::controls::{theme::ThemeToggle, time::TimeBar};
use crate::keyboard::{self, HelpOverlay};
use crate::lanes::Lanes;
use crate::panels::{
    autoscale::AutoscalePanel, console::Console, dns::DnsPanel, events::EventsPanel,
    nodes::NodesPanel, spec::SpecPanel, why::WhyPanel,
};
use crate::playback;
// Issue 5 (teach): share, export, lessons, comparison.
use crate::state::{Playground, INITIAL_SCRIPT};
use crate::{
    compare::ComparePanel,
    export_dialog::ExportButton,
    lessons_panel::LessonsPanel,
    share::{ShareButton, ShareNotice},
};
use leptos::prelude::*;

/// Seed of the default scene (scripts-and-traces.md §3: default seed 1).
pub const DEFAULT_SEED: u64 = 1;

/// The whole playground, starting the default scene.
#[component]
pub fn App() -> impl IntoView {
    // Issue 5: embed options, share links / autosave, lessons.
    let opts = crate::embed::current();
    crate::embed::apply_layout(&opts);
    let pg = Playground::new(DEFAULT_SEED);
    provide_context(pg);
    let share_ctx = crate::share::ShareContext {
        notice: RwSignal::new(String::new()),
        origin: RwSignal::new("default"),
    };
    provide_context(share_ctx);
    let lessons = crate::lessons_panel::LessonState::new();
    provide_context(lessons);
    pg.playing.set(opts.autoplay);
    crate::share::boot(pg, &opts, share_ctx);
    if let Some(id) = &opts.lesson {
        if !lessons.start(pg, id, opts.step) {
            share_ctx.notice.set(format!(
                "There is no lesson {id:?}. Showing the default scenario instead."
            ));
            pg.run_script(INITIAL_SCRIPT);
        }
        pg.playing.set(true);
    }
    crate::share::install_autosave(pg);
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
                    "A simulated Kubernetes v1.36 cluster. Every button runs a command in the console: kubectl, or sim for what happens to the cluster (a node failing, a pod crashing)."
                </p>
            </div>
            <div class="tools">
                <button
                    class="btn ghost"
                    data-testid="reset-button"
                    title="Start over from the starting scene (the current session is replaced)"
                    on:click=move |_| {
                        if let Some(ls) = use_context::<crate::lessons_panel::LessonState>() {
                            ls.close();
                        }
                        pg.reset();
                    }
                >
                    "Reset"
                </button>
                <ShareButton/>
                <ExportButton/>
                <ThemeToggle/>
                <button class="btn ghost" aria-keyshortcuts="?" on:click=move |_| pg.help_open.set(true)>
                    "Keyboard shortcuts"
                </button>
            </div>
        </header>
        <main id="main">
            <ShareNotice/>
            <TimeBar/>
            <div class="layout">
                <section class="stage" aria-labelledby="stage-title">
                    <h2 id="stage-title" class="sr-only">"Pods, claims and volumes by ordinal"</h2>
                    <Lanes/>
                    <WhyPanel/>
                    // The console sits under the lanes so that what a button ran is
                    // read beside what it did (experience.md: learn kubectl by watching).
                    <Console/>
                    <NodesPanel/>
                </section>
                <aside class="panels" aria-label="Controls and panels">
                    <LessonsPanel/>
                    <SpecPanel/>
                    <AutoscalePanel/>
                    <EventsPanel/>
                    <DnsPanel/>
                    <ComparePanel/>
                </aside>
            </div>
        </main>
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
            {move || pg.announcement.get()}
        </div>
        <HelpOverlay/>
    }
}
