//! The headless Service's DNS records: the name survives a pod replacement
//! while the IP changes; not-ready pods drop out unless
//! `publishNotReadyAddresses` is set (§3.5, from `Engine::dns_records`).

use crate::state::Playground;
use leptos::prelude::*;

/// The DNS table.
#[component]
pub fn DnsPanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let rows = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| {
            t.backend()
                .engine()
                .dns_records()
                .into_iter()
                .map(|r| (r.fqdn, r.ip, r.ready))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel dns" aria-labelledby="dns-title">
            <h2 id="dns-title">"DNS"</h2>
            <table>
                <caption class="sr-only">"Headless Service records"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Address"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.clone() let:r>
                        <tr class:not-ready=!r.2>
                            <td class="fqdn">{r.0.clone()}</td>
                            <td>{r.1.clone()}{(!r.2).then_some(" (not ready)")}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="muted">"No ready pods behind the headless Service yet."</p>
            </Show>
        </section>
    }
}
