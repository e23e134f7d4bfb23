//! Every word on screen, in English and Dutch.

use crate::config::Language;
use crate::feed::{Category, MeasureStatus, Severity};

/// The fixed words of the screen in one language.
#[derive(Debug)]
pub struct Labels {
    pub language: Language,
    pub threat: &'static str,
    pub measures: &'static str,
    pub timeline: &'static str,
    pub demo: &'static str,
    pub exercise: &'static str,
    pub since: &'static str,
    pub assessed: &'static str,
    pub until: &'static str,
    pub lapsed: &'static str,
    pub history: &'static str,
    pub scoped: &'static str,
    pub upcoming: &'static str,
    pub past: &'static str,
    pub ago: &'static str,
    pub in_future: &'static str,
    pub now: &'static str,
    pub review: &'static str,
    pub overdue: &'static str,
    pub covert: &'static str,
    pub agency: &'static str,
    pub location: &'static str,
    pub region: &'static str,
    pub notes: &'static str,
    pub dead: &'static str,
    pub injured: &'static str,
    pub tags: &'static str,
    pub source: &'static str,
    pub claimed_by: &'static str,
    pub details: &'static str,
    pub reference: &'static str,
    pub feed: &'static str,
    pub generated: &'static str,
    pub stale: &'static str,
    pub stale_explain: &'static str,
    pub rejected: &'static str,
    pub missing: &'static str,
    pub showing_last_good: &'static str,
    pub waiting: &'static str,
    pub no_feed_yet: &'static str,
    pub ended_hidden: &'static str,
    pub filter: &'static str,
    pub none: &'static str,
    pub no_measures: &'static str,
    pub no_incidents: &'static str,
    pub help_title: &'static str,
    pub keys_hint: &'static str,
    pub close_hint: &'static str,
    pub problems_title: &'static str,
    pub warnings: &'static str,
    pub clock_pinned: &'static str,
    pub acknowledge: &'static str,
    pub paused: &'static str,
    pub newer_waiting: &'static str,
    pub watching: &'static str,
    pub polling: &'static str,
    pub no_level_in_force: &'static str,
    pub from: &'static str,
    pub level_raised: &'static str,
    pub level_lowered: &'static str,
    pub level_changed: &'static str,
    pub clock_skew: &'static str,
    pub clock_skew_explain: &'static str,
    pub age_counts_from: &'static str,
    pub limit: &'static str,
    pub zone_unknown: &'static str,
    pub warning: &'static str,
    pub keys_hint_short: &'static str,
    pub more: &'static str,
    pub new_critical: &'static str,
    pub new_items: &'static str,
    pub hidden_by_size: &'static str,
    pub zoom_hint: &'static str,
    pub matched_in_details: &'static str,
    pub read_again_at: &'static str,
    pub unchanged: &'static str,
    pub new_picture: &'static str,
    pub read_refused: &'static str,
    pub selection_moved: &'static str,
    pub no_longer_listed: &'static str,
    pub pause_ended: &'static str,
    pub level_word: &'static str,
    pub page: &'static str,
    pub wallboard_hint: &'static str,
    /// A source not reached yet (`WAITING FOR nats://… since 09:12`).
    pub waiting_for: &'static str,
    /// A source reached before and lost since.
    pub unreachable: &'static str,
    /// One line per key binding: (keys, what they do).
    pub keys: &'static [(&'static str, &'static str)],
}

pub static EN: Labels = Labels {
    language: Language::En,
    threat: "Threat level",
    measures: "Measures",
    timeline: "Timeline",
    demo: "DEMO",
    exercise: "EXERCISE",
    since: "since",
    assessed: "assessed",
    until: "until",
    lapsed: "LAPSED",
    history: "history",
    scoped: "scoped",
    upcoming: "Upcoming",
    past: "Past",
    ago: "ago",
    in_future: "in",
    now: "now",
    review: "review",
    overdue: "OVERDUE",
    covert: "covert",
    agency: "agency",
    location: "location",
    region: "region",
    notes: "notes",
    dead: "dead",
    injured: "injured",
    tags: "tags",
    source: "source",
    claimed_by: "claimed by",
    details: "details",
    reference: "reference",
    feed: "feed",
    generated: "generated",
    stale: "STALE",
    stale_explain: "no new picture for",
    rejected: "FEED REJECTED",
    missing: "FEED MISSING",
    showing_last_good: "showing the last good picture of",
    waiting: "waiting for a valid feed",
    no_feed_yet: "No valid picture yet.",
    ended_hidden: "ended hidden (e)",
    filter: "filter",
    none: "none",
    no_measures: "No measures in force.",
    no_incidents: "No incidents.",
    help_title: "Keys",
    keys_hint: "?:keys  /:filter  Tab:panel  Enter:details  q:quit",
    close_hint: "Esc: close",
    problems_title: "Problems with the feed",
    warnings: "warnings",
    clock_pinned: "clock pinned",
    acknowledge: "acknowledge",
    paused: "PAUSED: updates held back",
    newer_waiting: "newer data waiting",
    watching: "live",
    polling: "polling",
    no_level_in_force: "no level in force",
    from: "from",
    level_raised: "LEVEL RAISED",
    level_lowered: "LEVEL LOWERED",
    level_changed: "LEVEL CHANGED",
    clock_skew: "CLOCK SKEW",
    clock_skew_explain: "ahead of this machine's clock",
    age_counts_from: "its age counts from its arrival at",
    limit: "limit",
    zone_unknown: "zone unknown",
    warning: "warning",
    keys_hint_short: "?:keys",
    more: "more",
    new_critical: "NEW CRITICAL",
    new_items: "new",
    hidden_by_size: "hidden",
    zoom_hint: "z: zoom",
    matched_in_details: "≈ details",
    read_again_at: "read again at",
    unchanged: "unchanged",
    new_picture: "new picture",
    read_refused: "refused, the last good picture stays",
    selection_moved: "selection moved",
    no_longer_listed: "is no longer listed",
    pause_ended: "pause ended by itself after",
    level_word: "level",
    page: "page",
    wallboard_hint: "wallboard · Ctrl-C quits",
    waiting_for: "WAITING FOR",
    unreachable: "SOURCE UNREACHABLE",
    keys: &[
        ("Tab / Shift-Tab", "next / previous panel"),
        ("Up Down  k j", "move the selection"),
        ("PgUp PgDn", "a page up / down"),
        ("g G  Home End", "first / last"),
        ("Enter", "open the selected item"),
        ("Esc  q", "close a popup (q quits only from the main screen)"),
        ("Esc", "unzoom; clear the filter"),
        ("z", "zoom the focused panel (z or Esc returns)"),
        ("/", "filter measures and timeline by text"),
        ("e", "show / hide ended measures"),
        ("w", "show every problem with the feed"),
        ("a", "acknowledge changes (✱ marks, level change)"),
        ("r", "read the feed again now"),
        ("p", "pause / resume updates"),
        ("m", "map of the measures and incidents / back to the lists"),
        ("v", "on the map: the Netherlands / Europe"),
        ("h", "time travel: [ ] version, { } hour, Esc back to live"),
        ("Tab  j k  (map)", "the map shows the lists' selection: Tab picks the list, j k walk it"),
        ("?", "this help (again: close)"),
        ("j k  PgUp PgDn  g G", "in a popup: scroll"),
        ("Ctrl-L", "redraw the whole screen"),
        ("q  Ctrl-C", "quit"),
    ],
};

pub static NL: Labels = Labels {
    language: Language::Nl,
    threat: "Dreigingsniveau",
    measures: "Maatregelen",
    timeline: "Tijdlijn",
    demo: "DEMO",
    exercise: "OEFENING",
    since: "sinds",
    assessed: "beoordeeld",
    until: "tot",
    lapsed: "VERLOPEN",
    history: "eerder",
    scoped: "regionaal",
    upcoming: "Komend",
    past: "Voorbij",
    ago: "geleden",
    in_future: "over",
    now: "nu",
    review: "herijking",
    overdue: "TE LAAT",
    covert: "onzichtbaar",
    agency: "dienst",
    location: "locatie",
    region: "regio",
    notes: "notities",
    dead: "doden",
    injured: "gewonden",
    tags: "labels",
    source: "bron",
    claimed_by: "opgeëist door",
    details: "details",
    reference: "referentie",
    feed: "feed",
    generated: "gemaakt",
    stale: "VEROUDERD",
    stale_explain: "geen nieuw beeld sinds",
    rejected: "FEED GEWEIGERD",
    missing: "FEED ONTBREEKT",
    showing_last_good: "getoond wordt het laatste goede beeld van",
    waiting: "wacht op een geldige feed",
    no_feed_yet: "Nog geen geldig beeld.",
    ended_hidden: "beëindigd verborgen (e)",
    filter: "filter",
    none: "geen",
    no_measures: "Geen maatregelen van kracht.",
    no_incidents: "Geen incidenten.",
    help_title: "Toetsen",
    keys_hint: "?:toetsen  /:filter  Tab:paneel  Enter:details  q:stop",
    close_hint: "Esc: sluiten",
    problems_title: "Problemen met de feed",
    warnings: "waarschuwingen",
    clock_pinned: "klok vastgezet",
    acknowledge: "bevestigen",
    paused: "GEPAUZEERD: updates tegengehouden",
    newer_waiting: "nieuwere gegevens wachten",
    watching: "live",
    polling: "pollen",
    no_level_in_force: "geen niveau van kracht",
    from: "vanaf",
    level_raised: "NIVEAU VERHOOGD",
    level_lowered: "NIVEAU VERLAAGD",
    level_changed: "NIVEAU GEWIJZIGD",
    clock_skew: "KLOKVERSCHIL",
    clock_skew_explain: "voor op de klok van deze machine",
    age_counts_from: "de leeftijd telt vanaf aankomst om",
    limit: "grens",
    zone_unknown: "tijdzone onbekend",
    warning: "waarschuwing",
    keys_hint_short: "?:toetsen",
    more: "meer",
    new_critical: "NIEUW KRITIEK",
    new_items: "nieuw",
    hidden_by_size: "verborgen",
    zoom_hint: "z: zoom",
    matched_in_details: "≈ details",
    read_again_at: "opnieuw gelezen om",
    unchanged: "ongewijzigd",
    new_picture: "nieuw beeld",
    read_refused: "geweigerd, het laatste goede beeld blijft",
    selection_moved: "selectie verplaatst",
    no_longer_listed: "staat er niet meer",
    pause_ended: "pauze vanzelf beëindigd na",
    level_word: "niveau",
    page: "pagina",
    wallboard_hint: "wandscherm · Ctrl-C stopt",
    waiting_for: "WACHT OP",
    unreachable: "BRON ONBEREIKBAAR",
    keys: &[
        ("Tab / Shift-Tab", "volgend / vorig paneel"),
        ("Omhoog Omlaag  k j", "selectie verplaatsen"),
        ("PgUp PgDn", "een pagina omhoog / omlaag"),
        ("g G  Home End", "eerste / laatste"),
        ("Enter", "geselecteerd item openen"),
        ("Esc  q", "pop-up sluiten (q stopt alleen vanuit het hoofdscherm)"),
        ("Esc", "zoom opheffen; filter wissen"),
        ("z", "paneel in focus vergroten (z of Esc terug)"),
        ("/", "maatregelen en tijdlijn filteren op tekst"),
        ("e", "beëindigde maatregelen tonen / verbergen"),
        ("w", "alle problemen met de feed tonen"),
        ("a", "wijzigingen bevestigen (✱-markering, niveauwijziging)"),
        ("r", "feed nu opnieuw lezen"),
        ("p", "updates pauzeren / hervatten"),
        ("m", "kaart van de maatregelen en incidenten / terug naar de lijsten"),
        ("v", "op de kaart: Nederland / Europa"),
        ("h", "terug in de tijd: [ ] versie, { } uur, Esc terug naar live"),
        (
            "Tab  j k  (kaart)",
            "de kaart toont de selectie van de lijsten: Tab kiest maatregelen of incidenten, j k loopt erdoor",
        ),
        ("?", "deze hulp (nogmaals: sluiten)"),
        ("j k  PgUp PgDn  g G", "in een pop-up: scrollen"),
        ("Ctrl-L", "het hele scherm opnieuw tekenen"),
        ("q  Ctrl-C", "stoppen"),
    ],
};

impl Labels {
    #[must_use]
    pub fn of(language: Language) -> &'static Self {
        match language {
            Language::En => &EN,
            Language::Nl => &NL,
        }
    }

    #[must_use]
    pub fn category(&self, category: Category) -> &'static str {
        let dutch = self.language == Language::Nl;
        match (category, dutch) {
            (Category::Station, false) => "Stations",
            (Category::Station, true) => "Stations",
            (Category::Airport, false) => "Airports",
            (Category::Airport, true) => "Luchthavens",
            (Category::Border, false) => "Borders",
            (Category::Border, true) => "Grenzen",
            (Category::Government, false) => "Government",
            (Category::Government, true) => "Overheid",
            (Category::Event, false) => "Events",
            (Category::Event, true) => "Evenementen",
            (Category::Infrastructure, false) => "Infrastructure",
            (Category::Infrastructure, true) => "Infrastructuur",
            (Category::Other, false) => "Other",
            (Category::Other, true) => "Overig",
        }
    }

    #[must_use]
    pub fn status(&self, status: MeasureStatus) -> &'static str {
        let dutch = self.language == Language::Nl;
        match (status, dutch) {
            (MeasureStatus::Planned, false) => "planned",
            (MeasureStatus::Planned, true) => "gepland",
            (MeasureStatus::Active, false) => "active",
            (MeasureStatus::Active, true) => "actief",
            (MeasureStatus::Intensified, false) => "intensified",
            (MeasureStatus::Intensified, true) => "verscherpt",
            (MeasureStatus::ScaledDown, false) => "scaled down",
            (MeasureStatus::ScaledDown, true) => "afgeschaald",
            (MeasureStatus::Ended, false) => "ended",
            (MeasureStatus::Ended, true) => "beëindigd",
        }
    }

    #[must_use]
    pub fn severity(&self, severity: Severity) -> &'static str {
        let dutch = self.language == Language::Nl;
        match (severity, dutch) {
            (Severity::Info, _) => "INFO",
            (Severity::Minor, false) => "MINOR",
            (Severity::Minor, true) => "KLEIN",
            (Severity::Major, false) => "MAJOR",
            (Severity::Major, true) => "ERNST",
            (Severity::Critical, false) => "CRIT",
            (Severity::Critical, true) => "KRIT",
        }
    }

    /// Short month names for dates in lists (`17 nov 18:00`).
    #[must_use]
    pub fn month(&self, month0: u32) -> &'static str {
        const EN_MONTHS: [&str; 12] =
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        const NL_MONTHS: [&str; 12] =
            ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
        let months = if self.language == Language::Nl { &NL_MONTHS } else { &EN_MONTHS };
        months.get(month0 as usize).copied().unwrap_or("?")
    }

    /// A day's distance from today, for plain dates: `today`, `yesterday`, `in 3 days`;
    /// far off, in months and years (`2y 8mo ago`).
    #[must_use]
    pub fn days_relative(&self, days: i64) -> String {
        let dutch = self.language == Language::Nl;
        match (days, dutch) {
            (0, false) => "today".into(),
            (0, true) => "vandaag".into(),
            (-1, false) => "yesterday".into(),
            (-1, true) => "gisteren".into(),
            (1, false) => "tomorrow".into(),
            (1, true) => "morgen".into(),
            (d, _) if d.abs() >= 60 => {
                let span = crate::ui::format::span(chrono::TimeDelta::days(d), self);
                if d > 0 { format!("{} {span}", self.in_future) } else { format!("{span} {}", self.ago) }
            }
            (d, false) if d > 0 => format!("in {d} days"),
            (d, false) => format!("{} days ago", -d),
            (d, true) if d > 0 => format!("over {d} dagen"),
            (d, true) => format!("{} dagen geleden", -d),
        }
    }

    /// `0 of 15 match "crit"`: what an empty filtered list says.
    #[must_use]
    pub fn none_match(&self, total: usize, filter: &str) -> String {
        match self.language {
            Language::En => format!("0 of {total} match \"{filter}\""),
            Language::Nl => format!("0 van {total} passen bij \"{filter}\""),
        }
    }

    /// `12 measures`, `1 incident` (for what is hidden).
    #[must_use]
    pub fn count_of(&self, count: usize, measures: bool) -> String {
        let word = match (self.language, measures, count == 1) {
            (Language::En, true, true) => "measure",
            (Language::En, true, false) => "measures",
            (Language::En, false, true) => "incident",
            (Language::En, false, false) => "incidents",
            (Language::Nl, true, true) => "maatregel",
            (Language::Nl, true, false) => "maatregelen",
            (Language::Nl, false, true) => "incident",
            (Language::Nl, false, false) => "incidenten",
        };
        format!("{count} {word}")
    }

    /// Units for spans of time: (year, month, day, hour, minute, second).
    #[must_use]
    pub fn units(&self) -> [&'static str; 6] {
        if self.language == Language::Nl { ["j", "mnd", "d", "u", "m", "s"] } else { ["y", "mo", "d", "h", "m", "s"] }
    }
}
