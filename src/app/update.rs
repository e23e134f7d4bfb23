//! `update`: every change to the model, and nothing else (no I/O, no clock reads).

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::lists::Lists;
use crate::app::lists::MeasureRow;
use crate::app::message::{Command, FeedEvent, Message};
use crate::app::model::{Cursor, FeedHealth, ItemKind, Model, Notice, NoticeKind, Overlay, Panel, TimelineRow, View};
use crate::app::picture::Picture;
use crate::app::sources::{NewPicture, SourceStatus, SourcesUpdate};
use crate::app::{changes, journal, map_keys, travel, wallboard};
use crate::feed::text::is_unsafe_char;

/// Applies one message; returns the side effects the loop should carry out.
pub fn update(model: &mut Model, message: Message) -> Vec<Command> {
    // The journal hears of a feed event as it arrives, before the model takes it in.
    let mut commands = journal::on_arrival(model, &message);
    commands.extend(handle(model, message));
    journal::after_update(model, &mut commands);
    commands
}

fn handle(model: &mut Model, message: Message) -> Vec<Command> {
    match message {
        Message::Key(key) => on_key(model, key),
        Message::Resize { width, height } => {
            model.size = (width, height);
            clamp_cursors(model);
            travel::on_resize(model);
            Vec::new()
        }
        Message::Tick(now) => on_tick(model, now),
        Message::Feed(event) => {
            let update = one_source_update(model, event);
            on_sources(model, update)
        }
        Message::Sources(update) => on_sources(model, update),
        Message::Source(mode) => {
            if let Some(source) = model.sources.first_mut() {
                source.mode = mode.clone();
            }
            model.source_mode = mode;
            Vec::new()
        }
        Message::Hangup => {
            model.running = false;
            Vec::new()
        }
        Message::PageTurn => {
            wallboard::turn_pages(model);
            Vec::new()
        }
        Message::ViewTurn => {
            wallboard::rotate(model);
            clamp_cursors(model);
            Vec::new()
        }
        Message::History(news) => {
            travel::on_loaded(model, news);
            Vec::new()
        }
        Message::Journal(event) => journal::on_event(model, event),
    }
}

fn on_tick(model: &mut Model, now: DateTime<Utc>) -> Vec<Command> {
    if model.clock_pinned {
        return Vec::new();
    }
    let mut commands = Vec::new();
    let selected = Selected::remember(model);
    let before = std::mem::replace(&mut model.now, now);
    // A level that comes into force or lapses as time passes is a change too.
    let raised = match &model.picture {
        Some(picture) => changes::record_by_time(&mut model.changes, &picture.feed, before, now),
        None => false,
    };
    if raised && model.settings.bell {
        commands.push(Command::Bell);
    }
    wallboard::expire_changes(model, now);
    if model.notice.as_ref().is_some_and(|n| now - n.at >= Notice::LIFETIME) {
        model.notice = None;
    }
    // A pause that was forgotten ends by itself: a wall must not stay frozen.
    if model.paused && model.paused_at.is_some_and(|at| now - at >= model.settings.max_pause.to_chrono()) {
        commands.extend(resume(model));
        model.notice = Some(Notice { kind: NoticeKind::PauseEnded, at: now });
    }
    // An upcoming item that became past moves: the selection goes with it.
    selected.restore(model);
    commands
}

/// A feed event of a one-source dashboard, as the merger would report it: the source's
/// new status and, for a good read, the new picture. (The running dashboard gets these
/// from the merger task; tests and one-shot snapshots come this way.)
fn one_source_update(model: &Model, event: FeedEvent) -> SourcesUpdate {
    // A model built without its source list (tests, one-shot snapshots) keeps the mode
    // the follower last reported, or the first read would reset it to built-in.
    let mut status = model.sources.first().cloned().unwrap_or_else(|| {
        let mut status =
            SourceStatus::new(String::new(), String::new(), crate::app::sources::Provides::default(), None);
        status.mode = model.source_mode.clone();
        status
    });
    let current = model.pending.as_ref().map(|p| &p.picture).or(model.picture.as_ref());
    let read = match &event {
        FeedEvent::Loaded { at, .. } | FeedEvent::Rejected { at, .. } | FeedEvent::Missing { at, .. } => *at,
    };
    let reads = vec![(0, crate::app::sources::Read::of(&event))];
    let picture = match event {
        FeedEvent::Loaded { mut feed, mut warnings, at, raw } => {
            if model.settings.public_screen {
                crate::app::public::strip(&mut feed, &mut warnings);
            }
            let unchanged = current.is_some_and(|c| *c.feed == *feed);
            // The same version read again keeps the moment it first arrived.
            let received = match current {
                Some(c) if unchanged => c.received,
                _ => at,
            };
            status.took_good(&feed, &warnings, received);
            let delta = current.map(|c| changes::diff(&c.feed, &feed));
            let picture = Picture::new(*feed, warnings, received);
            let filter = model.list_filter();
            let lists = Lists::new(&picture, &filter);
            Some(Box::new(NewPicture { picture, filter, lists, delta, at, unchanged, raw: Some(raw) }))
        }
        FeedEvent::Rejected { mut problems, at } => {
            if model.settings.public_screen {
                crate::app::public::redact(&mut problems);
            }
            status.took_rejected(problems, at);
            None
        }
        FeedEvent::Missing { reason, at } => {
            status.took_missing(reason, at);
            None
        }
    };
    SourcesUpdate { statuses: vec![status], reads, picture, read: Some(read) }
}

/// The sources' new statuses, and a new picture if a good read made one (held back while
/// paused: a rejected or missing source still shows at once, since it changes no
/// picture).
fn on_sources(model: &mut Model, update: SourcesUpdate) -> Vec<Command> {
    let reload = update.read.is_some() && std::mem::take(&mut model.reload_requested);
    model.sources = update.statuses;
    model.health = combined_health(&model.sources);
    if let Some(first) = model.sources.first() {
        model.source_mode = first.mode.clone();
    }
    let Some(new) = update.picture else {
        if let Some(at) = update.read.filter(|_| reload) {
            let kind =
                if model.health == FeedHealth::Good { NoticeKind::ReadUnchanged } else { NoticeKind::ReadFailed };
            model.notice = Some(Notice { kind, at });
        }
        return Vec::new();
    };
    if reload {
        let kind = if new.unchanged { NoticeKind::ReadUnchanged } else { NoticeKind::ReadNew };
        model.notice = Some(Notice { kind, at: new.at });
    }
    if model.paused {
        if !new.unchanged || model.pending.is_some() {
            model.pending = Some(new);
        }
        return Vec::new();
    }
    if new.unchanged && model.picture.is_some() {
        return Vec::new();
    }
    travel::count_newer(model);
    show_picture(model, *new)
}

/// How the sources stand together: a rejected or missing one is what the screen must say
/// first; good when every one is.
fn combined_health(sources: &[SourceStatus]) -> FeedHealth {
    let worst = sources.iter().map(|s| &s.health).find(|h| matches!(h, FeedHealth::Rejected { .. }));
    let worst = worst.or_else(|| sources.iter().map(|s| &s.health).find(|h| matches!(h, FeedHealth::Missing { .. })));
    match worst {
        Some(health) => health.clone(),
        None if sources.iter().all(|s| s.health == FeedHealth::Good) && !sources.is_empty() => FeedHealth::Good,
        None => FeedHealth::Waiting,
    }
}

/// Puts a new picture on screen: takes in what changed, keeps open items and the
/// selection on their ids, and starts a wall's pages again. No sorting or scanning of
/// the feed happens here: the merger did that.
fn show_picture(model: &mut Model, new: NewPicture) -> Vec<Command> {
    let NewPicture { picture, filter, lists, delta, at, raw, .. } = new;
    // An acknowledgement names the version on screen by its bytes' hash.
    model.journal.shown = raw.map(|raw| raw.bytes);
    let first = model.picture.is_none();
    let mut commands = Vec::new();
    if let (Some(old), Some(delta)) = (&model.picture, &delta) {
        let arrival = changes::apply(&mut model.changes, delta, &old.feed, &picture, at);
        if model.settings.bell && (arrival.level_raised || !arrival.new_critical.is_empty()) {
            commands.push(Command::Bell);
        }
    }
    // An open item follows its id into the new picture, or closes if it is gone.
    model.overlay = match (model.overlay, &model.picture) {
        (Overlay::Incident(i), Some(old)) => old
            .feed
            .incidents
            .get(i as usize)
            .and_then(|item| picture.incident_index(&item.id))
            .map_or(Overlay::None, Overlay::Incident),
        (Overlay::Measure(i), Some(old)) => old
            .feed
            .measures
            .get(i as usize)
            .and_then(|item| picture.measure_index(&item.id))
            .map_or(Overlay::None, Overlay::Measure),
        (other, _) => other,
    };
    let selected = Selected::remember(model);
    let filter_now = model.list_filter();
    model.lists = if filter == filter_now { lists } else { Lists::new(&picture, &filter_now) };
    model.picture = Some(picture);
    if first {
        first_items(model);
    } else {
        selected.restore(model);
    }
    clamp_cursors(model);
    // On a wall, a change is seen at once: every list back to its first page.
    if !first && model.wall.is_some() {
        wallboard::first_pages(model);
    }
    commands
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    if control && matches!(key.code, KeyCode::Char('c' | 'C')) {
        model.running = false;
        return Vec::new();
    }
    if control && matches!(key.code, KeyCode::Char('l' | 'L')) {
        return vec![Command::Redraw];
    }
    // On a wall a stray key must not change or end the screen.
    if model.wall.is_some() {
        return Vec::new();
    }
    // Time travel takes every key but Ctrl-C and Ctrl-L.
    if model.travel.is_some() {
        return travel::on_key(model, key);
    }
    // A key is the operator's answer to a notice: it has been seen.
    model.notice = None;
    if model.filter.editing {
        edit_filter(model, key);
        return Vec::new();
    }
    if model.journal.note.is_some() {
        return journal::note_key(model, key);
    }
    if model.overlay != Overlay::None {
        popup_key(model, key);
        return Vec::new();
    }
    if model.view == View::Map && map_keys::on_key(model, key.code) {
        return Vec::new();
    }
    let focus = model.focus;
    let height = model.list_height(focus);
    // A list not on screen (the map shows its selection) pages by ten.
    let page = isize::try_from(if height == 0 { 10 } else { height }).unwrap_or(isize::MAX);
    match key.code {
        KeyCode::Char('q') => model.running = false,
        KeyCode::Tab | KeyCode::BackTab => {
            // Only panels on screen can take the focus; zoomed, Tab zooms the other.
            let plan = crate::app::layout::plan(model, model.size);
            model.focus = match model.focus {
                Panel::Timeline if plan.measures.is_some() || model.zoomed => Panel::Measures,
                Panel::Measures if plan.timeline.is_some() || model.zoomed => Panel::Timeline,
                other => other,
            };
            clamp_cursors(model);
        }
        KeyCode::Down | KeyCode::Char('j') => step(model, 1),
        KeyCode::Up | KeyCode::Char('k') => step(model, -1),
        KeyCode::PageDown => step(model, page),
        KeyCode::PageUp => step(model, -page),
        KeyCode::Home | KeyCode::Char('g') => step(model, isize::MIN),
        KeyCode::End | KeyCode::Char('G') => step(model, isize::MAX),
        KeyCode::Enter => {
            if let Some(overlay) = selected_item(model) {
                open(model, overlay);
            }
        }
        KeyCode::Char('/') => model.filter.editing = true,
        KeyCode::Char('z') => {
            model.zoomed = !model.zoomed;
            clamp_cursors(model);
        }
        KeyCode::Esc if model.zoomed => {
            model.zoomed = false;
            clamp_cursors(model);
        }
        KeyCode::Esc if !model.filter.text.is_empty() => {
            let selected = Selected::remember(model);
            model.filter.text.clear();
            model.refresh_lists();
            selected.restore(model);
        }
        KeyCode::Char('e') => {
            let selected = Selected::remember(model);
            model.show_ended = !model.show_ended;
            model.refresh_lists();
            selected.restore(model);
        }
        KeyCode::Char('?') => open(model, Overlay::Help),
        KeyCode::Char('w') => open(model, Overlay::Problems),
        KeyCode::Char('r') => {
            model.reload_requested = true;
            return vec![Command::Reload];
        }
        KeyCode::Char('m') => {
            model.view = match model.view {
                View::Dashboard => View::Map,
                View::Map => View::Dashboard,
            };
            clamp_cursors(model);
        }
        KeyCode::Char('a') => return journal::acknowledge(model),
        KeyCode::Char('n') => journal::open_note(model),
        KeyCode::Char('l') => return journal::open_shift(model),
        KeyCode::Char('h') => return travel::enter(model),
        KeyCode::Char('p') => {
            if model.paused {
                return resume(model);
            }
            model.paused = true;
            model.paused_at = Some(model.now);
        }
        _ => {}
    }
    Vec::new()
}

fn open(model: &mut Model, overlay: Overlay) {
    model.overlay = overlay;
    model.overlay_scroll = 0;
}

/// Keys while a popup is open: it scrolls, closes, or gives way to another popup;
/// nothing reaches the panels beneath, and `q` does not quit.
fn popup_key(model: &mut Model, key: KeyEvent) {
    let lines = crate::ui::overlay::line_count(model);
    let visible = crate::ui::overlay::visible_lines(model);
    let most = lines.saturating_sub(visible);
    let page = visible.max(1);
    let scroll = &mut model.overlay_scroll;
    match key.code {
        KeyCode::Esc | KeyCode::Enter | KeyCode::Backspace | KeyCode::Char('q') => model.overlay = Overlay::None,
        KeyCode::Char('?') if model.overlay == Overlay::Help => model.overlay = Overlay::None,
        KeyCode::Char('w') if model.overlay == Overlay::Problems => model.overlay = Overlay::None,
        KeyCode::Char('l') if model.overlay == Overlay::Journal => model.overlay = Overlay::None,
        KeyCode::Char('?') => open(model, Overlay::Help),
        KeyCode::Char('w') => open(model, Overlay::Problems),
        KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(most),
        KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => *scroll = (*scroll + page).min(most),
        KeyCode::PageUp => *scroll = scroll.saturating_sub(page),
        KeyCode::Home | KeyCode::Char('g') => *scroll = 0,
        KeyCode::End | KeyCode::Char('G') => *scroll = most,
        _ => {}
    }
}

/// Ends a pause: the newest held picture (if any) arrives now, with its own time; the
/// sources' health stays as the latest reads left it.
fn resume(model: &mut Model) -> Vec<Command> {
    model.paused = false;
    model.paused_at = None;
    match model.pending.take() {
        Some(new) => show_picture(model, *new),
        None => Vec::new(),
    }
}

fn edit_filter(model: &mut Model, key: KeyEvent) {
    let selected = Selected::remember(model);
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
    // The selection stays on its item while it still matches.
    selected.restore(model);
}

/// Puts both selections on their list's first item (not on a heading).
fn first_items(model: &mut Model) {
    model.measures_cursor = Cursor::default();
    model.timeline_cursor = Cursor::default();
    for panel in [Panel::Measures, Panel::Timeline] {
        let first = nearest_item(model, panel, 0, 1);
        cursor(model, panel).selected = first.unwrap_or(0);
    }
}

fn cursor(model: &mut Model, panel: Panel) -> &mut Cursor {
    match panel {
        Panel::Measures => &mut model.measures_cursor,
        Panel::Timeline => &mut model.timeline_cursor,
    }
}

/// The item row nearest `row`, looking first in `direction` (1 down, -1 up), then the
/// other way.
fn nearest_item(model: &Model, panel: Panel, row: usize, direction: isize) -> Option<usize> {
    let rows = model.list_rows(panel);
    if rows == 0 {
        return None;
    }
    let row = row.min(rows - 1);
    let down = (row..rows).find(|&r| model.is_item_row(panel, r));
    let up = (0..=row).rev().find(|&r| model.is_item_row(panel, r));
    if direction >= 0 { down.or(up) } else { up.or(down) }
}

/// Moves the focused selection by `delta` rows, stepping over headings, so the
/// selection is always on an item; then scrolls it into view, with its heading when it
/// is the first of its group.
fn step(model: &mut Model, delta: isize) {
    let panel = model.focus;
    let rows = model.list_rows(panel);
    let height = model.list_height(panel);
    let from = cursor(model, panel).selected;
    let target = from.saturating_add_signed(delta).min(rows.saturating_sub(1));
    let Some(row) = nearest_item(model, panel, target, delta.signum()) else { return };
    let cursor = cursor(model, panel);
    cursor.selected = row;
    if height > 0 {
        cursor.offset = cursor.visible_offset(height, rows);
    }
    // Show the heading above the first item of a group.
    if row > 0 && !model.is_item_row(panel, row - 1) && self::cursor(model, panel).offset == row {
        self::cursor(model, panel).offset = row - 1;
    }
}

fn selected_item(model: &Model) -> Option<Overlay> {
    model.selected_item().map(|(kind, index)| match kind {
        ItemKind::Measure => Overlay::Measure(index),
        ItemKind::Incident => Overlay::Incident(index),
    })
}

/// Keeps both selections inside their lists, on items, after the lists or the screen
/// changed.
fn clamp_cursors(model: &mut Model) {
    for panel in [Panel::Measures, Panel::Timeline] {
        let rows = model.list_rows(panel);
        let height = model.list_height(panel);
        let selected = cursor(model, panel).selected;
        if let Some(row) = nearest_item(model, panel, selected, 1) {
            cursor(model, panel).selected = row;
        }
        cursor(model, panel).move_by(0, rows, height);
    }
    let plan = crate::app::layout::plan(model, model.size);
    if plan.measures.is_none() && plan.map.is_none() && !model.zoomed {
        model.focus = Panel::Timeline;
    }
}

/// What each list's selection is on, to put it back after the lists change.
struct Selected {
    measure: Option<Held>,
    incident: Option<Held>,
}

/// A selected item: its id, title, and where it stood.
struct Held {
    id: String,
    title: String,
    row: usize,
    /// Its row on screen, kept when it moves.
    on_screen: usize,
}

impl Selected {
    fn remember(model: &Model) -> Self {
        let Some(picture) = &model.picture else { return Self { measure: None, incident: None } };
        let held = |cursor: Cursor, id: &str, title: &str| Held {
            id: id.to_owned(),
            title: title.to_owned(),
            row: cursor.selected,
            on_screen: cursor.selected.saturating_sub(cursor.offset),
        };
        let measure = match model.lists.measure_rows.get(model.measures_cursor.selected) {
            Some(MeasureRow::Item(index)) => {
                let m = picture.measure(*index);
                Some(held(model.measures_cursor, &m.id, &m.location))
            }
            _ => None,
        };
        let incident = match model.timeline_row(model.timeline_cursor.selected) {
            TimelineRow::Item(index) => {
                let i = picture.incident(index);
                Some(held(model.timeline_cursor, &i.id, &i.title))
            }
            _ => None,
        };
        Self { measure, incident }
    }

    /// Puts each selection back on the item with its id, at the same place on screen;
    /// an item that is gone leaves the selection on its nearest neighbour, and the
    /// status line says so.
    fn restore(self, model: &mut Model) {
        let Some(picture) = &model.picture else { return };
        let measure_row =
            self.measure.as_ref().map(|held| {
                model.lists.measure_rows.iter().position(
                    |r| matches!(r, MeasureRow::Item(index) if picture.measure(*index).id.as_str() == held.id),
                )
            });
        let incident_row = self.incident.as_ref().map(|held| {
            (0..model.timeline_rows()).find(|&r| {
                matches!(model.timeline_row(r), TimelineRow::Item(index) if picture.incident(index).id.as_str() == held.id)
            })
        });
        for (panel, held, found) in [
            (Panel::Measures, self.measure, measure_row.flatten()),
            (Panel::Timeline, self.incident, incident_row.flatten()),
        ] {
            let Some(held) = held else { continue };
            let row = match found {
                Some(row) => row,
                None => {
                    // Gone (ended, removed, filtered out): its neighbour takes its place.
                    if model.overlay == Overlay::None && !model.filter.editing {
                        model.notice =
                            Some(Notice { kind: NoticeKind::SelectionMoved { title: held.title }, at: model.now });
                    }
                    match nearest_item(model, panel, held.row, 1) {
                        Some(row) => row,
                        None => continue,
                    }
                }
            };
            let cursor = cursor(model, panel);
            cursor.selected = row;
            cursor.offset = row.saturating_sub(held.on_screen);
        }
        clamp_cursors(model);
    }
}
