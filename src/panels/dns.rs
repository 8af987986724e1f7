//! The headless Service's DNS records: the name survives a pod replacement
//! while the IP changes; not-ready pods drop out unless
//! `publishNotReadyAddresses` is set (§3.5, from `Engine::dns_records`).

use crate::state::Playground;
use leptos::prelude::*;

/// Rows drawn at most; the rest is counted (10,000 replicas must not mean
/// 10,000 table rows).
const SHOWN: usize = 50;

/// The DNS table.
#[component]
pub fn DnsPanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let all = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| {
            let recs = t.backend().engine().dns_records();
            let total = recs.len();
            let rows = recs
                .into_iter()
                .take(SHOWN)
                .map(|r| (r.fqdn, r.ip, r.ready))
                .collect::<Vec<_>>();
            (rows, total)
        })
    });
    let rows = Memo::new(move |_| all.with(|a| a.0.clone()));
    let hidden = move || all.with(|a| a.1.saturating_sub(a.0.len()));
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
            <Show when=move || { hidden() > 0 }>
                <p class="muted">{move || format!("… and {} more records", hidden())}</p>
            </Show>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="muted">"No ready pods behind the headless Service yet."</p>
            </Show>
        </section>
    }
}
