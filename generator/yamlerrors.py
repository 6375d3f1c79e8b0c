"""Source stage helper: the YAML parser's errors and silent traps → messages a non-programmer can act on.

The parser says `mapping values are not allowed here`; the user needs "the text after
'title:' contains ': ' – put the whole text in quotes". Each explanation reads the raw
line at the parser's position to name the cause and a concrete fix. The parser's own
words stay available as `Diagnostic.detail` (shown with --verbose). This module does
not import yaml: `source` hands it the parser's texts and positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.diag import Diagnostic, Span
from generator.messages import msg, register

register({
    "yaml.quote_colon": ("der Text nach '{name}:' enthält ': ' – setze den ganzen Text in Anführungszeichen",
                         "the text after '{name}:' contains ': ' – put the whole text in quotes"),
    "yaml.quote_start": ("ein Wert darf nicht mit '{char}' beginnen (in YAML hat es eine besondere Bedeutung) – "
                         "setze den ganzen Text in Anführungszeichen",
                         "a value cannot start with '{char}' (it means something special in YAML) – "
                         "put the whole text in quotes"),
    "yaml.write_as": ("schreibe {fixed}", "write {fixed}"),
    "yaml.indent": ("Zeile {line} ist anders eingerückt als die Zeile davor – rücke sie wie '{name}:' ein",
                    "line {line} is indented differently from the line before – indent it like '{name}:'"),
    "yaml.indent.hint": ("gleich weit eingerückte Zeilen gehören zusammen; rücke nur mit Leerzeichen ein",
                         "lines that belong together start in the same column; indent with spaces only"),
    "yaml.indent_plain": ("Zeile {line} ist anders eingerückt als die Zeile davor",
                          "line {line} is indented differently from the line before"),
    "yaml.indent_plain.hint": ("rücke sie so weit ein wie die Zeilen, zu denen sie gehört",
                               "indent it as far as the lines it belongs with"),
    "yaml.tab": ("Tabulator in der Einrückung", "tab character in indentation"),
    "yaml.tab.hint": ("ersetze den Tabulator durch Leerzeichen; YAML erlaubt nur Leerzeichen zum Einrücken",
                      "replace the tab with spaces; YAML allows only spaces for indentation"),
    "yaml.colon_space": ("nach dem ':' in Zeile {line} fehlt ein Leerzeichen",
                         "the ':' in line {line} needs a space after it"),
    "yaml.no_colon": ("Zeile {line} hat kein ': ' nach dem Schlüssel", "line {line} has no ': ' after its key"),
    "yaml.no_colon.hint": ("schreibe Schlüssel: Wert, mit einem Leerzeichen nach dem Doppelpunkt",
                           "write key: value, with a space after the colon"),
    "yaml.dash_space": ("nach dem '-' in Zeile {line} fehlt ein Leerzeichen – sonst ist es kein Listeneintrag",
                        "the '-' in line {line} needs a space after it, or it is not a list entry"),
    "yaml.unclosed": ("das Anführungszeichen {quote} in Zeile {line} wird nicht geschlossen",
                      "the quote {quote} opened in line {line} is never closed"),
    "yaml.unclosed.hint": ("setze ans Ende des Textes ebenfalls {quote}",
                           "put a closing {quote} at the end of the text"),
    "yaml.quote_inside": ("der Text in Anführungszeichen endet zu früh: ein {quote} im Text beendet ihn",
                          "the quoted text ends too early: a {quote} inside the text ends it"),
    "yaml.quote_inside.hint": ("nimm außen die anderen Anführungszeichen ({other}…{other}) "
                               "oder im Text „typografische“",
                               "use the other quotes outside ({other}…{other}), or typographic quotes „…“ inside"),
    "yaml.escape": ("in doppelten Anführungszeichen beginnt '\\' eine Escape-Sequenz",
                    "inside double quotes '\\' starts an escape sequence"),
    "yaml.escape.hint": ("nimm einfache Anführungszeichen: '…'", "use single quotes instead: '…'"),
    "yaml.bracket": ("die Klammer {opening} in Zeile {line} wird nicht geschlossen",
                     "the bracket {opening} opened in line {line} is never closed"),
    "yaml.bracket.hint": ("schließe sie mit {closing}, oder setze den ganzen Text in Anführungszeichen, "
                          "wenn es Text ist",
                          "close it with {closing}, or put the whole text in quotes if it is text"),
    "yaml.documents": ("mehr als ein YAML-Dokument in der Datei", "more than one YAML document in the file"),
    "yaml.documents.hint": ("entferne die Zeile '---'", "remove the '---' line"),
    "yaml.other": ("YAML-Syntaxfehler: {problem}", "YAML syntax error: {problem}"),
    "yaml.other.hint": ("prüfe die Einrückung und das ': ' nach jedem Schlüssel",
                        "check the indentation and the ': ' after each key"),
    "yaml.comment": ("der Text nach ' #' ist ein Kommentar und fehlt im Wert",
                     "the text after ' #' is a comment and is left out"),
})

# Characters a plain value may not start with, and what YAML makes of them.
SPECIAL_STARTS = "*&!@`%|>"
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[^\s:#'\"\[{][^:#]*?):(?:\s+(?P<value>.*?))?\s*$")


@dataclass(frozen=True, slots=True)
class ParserError:
    """What the parser said, where (0-based line and column, as the parser counts), as plain data."""

    problem: str
    context: str
    line: int | None
    column: int | None
    context_line: int | None
    context_column: int | None
    raw: str  # the parser's whole message, kept for --verbose


def explain(error: ParserError, lines: list[str], name: str) -> Diagnostic:
    """The one diagnostic a user reads for a parser error."""
    line, column = (error.line, error.column) if error.line is not None else (error.context_line, error.context_column)
    where: Span | str = Span(name, line + 1, column + 1) if line is not None and column is not None else name
    for rule in _RULES:
        found = rule(error, lines, name)
        if found is not None:
            message, hint, at = found
            return Diagnostic(at or where, message, hint, detail=error.raw)
    problem = (error.problem or error.context or "invalid YAML").strip()
    return Diagnostic(where, msg("yaml.other", problem=problem), msg("yaml.other.hint"), detail=error.raw)


Found = tuple[str, str | None, Span | None] | None


def _line(lines: list[str], index: int | None) -> str:
    return lines[index] if index is not None and 0 <= index < len(lines) else ""


def _tab(error: ParserError, lines: list[str], name: str) -> Found:
    if "'\\t'" in error.problem or "tab" in error.problem:
        return msg("yaml.tab"), msg("yaml.tab.hint"), None
    return None


def _special_start(error: ParserError, lines: list[str], name: str) -> Found:
    """`*x` (alias), `@`, `` ` ``, `%`, `|x`, `>x` at the start of a value."""
    if "alias" in error.problem:
        char = "*"
    elif "cannot start any token" in error.problem:
        char = error.problem.split("'")[1] if error.problem.count("'") >= 2 else ""
    elif "block scalar" in error.context and error.context_line is not None:
        char = _line(lines, error.context_line)[error.context_column or 0:][:1]
    else:
        return None
    if char not in SPECIAL_STARTS:
        return None
    message, hint, _ = quote_start(char, _line(lines, error.line if error.line is not None else error.context_line))
    at = None
    if "block scalar" in error.context and error.context_line is not None:  # point at the '|' or '>', not past it
        at = Span(name, error.context_line + 1, (error.context_column or 0) + 1)
    return message, hint, at


def quote_start(char: str, raw_line: str) -> tuple[str, str | None, None]:
    """The message for a value starting with a YAML indicator, with the line written correctly as hint."""
    return msg("yaml.quote_start", char=char), _write_quoted(raw_line), None


def _colon_in_text(error: ParserError, lines: list[str], name: str) -> Found:
    if "mapping values are not allowed" not in error.problem or error.line is None:
        return None
    match = _KEY_LINE.match(_line(lines, error.line))
    if match and match.group("value") and match.end("key") < (error.column or 0):
        return msg("yaml.quote_colon", name=match.group("key").strip()), _write_quoted(match.string), None
    return None


def _indentation(error: ParserError, lines: list[str], name: str) -> Found:
    wrong = "mapping values are not allowed" in error.problem or (
        error.problem.startswith("expected <block end>") and "block" in error.context)
    if not wrong or error.line is None:
        return None
    here = _line(lines, error.line)
    before = _previous(lines, error.line)
    if before is None or _indent(here) == _indent(lines[before]):
        return None
    at = Span(name, error.line + 1, _indent(here) + 1)
    key = _KEY_LINE.match(lines[before])
    if key:
        return msg("yaml.indent", line=error.line + 1, name=key.group("key").strip()), msg("yaml.indent.hint"), at
    return msg("yaml.indent_plain", line=error.line + 1), msg("yaml.indent_plain.hint"), at


def _quote_ends_early(error: ParserError, lines: list[str], name: str) -> Found:
    if not error.problem.startswith("expected <block end>") or error.line is None or error.context_line is None:
        return None
    match = _KEY_LINE.match(_line(lines, error.line))
    value = match.group("value") if match else None
    if not value or value[0] not in "'\"":
        return None
    other = "'" if value[0] == '"' else '"'
    return msg("yaml.quote_inside", quote=value[0]), msg("yaml.quote_inside.hint", other=other), None


def _missing_space(error: ParserError, lines: list[str], name: str) -> Found:
    if "could not find expected ':'" not in error.problem or error.context_line is None:
        return None
    raw = _line(lines, error.context_line)
    at = Span(name, error.context_line + 1, (error.context_column or 0) + 1)
    fixed = re.match(r"^(\s*(?:-\s+)?[^\s:#'\"]+):(\S.*)$", raw)
    if fixed:
        return (msg("yaml.colon_space", line=error.context_line + 1),
                msg("yaml.write_as", fixed=f"{fixed.group(1).strip()}: {fixed.group(2)}"), at)
    return msg("yaml.no_colon", line=error.context_line + 1), msg("yaml.no_colon.hint"), at


def _unclosed_quote(error: ParserError, lines: list[str], name: str) -> Found:
    if "quoted scalar" not in error.context or error.context_line is None:
        return None
    at = Span(name, error.context_line + 1, (error.context_column or 0) + 1)
    if "escape" in error.problem:
        return msg("yaml.escape"), msg("yaml.escape.hint"), Span(name, (error.line or 0) + 1, (error.column or 0) + 1)
    quote = _line(lines, error.context_line)[error.context_column or 0:][:1] or '"'
    return msg("yaml.unclosed", quote=quote, line=error.context_line + 1), msg("yaml.unclosed.hint", quote=quote), at


def _unclosed_bracket(error: ParserError, lines: list[str], name: str) -> Found:
    if not error.context.startswith("while parsing a flow") or error.context_line is None:
        return None
    opening = _line(lines, error.context_line)[error.context_column or 0:][:1]
    if opening not in "[{":
        return None
    closing = "]" if opening == "[" else "}"
    at = Span(name, error.context_line + 1, (error.context_column or 0) + 1)
    return (msg("yaml.bracket", opening=opening, line=error.context_line + 1),
            msg("yaml.bracket.hint", closing=closing), at)


def _documents(error: ParserError, lines: list[str], name: str) -> Found:
    if "expected a single document" in error.context:
        return msg("yaml.documents"), msg("yaml.documents.hint"), None
    return None


# In order: the first rule that recognises the error explains it.
_RULES = (_tab, _documents, _special_start, _unclosed_quote, _unclosed_bracket, _colon_in_text, _missing_space,
          _quote_ends_early, _indentation)


def _previous(lines: list[str], index: int) -> int | None:
    """The nearest line above with content (not blank, not only a comment)."""
    for before in range(index - 1, -1, -1):
        stripped = lines[before].strip()
        if stripped and not stripped.startswith("#"):
            return before
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _write_quoted(raw_line: str) -> str | None:
    """The line as it should be written: `key: "value"` (single quotes when the value holds double ones)."""
    match = _KEY_LINE.match(raw_line)
    item = re.match(r"^\s*-\s+(?P<value>\S.*?)\s*$", raw_line)  # a list entry without a key: `- *Careleaver`
    if match and match.group("value"):
        lead, value = f"{match.group('key').strip()}: ", match.group("value")
    elif item and ":" not in item.group("value"):
        lead, value = "- ", item.group("value")
    else:
        return None
    quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
    return msg("yaml.write_as", fixed=lead + quoted)


def trailing_comment(raw_line: str, end_column: int) -> str | None:
    """The comment after a value that ends at `end_column` on this line, without its '#', or None."""
    match = re.match(r"\s+#(.*)$", raw_line[end_column:])
    return match.group(1) if match else None


def comment_trap(raw_line: str, comment: str, span: Span) -> Diagnostic | None:
    """A warning when a comment looks like lost text: '#' directly followed by a word, as in `Teilhabe #Careleaver`.

    A comment written as a comment has a space after '#' (yamllint asks for one); a
    hashtag has none, and YAML silently drops it with everything after it.
    """
    if not comment or comment[0].isspace() or comment[0] == "#":
        return None
    match = _KEY_LINE.match(raw_line)
    hint = None
    if match and match.group("value"):
        hint = _write_quoted(raw_line)
    return Diagnostic(span, msg("yaml.comment"), hint, severity="warning")
