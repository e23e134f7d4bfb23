//! `update`: every change to the model, and nothing else (no I/O, no clock reads).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::message::{Command, FeedEvent, Message};
use crate::app::model::{FeedHealth, ItemKind, Model, Overlay, Panel, TimelineRow, View};
use crate::app::picture::{MeasureRow, Picture};
use crate::app::{changes, map_keys};
use crate::feed::text::is_unsafe_char;
use crate::ui::layout;

/// Applies one message; returns the side effects the loop should carry out.
pub fn update(model: &mut Model, message: Message) -> Vec<Command> {
    match message {
        Message::Key(key) => on_key(model, key),
        Message::Resize { width, height } => {
            model.size = (width, height);
            clamp_cursors(model);
            Vec::new()
        }
        Message::Tick(now) => {
            if !model.clock_pinned {
                model.now = now;
            }
            Vec::new()
        }
        Message::Feed(event @ FeedEvent::Loaded { .. }) if model.paused => {
            // A new picture is held back (the newest one); a rejected or missing feed
            // still shows at once, since it changes no picture.
            model.pending = Some(event);
            Vec::new()
        }
        Message::Feed(event) => on_feed(model, event),
        Message::Source(mode) => {
            model.source_mode = mode;
            Vec::new()
        }
        Message::Hangup => {
            model.running = false;
            Vec::new()
        }
    }
}

fn on_feed(model: &mut Model, event: FeedEvent) -> Vec<Command> {
    match event {
        FeedEvent::Loaded { feed, warnings, at } => {
            let first = model.picture.is_none();
            let mut commands = Vec::new();
            if let Some(old) = &model.picture {
                let arrival = changes::record(&mut model.changes, &old.feed, &feed, at);
                if model.settings.bell && (arrival.level_raised || arrival.new_critical) {
                    commands.push(Command::Bell);
                }
            }
            // An open item follows its id into the new picture, or closes if it is gone.
            model.overlay = match (model.overlay, &model.picture) {
                (Overlay::Incident(i), Some(old)) => same_item(&old.feed.incidents, &feed.incidents, i, |n| &n.id)
                    .map_or(Overlay::None, Overlay::Incident),
                (Overlay::Measure(i), Some(old)) => {
                    same_item(&old.feed.measures, &feed.measures, i, |n| &n.id).map_or(Overlay::None, Overlay::Measure)
                }
                (other, _) => other,
            };
            let selected = selected_ids(model);
            model.picture = Some(Picture::new(*feed, warnings));
            model.health = FeedHealth::Good;
            model.refresh_lists();
            if first {
                // Start on the first item, not on a heading.
                first_items(model);
            } else {
                // The selection stays on the same item, where it went.
                reselect(model, selected);
            }
            clamp_cursors(model);
            return commands;
        }
        FeedEvent::Rejected { problems, at } => {
            // The last good picture stays; only the health changes.
            let since = match &model.health {
                FeedHealth::Rejected { since, .. } => *since,
                _ => at,
            };
            model.health = FeedHealth::Rejected { since, problems };
        }
        FeedEvent::Missing { reason, at } => {
            let since = match &model.health {
                FeedHealth::Missing { since, .. } => *since,
                _ => at,
            };
            model.health = FeedHealth::Missing { since, reason };
        }
    }
    Vec::new()
}

/// The ids of the selected measure and incident, if a selection is on an item.
fn selected_ids(model: &Model) -> (Option<String>, Option<String>) {
    let Some(picture) = &model.picture else { return (None, None) };
    let measure = match model.lists.measure_rows.get(model.measures_cursor.selected) {
        Some(MeasureRow::Item(index)) => Some(picture.measure(*index).id.to_string()),
        _ => None,
    };
    let incident = match model.timeline_row(model.timeline_cursor.selected) {
        TimelineRow::Item(index) => Some(picture.incident(index).id.to_string()),
        _ => None,
    };
    (measure, incident)
}

/// Puts each selection back on the item with its id (kept at the same place on screen);
/// an item that is gone leaves the selection where it was.
fn reselect(model: &mut Model, (measure, incident): (Option<String>, Option<String>)) {
    let Some(picture) = &model.picture else { return };
    if let Some(id) = measure
        && let Some(row) = model
            .lists
            .measure_rows
            .iter()
            .position(|r| matches!(r, MeasureRow::Item(index) if picture.measure(*index).id.as_str() == id))
    {
        let on_screen = model.measures_cursor.selected.saturating_sub(model.measures_cursor.offset);
        model.measures_cursor.selected = row;
        model.measures_cursor.offset = row.saturating_sub(on_screen);
    }
    if let Some(id) = incident
        && let Some(row) = (0..model.timeline_rows()).find(
            |&r| matches!(model.timeline_row(r), TimelineRow::Item(index) if picture.incident(index).id.as_str() == id),
        )
    {
        let on_screen = model.timeline_cursor.selected.saturating_sub(model.timeline_cursor.offset);
        model.timeline_cursor.selected = row;
        model.timeline_cursor.offset = row.saturating_sub(on_screen);
    }
}

/// Where the item at `index` in `old` stands in `new`, found by its id.
fn same_item<T>(old: &[T], new: &[T], index: u32, id: impl Fn(&T) -> &crate::feed::Text) -> Option<u32> {
    let wanted = id(old.get(index as usize)?);
    new.iter().position(|n| id(n) == wanted).and_then(|n| u32::try_from(n).ok())
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('c' | 'C')) {
        model.running = false;
        return Vec::new();
    }
    if model.filter.editing {
        edit_filter(model, key);
        return Vec::new();
    }
    if model.overlay != Overlay::None {
        match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Backspace => model.overlay = Overlay::None,
            KeyCode::Char('q') => model.running = false,
            KeyCode::Char('?') => model.overlay = Overlay::Help,
            _ => {}
        }
        return Vec::new();
    }
    if model.view == View::Map && map_keys::on_key(model, key.code) {
        return Vec::new();
    }
    let (rows, height) = focused_list(model);
    let page = isize::try_from(height.max(1)).unwrap_or(isize::MAX);
    match key.code {
        KeyCode::Char('q') => model.running = false,
        KeyCode::Tab | KeyCode::BackTab => {
            // Only panels on screen can take the focus.
            let plan = layout::plan(model, model.size);
            model.focus = match model.focus {
                Panel::Timeline if plan.measures.is_some() => Panel::Measures,
                Panel::Measures if plan.timeline.is_some() => Panel::Timeline,
                other => other,
            };
        }
        KeyCode::Down | KeyCode::Char('j') => cursor(model).move_by(1, rows, height),
        KeyCode::Up | KeyCode::Char('k') => cursor(model).move_by(-1, rows, height),
        KeyCode::PageDown => cursor(model).move_by(page, rows, height),
        KeyCode::PageUp => cursor(model).move_by(-page, rows, height),
        KeyCode::Home | KeyCode::Char('g') => cursor(model).move_by(isize::MIN, rows, height),
        KeyCode::End | KeyCode::Char('G') => cursor(model).move_by(isize::MAX, rows, height),
        KeyCode::Enter => model.overlay = selected_item(model).unwrap_or(Overlay::None),
        KeyCode::Char('/') => model.filter.editing = true,
        KeyCode::Esc if !model.filter.text.is_empty() => {
            model.filter.text.clear();
            model.refresh_lists();
            clamp_cursors(model);
        }
        KeyCode::Char('e') => {
            model.show_ended = !model.show_ended;
            model.refresh_lists();
            clamp_cursors(model);
        }
        KeyCode::Char('?') => model.overlay = Overlay::Help,
        KeyCode::Char('m') => {
            model.view = match model.view {
                View::Dashboard => View::Map,
                View::Map => View::Dashboard,
            };
            clamp_cursors(model);
        }
        KeyCode::Char('w') => model.overlay = Overlay::Problems,
        KeyCode::Char('r') => return vec![Command::Reload],
        KeyCode::Char('a') => model.changes = Default::default(),
        KeyCode::Char('p') => {
            model.paused = !model.paused;
            if !model.paused
                && let Some(event) = model.pending.take()
            {
                let held_at = match &event {
                    FeedEvent::Loaded { at, .. } | FeedEvent::Rejected { at, .. } | FeedEvent::Missing { at, .. } => {
                        *at
                    }
                };
                let health = model.health.clone();
                let commands = on_feed(model, event);
                // A rejected or missing feed that came after the held picture still
                // stands: the held picture is the last good one, not the current state.
                match &health {
                    FeedHealth::Rejected { since, .. } | FeedHealth::Missing { since, .. } if *since >= held_at => {
                        model.health = health;
                    }
                    _ => {}
                }
                return commands;
            }
        }
        _ => {}
    }
    Vec::new()
}

fn edit_filter(model: &mut Model, key: KeyEvent) {
    match key.code {
        KeyCode::Enter => model.filter.editing = false,
        KeyCode::Esc => {
            model.filter.editing = false;
            model.filter.text.clear();
        }
        KeyCode::Backspace => {
            model.filter.text.pop();
        }
        // Control characters never enter the filter (it is drawn on screen).
        KeyCode::Char(c) if !is_unsafe_char(c) && model.filter.text.chars().count() < 200 => model.filter.text.push(c),
        _ => return,
    }
    model.refresh_lists();
    first_items(model);
    clamp_cursors(model);
}

/// Puts both selections on their list's first item (not on a heading).
fn first_items(model: &mut Model) {
    model.measures_cursor = Default::default();
    model.timeline_cursor = Default::default();
    model.measures_cursor.selected = usize::from(!model.lists.measure_rows.is_empty());
    model.timeline_cursor.selected = usize::from(model.upcoming() > 0);
}

fn cursor(model: &mut Model) -> &mut crate::app::model::Cursor {
    match model.focus {
        Panel::Measures => &mut model.measures_cursor,
        Panel::Timeline => &mut model.timeline_cursor,
    }
}

/// The focused list's row count and visible height.
fn focused_list(model: &Model) -> (usize, usize) {
    let plan = layout::plan(model, model.size);
    match model.focus {
        Panel::Measures => (model.lists.measure_rows.len(), plan.measures.map_or(0, layout::list_height)),
        Panel::Timeline => (model.timeline_rows(), plan.timeline.map_or(0, layout::list_height)),
    }
}

fn selected_item(model: &Model) -> Option<Overlay> {
    model.selected_item().map(|(kind, index)| match kind {
        ItemKind::Measure => Overlay::Measure(index),
        ItemKind::Incident => Overlay::Incident(index),
    })
}

/// Keeps both selections inside their lists after the lists or the screen changed.
fn clamp_cursors(model: &mut Model) {
    let plan = layout::plan(model, model.size);
    let measures = model.lists.measure_rows.len();
    let timeline = model.timeline_rows();
    model.measures_cursor.move_by(0, measures, plan.measures.map_or(0, layout::list_height));
    model.timeline_cursor.move_by(0, timeline, plan.timeline.map_or(0, layout::list_height));
    if plan.measures.is_none() && plan.map.is_none() {
        model.focus = Panel::Timeline;
    }
}
