//! The JSON path of a decoding error, recorded on its way out.
//!
//! The runtime helpers that decode a member's value or an array's element
//! add the member name or index when that value fails, so by the time the
//! error reaches [`track`] the segments spell out where it happened,
//! innermost first. Nothing is recorded on success, and nothing at all
//! unless a [`track`] is listening: decoding through serde directly keeps
//! no state.
//!
//! A wrapping deserializer (as `serde_path_to_error` does) gives the same
//! paths, but only as a second copy of every decoder, run as a second pass;
//! recording them in the helpers needs neither.

use std::cell::{Cell, RefCell};

use crate::JsonPath;

enum Segment {
    Key(String),
    Index(usize),
}

thread_local! {
    static LISTENING: Cell<bool> = const { Cell::new(false) };
    static TRAIL: RefCell<Vec<Segment>> = const { RefCell::new(Vec::new()) };
}

/// The error passing through happened in member `name`.
#[cold]
#[inline(never)]
pub(crate) fn key(name: &str) {
    if LISTENING.get() {
        TRAIL.with_borrow_mut(|trail| trail.push(Segment::Key(name.to_owned())));
    }
}

/// The error passing through happened in element `index`.
#[cold]
#[inline(never)]
pub(crate) fn index(index: usize) {
    if LISTENING.get() {
        TRAIL.with_borrow_mut(|trail| trail.push(Segment::Index(index)));
    }
}

/// Restores the listening state when `track` ends, even by a panic.
struct Listening {
    was: bool,
    start: usize,
}

impl Drop for Listening {
    fn drop(&mut self) {
        LISTENING.set(self.was);
        TRAIL.with_borrow_mut(|trail| trail.truncate(self.start));
    }
}

/// Runs `decode`; if it fails, also gives the path of the failure, as in
/// `result.items[0].number` (`.` for the value itself).
pub(crate) fn track<T, E>(decode: impl FnOnce() -> Result<T, E>) -> Result<T, (E, String)> {
    let listening = Listening {
        was: LISTENING.replace(true),
        start: TRAIL.with_borrow(Vec::len),
    };
    decode().map_err(|error| {
        let path =
            TRAIL.with_borrow(|trail| render(trail.get(listening.start..).unwrap_or_default()));
        (error, path)
    })
}

/// The segments, recorded innermost first, as a path printed the way
/// [`JsonPath`] prints one.
fn render(innermost_first: &[Segment]) -> String {
    fn below(at: &JsonPath<'_>, innermost_first: &[Segment]) -> String {
        match innermost_first.split_last() {
            None => at.to_string(),
            Some((Segment::Key(name), inner)) => below(&at.key(name), inner),
            Some((Segment::Index(index), inner)) => below(&at.index(*index), inner),
        }
    }
    below(&JsonPath::Root, innermost_first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail_at(segments: &[&dyn Fn()]) -> Result<(), ((), String)> {
        track(|| {
            for push in segments {
                push();
            }
            Err(())
        })
    }

    #[test]
    fn segments_read_outermost_first() {
        let number = || key("number");
        let first = || index(0);
        let items = || key("items");
        let result = || key("result");
        assert_eq!(
            fail_at(&[&number, &first, &items, &result]),
            Err(((), "result.items[0].number".to_owned()))
        );
        assert_eq!(fail_at(&[]), Err(((), ".".to_owned())));
        assert_eq!(fail_at(&[&first]), Err(((), "[0]".to_owned())));
    }

    #[test]
    fn nothing_is_kept_without_a_listener_or_after_one() {
        key("ignored");
        assert_eq!(TRAIL.with_borrow(Vec::len), 0);
        let inner = || key("inner");
        let _ = fail_at(&[&inner]);
        assert_eq!(TRAIL.with_borrow(Vec::len), 0);
        assert!(!LISTENING.get());
    }

    #[test]
    fn a_nested_track_sees_only_its_own_segments() {
        let outer = track(|| {
            let inner = track(|| {
                key("b");
                Err::<(), _>(())
            });
            assert_eq!(inner, Err(((), "b".to_owned())));
            key("a");
            Err::<(), _>(())
        });
        assert_eq!(outer, Err(((), "a".to_owned())));
    }
}
