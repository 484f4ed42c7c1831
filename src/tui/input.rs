//! Terminal events as messages: keys (no releases), resizes and mouse
//! reports (no plain motion, which `?1003h` terminals send in floods).
//! Also the Esc-then-key rule: crossterm reads `ESC q` arriving in one read
//! (tmux's escape-time, a slow link) as Alt+q.

use std::time::Instant;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::msg::Msg;

/// The message for a terminal event, if gloss cares about it.
pub fn message(event: Event, at: Instant) -> Option<Msg> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        Event::Mouse(m) if m.kind != MouseEventKind::Moved => Some(Msg::Mouse { event: m, at }),
        _ => None,
    }
}

/// An Alt+key nobody binds is an Esc typed just before the key: the keys
/// to handle, in order. `alt_bound` says whether the mode in force binds
/// the Alt chord as it is.
pub fn esc_then_key(key: KeyEvent, alt_bound: bool) -> Vec<KeyEvent> {
    if !key.modifiers.contains(KeyModifiers::ALT) || alt_bound {
        return vec![key];
    }
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    let mut plain = key;
    plain.modifiers.remove(KeyModifiers::ALT);
    vec![esc, plain]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{MouseButton, MouseEvent};

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn an_unbound_alt_chord_is_esc_then_the_key() {
        let got = esc_then_key(key(KeyCode::Char('q'), KeyModifiers::ALT), false);
        assert_eq!(
            got,
            vec![
                key(KeyCode::Esc, KeyModifiers::NONE),
                key(KeyCode::Char('q'), KeyModifiers::NONE)
            ]
        );
        // Other modifiers stay with the key.
        let got = esc_then_key(
            key(
                KeyCode::Char('r'),
                KeyModifiers::ALT | KeyModifiers::CONTROL,
            ),
            false,
        );
        assert_eq!(got[1], key(KeyCode::Char('r'), KeyModifiers::CONTROL));
    }

    #[test]
    fn a_bound_alt_chord_and_plain_keys_stay_as_they_are() {
        let alt_x = key(KeyCode::Char('x'), KeyModifiers::ALT);
        assert_eq!(esc_then_key(alt_x, true), vec![alt_x]);
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(esc_then_key(q, false), vec![q]);
    }

    #[test]
    fn plain_motion_and_key_releases_are_dropped() {
        let at = Instant::now();
        let moved = MouseEvent {
            kind: MouseEventKind::Moved,
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        };
        assert!(message(Event::Mouse(moved), at).is_none());
        let down = MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            ..moved
        };
        assert!(matches!(
            message(Event::Mouse(down), at),
            Some(Msg::Mouse { .. })
        ));
        let mut release = key(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert!(message(Event::Key(release), at).is_none());
    }
}
