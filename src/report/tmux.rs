//! Spans as tmux formats, for `sitrep line` in `status-right`: each styled span in
//! `#[…]` … `#[default]`, and every `#` of the text doubled, since tmux expands `#[`,
//! `#{` and `#(` in a command's output (a feed must not inject formats).

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

/// The spans as tmux formats: each styled span in `#[…]` and `#[default]`, and every `#`
/// of the text doubled (tmux expands `#[`, `#{` and `#(` in a command's output).
#[must_use]
pub fn format(spans: &[Span<'_>]) -> String {
    let mut out = String::new();
    for span in spans {
        let text = span.content.replace('#', "##");
        let attributes = tmux_attributes(span.style);
        if attributes.is_empty() {
            out.push_str(&text);
        } else {
            out.push_str(&format!("#[{attributes}]{text}#[default]"));
        }
    }
    out
}

/// `fg=colour208,bold`: a style as tmux's style attributes.
fn tmux_attributes(style: Style) -> String {
    let mut attributes = Vec::new();
    if let Some(fg) = style.fg.and_then(tmux_colour) {
        attributes.push(format!("fg={fg}"));
    }
    if let Some(bg) = style.bg.and_then(tmux_colour) {
        attributes.push(format!("bg={bg}"));
    }
    let modifiers = style.add_modifier - style.sub_modifier;
    for (modifier, name) in [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italics"),
        (Modifier::UNDERLINED, "underscore"),
        (Modifier::SLOW_BLINK, "blink"),
        (Modifier::RAPID_BLINK, "blink"),
        (Modifier::REVERSED, "reverse"),
        (Modifier::HIDDEN, "hidden"),
        (Modifier::CROSSED_OUT, "strikethrough"),
    ] {
        if modifiers.contains(modifier) && !attributes.iter().any(|a| a == name) {
            attributes.push(name.to_owned());
        }
    }
    attributes.join(",")
}

/// A colour as tmux names it.
fn tmux_colour(color: Color) -> Option<String> {
    Some(match color {
        Color::Reset => return None,
        Color::Indexed(n) => format!("colour{n}"),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        named => match named {
            Color::Black => "black",
            Color::Red => "red",
            Color::Green => "green",
            Color::Yellow => "yellow",
            Color::Blue => "blue",
            Color::Magenta => "magenta",
            Color::Cyan => "cyan",
            Color::Gray => "white",
            Color::DarkGray => "brightblack",
            Color::LightRed => "brightred",
            Color::LightGreen => "brightgreen",
            Color::LightYellow => "brightyellow",
            Color::LightBlue => "brightblue",
            Color::LightMagenta => "brightmagenta",
            Color::LightCyan => "brightcyan",
            _ => "brightwhite",
        }
        .to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmux_doubles_every_hash_and_closes_every_style() {
        let spans = vec![
            Span::raw("#[fg=red]x#{host}#(reboot)"),
            Span::styled("##", Style::default().fg(Color::Indexed(196)).add_modifier(Modifier::BOLD)),
        ];
        // `##` becomes `####`, then the style closes.
        assert_eq!(format(&spans), "##[fg=red]x##{host}##(reboot)#[fg=colour196,bold]#####[default]");
    }
}
