//! A picker: typing filters the choices, arrows move, Enter runs the
//! picker's continuation with the highlighted choice, Esc cancels.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Mode, Picked};
use crate::tui::action::Effect;
use crate::tui::app::App;

impl App {
    pub(crate) fn pick_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Mode::Pick { picker, .. } = &mut self.mode else {
            return Vec::new();
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => self.mode = Mode::Normal,
            KeyCode::Up => picker.move_by(-1),
            KeyCode::Down | KeyCode::Tab => picker.move_by(1),
            KeyCode::Char('p') if ctrl => picker.move_by(-1),
            KeyCode::Char('n') if ctrl => picker.move_by(1),
            KeyCode::Backspace => picker.backspace(),
            KeyCode::Char(c) if !ctrl => picker.type_char(c),
            KeyCode::Enter => {
                let chosen = picker.chosen();
                let Mode::Pick { picker, on_pick } =
                    std::mem::replace(&mut self.mode, Mode::Normal)
                else {
                    return Vec::new();
                };
                return match chosen {
                    Some(index) => {
                        let code = picker.choices[index].code.clone();
                        (on_pick.0)(self, Picked { index, code })
                    }
                    None => {
                        self.warn(format!("nothing matches {:?}", picker.filter));
                        Vec::new()
                    }
                };
            }
            _ => {}
        }
        Vec::new()
    }
}
