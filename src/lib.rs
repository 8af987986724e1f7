//! StatefulSet Playground, the web app: thin views over the `sim` engine.
//! Every action becomes a command of scripts-and-traces.md, run through
//! [`backend::Backend`]; the playback clock ([`playback`]) moves virtual
//! time; [`clock::Timeline`] keeps history for time travel.

pub mod app;
pub mod backend;
pub mod clock;
pub mod compare;
pub mod controls;
pub mod dialog;
pub mod embed;
pub mod export_dialog;
pub mod keyboard;
pub mod lanes;
pub mod lessons_panel;
pub mod model;
pub mod panels;
pub mod playback;
pub mod share;
pub mod state;

pub use app::App;
pub use state::Playground;

/// Mounts the app on `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
