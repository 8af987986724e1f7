//! The replica control: stepper, typed number (a spinbutton named
//! "Replicas") and slider, with a preview of the ordinals a change will
//! create or condemn before it is applied. Applying runs
//! `kubectl scale sts NAME --replicas=N`.

use crate::model::{self, SetView};
use crate::state::Playground;
use leptos::prelude::*;

/// Slider range; the typed field accepts more.
const SLIDER_MAX: i32 = 50;
/// Typed upper bound (hundreds of lanes are collapsed to compact cards).
const TYPED_MAX: i32 = 500;

/// Replica stepper + field + slider + preview.
#[component]
pub fn ReplicasControl(
    /// The set being scaled.
    set: Memo<Option<SetView>>,
) -> impl IntoView {
    let pg = expect_context::<Playground>();
    // What the person is choosing; None = follow the spec.
    let draft = RwSignal::new(None::<i32>);
    let spec = move || set.with(|s| s.as_ref().map_or(0, |s| s.replicas));
    let shown = move || draft.get().unwrap_or_else(spec);
    let apply = move |n: i32| {
        draft.set(None);
        let (name, current) = set.with_untracked(|s| {
            s.as_ref()
                .map(|s| (s.name.clone(), s.replicas))
                .unwrap_or_default()
        });
        // Above TYPED_MAX (scaled there in the console) the control may
        // scale down but never jumps down to TYPED_MAX on its own.
        let n = n.clamp(0, TYPED_MAX.max(current));
        if !name.is_empty() && n != current {
            pg.act(&format!("kubectl scale sts {name} --replicas={n}"));
        }
    };
    let parse = |v: String| v.trim().parse::<i32>().ok();
    let preview = move || {
        set.with(|s| {
            s.as_ref().map_or_else(String::new, |s| {
                let cap = TYPED_MAX.max(s.replicas);
                let wanted = draft.get().unwrap_or(s.replicas);
                let text = model::replica_preview(&s.name, s.start, s.replicas, wanted.clamp(0, cap));
                // Say so when the control will not apply the number as typed.
                if wanted > cap {
                    format!("This control goes up to {cap} (for more, type kubectl scale in the console). {text}")
                } else {
                    text
                }
            })
        })
    };
    view! {
        <div class="replicas" role="group" aria-labelledby="replicas-label">
            <label id="replicas-label" for="replicas-input">"Replicas"</label>
            <div class="replicas-row">
                <button
                    class="btn step"
                    aria-label="Decrease replicas"
                    on:click=move |_| apply(shown() - 1)
                    disabled=move || shown() <= 0
                >
                    "−"
                </button>
                <input
                    id="replicas-input"
                    type="number"
                    inputmode="numeric"
                    min="0"
                    max=TYPED_MAX
                    prop:value=move || shown().to_string()
                    aria-describedby="replicas-preview"
                    on:input=move |e| draft.set(parse(event_target_value(&e)))
                    on:change=move |e| {
                        if let Some(n) = parse(event_target_value(&e)) {
                            apply(n)
                        }
                    }
                    on:keydown=move |e| {
                        if e.key() == "Enter" {
                            if let Some(n) = parse(event_target_value(&e)) {
                                apply(n)
                            }
                        } else if e.key() == "Escape" {
                            draft.set(None)
                        }
                    }
                />
                <button class="btn step" aria-label="Increase replicas" on:click=move |_| apply(shown() + 1)>
                    "+"
                </button>
            </div>
            <input
                type="range"
                class="replicas-slider"
                aria-label="Replicas slider"
                min="0"
                max=SLIDER_MAX
                prop:value=move || shown().min(SLIDER_MAX).to_string()
                on:input=move |e| draft.set(parse(event_target_value(&e)))
                on:change=move |e| {
                    if let Some(n) = parse(event_target_value(&e)) {
                        apply(n)
                    }
                }
            />
            <p id="replicas-preview" class="preview" aria-live="polite">{move || preview()}</p>
        </div>
    }
}
