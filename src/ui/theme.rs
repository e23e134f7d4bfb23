//! Colours and emphasis. Colour never carries meaning alone: every styled thing also
//! has a word or symbol, so the screen reads the same with NO_COLOR.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ColorDepth;
use crate::feed::{MeasureStatus, Rgb, Severity};

/// The styles of one screen, for one colour depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub depth: ColorDepth,
}

impl Theme {
    #[must_use]
    pub fn new(depth: ColorDepth) -> Self {
        Self { depth }
    }

    fn color(self, rgb: Rgb) -> Option<Color> {
        match self.depth {
            ColorDepth::None => None,
            ColorDepth::TrueColor => Some(Color::Rgb(rgb.0, rgb.1, rgb.2)),
            ColorDepth::Indexed256 => Some(Color::Indexed(to_256(rgb))),
            ColorDepth::Basic16 => Some(to_16(rgb)),
        }
    }

    fn fg(self, rgb: Rgb) -> Style {
        self.color(rgb).map_or_else(Style::default, |c| Style::default().fg(c))
    }

    /// A threat level: its colour as background, or reverse video without colour.
    #[must_use]
    pub fn level_badge(self, rgb: Rgb) -> Style {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        match self.color(rgb) {
            Some(c) => bold.bg(c).fg(Color::Black),
            None => bold.add_modifier(Modifier::REVERSED),
        }
    }

    /// A threat level's colour as text.
    #[must_use]
    pub fn level_text(self, rgb: Rgb) -> Style {
        self.fg(rgb).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub fn severity(self, severity: Severity) -> Style {
        match severity {
            Severity::Info => self.dim(),
            Severity::Minor => self.fg(Rgb(0x5f, 0xaf, 0xd7)),
            Severity::Major => self.fg(Rgb(0xf0, 0x9d, 0x1a)).add_modifier(Modifier::BOLD),
            Severity::Critical => self.fg(Rgb(0xff, 0x3b, 0x30)).add_modifier(Modifier::BOLD),
        }
    }

    #[must_use]
    pub fn status(self, status: MeasureStatus) -> Style {
        match status {
            MeasureStatus::Planned => self.fg(Rgb(0x5f, 0xaf, 0xd7)),
            MeasureStatus::Active => self.fg(Rgb(0x5f, 0xd7, 0x5f)),
            MeasureStatus::Intensified => self.fg(Rgb(0xf0, 0x9d, 0x1a)).add_modifier(Modifier::BOLD),
            MeasureStatus::ScaledDown => self.fg(Rgb(0xa8, 0xa8, 0xa8)),
            MeasureStatus::Ended => self.dim(),
        }
    }

    #[must_use]
    pub fn dim(self) -> Style {
        match self.depth {
            ColorDepth::None => Style::default().add_modifier(Modifier::DIM),
            _ => self.fg(Rgb(0x80, 0x80, 0x80)),
        }
    }

    #[must_use]
    pub fn title(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// A banner that must not be missed (exercise, rejected, stale): reverse video, and
    /// red or amber where there is colour.
    #[must_use]
    pub fn alarm(self) -> Style {
        self.fg(Rgb(0xff, 0x3b, 0x30)).add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    #[must_use]
    pub fn warning(self) -> Style {
        self.fg(Rgb(0xf2, 0xc0, 0x1e)).add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    /// The frame of the focused panel.
    #[must_use]
    pub fn focused(self) -> Style {
        self.fg(Rgb(0x5f, 0xaf, 0xff)).add_modifier(Modifier::BOLD)
    }

    /// The map's coast lines (solid; land borders are dashed, so they differ without
    /// colour too).
    #[must_use]
    pub fn coast(self) -> Style {
        self.fg(Rgb(0x5f, 0x87, 0xaf))
    }

    /// The map's land borders.
    #[must_use]
    pub fn land_border(self) -> Style {
        self.fg(Rgb(0x9e, 0x9e, 0x9e))
    }

    #[must_use]
    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

/// The nearest colour of xterm's 6×6×6 cube or grey ramp.
fn to_256(Rgb(r, g, b): Rgb) -> u8 {
    let level = |v: u8| -> u8 {
        if v < 48 {
            0
        } else if v < 115 {
            1
        } else {
            (v - 35) / 40
        }
    };
    let cube_value = |l: u8| -> i32 { if l == 0 { 0 } else { 55 + 40 * i32::from(l) } };
    let (lr, lg, lb) = (level(r), level(g), level(b));
    let cube = 16 + 36 * lr + 6 * lg + lb;
    let dist =
        |a: (i32, i32, i32)| (a.0 - i32::from(r)).pow(2) + (a.1 - i32::from(g)).pow(2) + (a.2 - i32::from(b)).pow(2);
    let cube_dist = dist((cube_value(lr), cube_value(lg), cube_value(lb)));
    let avg = (u16::from(r) + u16::from(g) + u16::from(b)) / 3;
    let grey_index = u8::try_from(avg.saturating_sub(3) / 10).unwrap_or(23).min(23);
    let grey_value = 8 + 10 * i32::from(grey_index);
    if dist((grey_value, grey_value, grey_value)) < cube_dist { 232 + grey_index } else { cube }
}

/// The nearest of the 16 basic colours.
fn to_16(Rgb(r, g, b): Rgb) -> Color {
    const BASIC: [(Color, (i32, i32, i32)); 12] = [
        (Color::Black, (0, 0, 0)),
        (Color::Red, (205, 0, 0)),
        (Color::Green, (0, 205, 0)),
        (Color::Yellow, (205, 205, 0)),
        (Color::Blue, (0, 0, 238)),
        (Color::Magenta, (205, 0, 205)),
        (Color::Cyan, (0, 205, 205)),
        (Color::Gray, (229, 229, 229)),
        (Color::DarkGray, (127, 127, 127)),
        (Color::LightRed, (255, 0, 0)),
        (Color::LightGreen, (0, 255, 0)),
        (Color::LightYellow, (255, 255, 0)),
    ];
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    BASIC
        .iter()
        .min_by_key(|(_, (cr, cg, cb))| (cr - r).pow(2) + (cg - g).pow(2) + (cb - b).pow(2))
        .map_or(Color::White, |(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palettes_degrade_sensibly() {
        assert_eq!(to_256(Rgb(255, 0, 0)), 196);
        assert_eq!(to_256(Rgb(0, 0, 0)), 16);
        assert_eq!(to_256(Rgb(128, 128, 128)), 244);
        assert_eq!(to_16(Rgb(0xd7, 0x26, 0x1e)), Color::Red);
        assert_eq!(to_16(Rgb(0xf2, 0xc0, 0x1e)), Color::Yellow);
        assert_eq!(Theme::new(ColorDepth::None).level_badge(Rgb(1, 2, 3)).bg, None);
    }
}
