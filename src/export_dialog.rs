//! Export (experience.md, "Share, embed, export"): the StatefulSets,
//! Services and Deployments on screen as clean YAML (`sim::manifest`), and
//! the session as a bash script of kubectl commands for a real cluster
//! (`sim::script::export_script`: `sim` steps become explanatory comments).

use crate::embed::percent_encode;
use crate::share::current_state;
use crate::state::Playground;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The manifests of the current cluster.
pub fn manifests_yaml(pg: &Playground) -> String {
    let y = pg.with(|t| sim::manifest::export_all(t.backend().engine().store()));
    if y.is_empty() {
        "# Nothing to export yet: create a StatefulSet first.\n".to_string()
    } else {
        y
    }
}

/// The session as a bash script.
pub fn session_bash(pg: &Playground) -> String {
    let script = current_state(pg, BTreeMap::new()).script;
    let body = match sim::script::export_script(&script) {
        Ok(s) => s,
        Err(e) => format!("# The session could not be exported: {e}\n"),
    };
    if body.starts_with("#!") {
        body
    } else {
        format!("#!/usr/bin/env bash\n# StatefulSet Playground session, replayable on a real cluster.\nset -euo pipefail\n\n{body}")
    }
}

/// The Export button and dialog.
#[component]
pub fn ExportButton() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let open = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Div>::new();
    let opener = NodeRef::<leptos::html::Button>::new();
    crate::dialog::manage_focus(open, dialog, opener);
    let yaml = RwSignal::new(String::new());
    let bash = RwSignal::new(String::new());
    let show = move |_| {
        yaml.set(manifests_yaml(&pg));
        bash.set(session_bash(&pg));
        open.set(true);
    };
    view! {
        <button class="btn ghost" data-testid="export-button" node_ref=opener on:click=show>"Export"</button>
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)></div>
            <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="export-title" data-testid="export-dialog"
                node_ref=dialog on:keydown=crate::dialog::on_keydown(open, dialog)>
                <h2 id="export-title">"Export"</h2>
                <h3>"Manifests (apps/v1, v1)"</h3>
                <textarea readonly rows="14" data-testid="export-yaml" aria-label="Manifests as YAML" prop:value=move || yaml.get()></textarea>
                <a class="btn ghost" download="statefulset.yaml" data-testid="export-yaml-download"
                    href=move || format!("data:application/yaml;charset=utf-8,{}", percent_encode(&yaml.get()))>"Download YAML"</a>
                <h3>"Session as a bash script"</h3>
                <textarea readonly rows="14" data-testid="export-bash" aria-label="Session as bash" prop:value=move || bash.get()></textarea>
                <a class="btn ghost" download="session.sh" data-testid="export-bash-download"
                    href=move || format!("data:text/x-shellscript;charset=utf-8,{}", percent_encode(&bash.get()))>"Download script"</a>
                <button class="btn" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </Show>
    }
}
