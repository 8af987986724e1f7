//! Commands that move virtual time (§4) and the shared wait loop.

use super::duration::parse_sleep;
use super::Ctx;
use crate::api::Millis;

/// Upper bound for waits kubectl would run "forever" (`rollout status`,
/// `delete`, `get -w`, `sim settle` without `--timeout`): 10 virtual minutes.
pub const DEFAULT_CAP: Millis = 600_000;

/// The longest single jump in virtual time a command may ask for (24 h):
/// longer waits would only replay crash-loop back-offs for minutes of CPU.
pub const MAX_WAIT: Millis = 86_400_000;

/// Advances time until `check` holds or `timeout` passes. `check` runs now
/// and after every instant of work (it may print, e.g. watch rows).
/// Returns whether it held. With `ctx.wait == false`, only checks once.
pub fn advance(ctx: &mut Ctx, timeout: Millis, check: &mut dyn FnMut(&mut Ctx) -> bool) -> bool {
    ctx.engine.flush();
    if check(ctx) {
        return true;
    }
    if !ctx.wait {
        return false;
    }
    let deadline = ctx.engine.now().saturating_add(timeout.min(MAX_WAIT));
    loop {
        match ctx.engine.next_due() {
            Some(due) if due <= deadline => {
                ctx.engine.step();
                if check(ctx) {
                    return true;
                }
            }
            _ => {
                ctx.engine.advance_to(deadline);
                return check(ctx);
            }
        }
    }
}

/// `sleep DURATION`.
pub fn sleep(ctx: &mut Ctx, args: &[String]) {
    let [arg] = args else {
        ctx.fail(if args.is_empty() {
            "sleep: missing operand\nTry 'sleep --help' for more information."
        } else {
            "sleep: only one duration is supported"
        });
        return;
    };
    let Some(ms) = parse_sleep(arg) else {
        ctx.fail(format!(
            "sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information."
        ));
        return;
    };
    if ms > MAX_WAIT {
        ctx.fail(format!(
            "sleep: the playground sleeps at most 24h at a time (got '{arg}')"
        ));
        return;
    }
    if ctx.wait {
        let t = ctx.engine.now().saturating_add(ms);
        ctx.engine.advance_to(t);
    }
}
