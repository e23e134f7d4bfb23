//! Messages about the feed in the screen's language. The feed layer speaks English (it
//! is also `sitrep check`'s output); on a Dutch screen its messages, and the parsers'
//! own, are put into Dutch phrase by phrase. A phrase not in the table stays English
//! rather than being lost.

use std::borrow::Cow;

use crate::config::Language;
use crate::feed::Problem;
use crate::feed::problem::Severity;
use crate::feed::text::{Lines, clean};

/// English phrase, Dutch phrase; longer phrases first where one contains another.
const DUTCH: &[(&str, &str)] = &[
    (
        "has no offset: a crisis feed never guesses the zone; add one, e.g.",
        "heeft geen offset: een crisisfeed raadt nooit de tijdzone; voeg er een toe, bijv.",
    ),
    ("(or give only the date)", "(of geef alleen de datum)"),
    ("expected RFC 3339 with an offset, e.g.", "verwacht RFC 3339 met een offset, bijv."),
    ("or a date, e.g.", "of een datum, bijv."),
    ("invalid datetime", "ongeldige datum-tijd"),
    (
        "is a date without a time: `generated` must be the moment with an offset",
        "is een datum zonder tijd: `generated` moet het moment met een offset zijn",
    ),
    ("is a leap second, and there was none then", "is een schrikkelseconde, en die was er toen niet"),
    ("the last was", "de laatste was"),
    ("write :59 or the next minute's :00", "schrijf :59 of :00 van de volgende minuut"),
    ("is zero: use a positive duration", "is nul: gebruik een positieve duur"),
    ("invalid duration", "ongeldige duur"),
    ("expected a whole number followed by s, m, h or d", "verwacht een geheel getal gevolgd door s, m, h of d"),
    ("is longer than 100 years", "is langer dan 100 jaar"),
    ("unknown field", "onbekend veld"),
    ("there are no fields", "hier horen geen velden"),
    ("missing field", "ontbrekend veld"),
    ("unknown variant", "onbekende waarde"),
    ("invalid type:", "ongeldig type:"),
    ("invalid value:", "ongeldige waarde:"),
    ("duplicate key", "dubbele sleutel"),
    ("expected one of", "verwacht een van"),
    ("expected true or false", "verwacht true of false"),
    ("expected a non-negative integer", "verwacht een geheel getal van 0 of meer"),
    ("expected an integer", "verwacht een geheel getal"),
    ("expected a number", "verwacht een getal"),
    ("expected a string", "verwacht tekst"),
    ("expected an array of tables", "verwacht een lijst van tabellen"),
    ("duplicate measure id", "dubbel id van maatregel"),
    ("duplicate incident id", "dubbel id van incident"),
    ("already used by", "al gebruikt door"),
    ("duplicate scope", "dubbele scope"),
    ("already given in", "al gegeven in"),
    ("is not in scale", "staat niet in schaal"),
    ("unknown scale", "onbekende schaal"),
    ("known scales:", "bekende schalen:"),
    ("lat without lon: give both or neither", "lat zonder lon: geef beide of geen van beide"),
    ("lon without lat: give both or neither", "lon zonder lat: geef beide of geen van beide"),
    ("is out of range: expected", "valt buiten het bereik: verwacht"),
    ("degrees", "graden"),
    ("latitude", "breedtegraad"),
    ("longitude", "lengtegraad"),
    ("negative casualty count", "negatief aantal slachtoffers"),
    ("counts are 0 or more", "aantallen zijn 0 of meer"),
    ("is implausibly large", "is onwaarschijnlijk groot"),
    ("is before since", "ligt vóór since"),
    ("needs a newer sitrep: this one reads version", "vraagt een nieuwere sitrep: deze leest versie"),
    ("unsupported feed format version", "niet ondersteunde feedformaatversie"),
    ("feed format version", "feedformaatversie"),
    ("the first version is", "de eerste versie is"),
    ("the file is empty", "het bestand is leeg"),
    ("not UTF-8: a feed must be UTF-8 text", "geen UTF-8: een feed moet UTF-8-tekst zijn"),
    ("not a regular file", "geen gewoon bestand"),
    (
        "cannot tell the format: the file name should end in .toml or .json (or give --format)",
        "formaat onbekend: de bestandsnaam moet op .toml of .json eindigen (of geef --format)",
    ),
    ("larger than the limit of", "groter dan de grens van"),
    ("file is", "bestand is"),
    ("cannot open", "kan niet openen"),
    ("cannot read", "kan niet lezen"),
    ("No such file or directory", "Bestand of map bestaat niet"),
    ("Permission denied", "Toegang geweigerd"),
    ("no such file", "bestand bestaat niet"),
    ("review of measure", "herijking van maatregel"),
    ("was due", "was gepland op"),
    (": overdue", ": te laat"),
    (
        "is more than 5 minutes in the future (clock skew between producer and this machine?)",
        "ligt meer dan 5 minuten in de toekomst (klokverschil tussen producent en deze machine?)",
    ),
    ("history entry", "eerder niveau"),
    ("is later than the current level's since", "ligt na de since van het huidige niveau"),
    ("trailing comma, or a key that is not a string", "komma te veel, of een sleutel die geen tekst is"),
    ("trailing comma", "komma te veel"),
    ("valid: EXERCISE / OEFENING: threat level", "geldig: OEFENING: dreigingsniveau"),
    ("valid: threat level", "geldig: dreigingsniveau"),
    (" measures, ", " maatregelen, "),
    (" incidents", " incidenten"),
    ("level ", "niveau "),
    ("invalid", "ongeldig"),
    ("expected", "verwacht"),
    ("e.g.", "bijv."),
];

/// `message` in `language`.
#[must_use]
pub fn message(text: &str, language: Language) -> Cow<'_, str> {
    if language == Language::En {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    // Phrase by phrase from the left, so a translated phrase is never translated again,
    // and text between backticks (names, values from the feed) is left as written.
    'scan: while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('`')
            && let Some(end) = quoted.find('`')
        {
            out.push('`');
            out.push_str(&quoted[..=end]);
            rest = &quoted[end + 1..];
            continue;
        }
        // Phrases start at word starts only ("expected" is not in "unexpected").
        let at_word_start = !out.chars().next_back().is_some_and(char::is_alphanumeric);
        for (english, dutch) in DUTCH.iter().filter(|_| at_word_start) {
            if let Some(after) = rest.strip_prefix(english) {
                out.push_str(dutch);
                rest = after;
                continue 'scan;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    Cow::Owned(out)
}

/// A problem as `FILE:LINE:COLUMN: error: message`, in `language`.
#[must_use]
pub fn problem(problem: &Problem, file: &str, language: Language) -> String {
    if language == Language::En {
        return problem.display_in(file).to_string();
    }
    let mut out = clean(file, Lines::Single).into_owned();
    if let Some(position) = problem.position {
        out.push_str(&format!(":{}:{}", position.line, position.column));
    }
    out.push_str(match problem.severity {
        Severity::Error => ": fout: ",
        Severity::Warning => ": waarschuwing: ",
    });
    if let Some(path) = &problem.path {
        out.push_str(path);
        out.push_str(": ");
    }
    out.push_str(&message(&problem.message, language));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::Position;

    #[test]
    fn dutch_problems_read_dutch_and_keep_names() {
        let p = Problem::error("unknown field `lvel`, expected one of `level`, `scale`")
            .at(Some(Position { line: 5, column: 1 }));
        assert_eq!(
            problem(&p, "feed.toml", Language::Nl),
            "feed.toml:5:1: fout: onbekend veld `lvel`, verwacht een van `level`, `scale`"
        );
        assert_eq!(problem(&p, "feed.toml", Language::En), p.display_in("feed.toml").to_string());
        // A name from the feed that happens to be an English phrase stays as written.
        let p = Problem::error("duplicate measure id `invalid`: already used by measures[0]").on("measures[1].id");
        assert_eq!(
            problem(&p, "f.json", Language::Nl),
            "f.json: fout: measures[1].id: dubbel id van maatregel `invalid`: al gebruikt door measures[0]"
        );
        assert_eq!(message("/srv/feed.toml: no such file", Language::Nl), "/srv/feed.toml: bestand bestaat niet");
        assert_eq!(message("unexpected eof", Language::Nl), "unexpected eof");
    }
}
