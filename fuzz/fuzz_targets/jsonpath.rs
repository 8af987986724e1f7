//! kubectl's JSONPath templates (`-o jsonpath=…`) against a pod list, one
//! pod, and `null`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use sim::script::output::jsonpath::render;
use std::sync::OnceLock;

fn root() -> &'static Value {
    static ROOT: OnceLock<Value> = OnceLock::new();
    ROOT.get_or_init(|| {
        json!({
            "apiVersion": "v1", "kind": "List",
            "items": [
                {"metadata": {"name": "web-0", "labels": {"app": "nginx", "app.kubernetes.io/name": "web"}},
                 "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]},
                 "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}},
                {"metadata": {"name": "web-1", "labels": {"app": "nginx"}},
                 "spec": {"containers": []},
                 "status": {"phase": "Pending", "podIP": null, "n": 1.5e300}}
            ],
            "metadata": {"resourceVersion": ""}
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = render(&text, root());
    if let Some(item) = root().pointer("/items/0") {
        let _ = render(&text, item);
    }
    let _ = render(&text, &Value::Null);
});
