"""Bench data: N synthetic projects in realistic German, beside the shipped stand.yaml.

Deterministic (one seed per project number), so every run and every machine builds the
same texts. Lengths follow the shipped projects, a little longer on average, so each
sheet fits its frames without shrinking past the layout's limits. Every url is unique,
so no QR matrix is shared between two projects.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

DISTRICTS = ("Grünau", "Connewitz", "Plagwitz", "Lindenau", "Gohlis", "Paunsdorf", "Mockau", "Schönefeld",
             "Reudnitz", "Anger-Crottendorf", "Volkmarsdorf", "Probstheida", "Lößnig", "Stötteritz", "Eutritzsch",
             "Möckern", "Wahren", "Leutzsch", "Schleußig", "Südvorstadt", "Sellerhausen", "Thekla", "Engelsdorf",
             "Knautkleeberg", "Miltitz", "Neustadt-Neuschönefeld", "Kleinzschocher", "Großzschocher")
THEMES = ("Frühe Hilfen", "Schulsozialarbeit", "Jugendberufshilfe", "Familienbildung", "Kinderschutz",
          "Inklusion", "Elternberatung", "Medienkompetenz", "Demokratiebildung", "Suchtprävention",
          "Jugendbeteiligung", "Ganztagsbetreuung", "Sprachförderung", "Pflegekinderhilfe", "Erziehungsberatung",
          "Übergangsmanagement", "Gesundheitsförderung", "Streetwork", "Hilfen zur Erziehung", "Kita-Sozialarbeit",
          "Careleaving", "Gewaltprävention", "Mobile Jugendarbeit", "Ferienangebote", "Lernförderung")
NOUNS = ("Netzwerk", "Modellprojekt", "Beratungsstelle", "Familienzentrum", "Jugendtreff", "Fachstelle",
         "Kooperationsverbund", "Werkstatt", "Stadtteilbüro", "Bildungslandschaft", "Lotsenprojekt", "Elterncafé")
ADJECTIVES = ("sozialräumliche", "präventive", "aufsuchende", "niedrigschwellige", "bedarfsgerechte",
              "verlässliche", "gemeinsame", "wirksame", "frühzeitige", "passgenaue", "inklusive")
GROUPS = ("Kinder", "Jugendliche", "junge Erwachsene", "Alleinerziehende", "Pflegefamilien", "Eltern",
          "Schülerinnen und Schüler", "Careleaver*innen", "Fachkräfte", "Familien mit kleinen Kindern")
VERBS = ("stärkt", "begleitet", "unterstützt", "vernetzt", "berät", "ermutigt", "fördert", "erreicht")
CARRIERS = (("Stadt Leipzig", "Amt für Jugend und Familie"), ("Stadt Leipzig", "Amt für Schule"),
            ("Stadt Leipzig", "Gesundheitsamt"), ("Caritasverband Leipzig e. V.", None),
            ("Diakonie Leipzig", "Kinder-, Jugend- und Familienhilfe"), ("Outlaw gGmbH", None),
            ("Arbeiterwohlfahrt Leipzig e. V.", "Hilfen zur Erziehung"), ("Mühlstraße 14 e. V.", None),
            ("Deutscher Kinderschutzbund Leipzig e. V.", "Elternkurse"), ("KINDERVEREINIGUNG Leipzig e. V.", None),
            ("Zukunftswerkstatt e. V. Leipzig", "JobSet und TAKE OFF"), ("Jugendhaus Leipzig e. V.", None))
FORMATS = ("Projektinformation am Stand", "Zeitslot am Messestand", "Fachgespräch", "Werkstattgespräch",
           "Kurzvortrag im Forum", "Mitmachaktion für Kinder")
FIRST = ("Anna", "Jonas", "Leonie", "Mehmet", "Sophie", "Paul", "Marie", "Lukas", "Hannah", "Felix", "Jana", "Tom")
LAST = ("Müller", "Schröder", "Weiß", "Krüger", "Hoffmann", "Öztürk", "Schäfer", "Böhm", "Lehmann", "Voß")

SENTENCES = (
    "Das {noun} in {district} {verb} {group} im Alltag und schafft verlässliche Zugänge zu Bildung und Teilhabe.",
    "Im Mittelpunkt stehen {adj} Angebote, die gemeinsam mit {group} entwickelt und regelmäßig überprüft werden.",
    "Fachkräfte aus Schule, Kita und Jugendhilfe arbeiten dafür eng zusammen – von der Bedarfsanalyse bis zur "
    "Auswertung.",
    "Seit {year} wurden mehr als {count} Familien erreicht; die Ergebnisse fließen in die Jugendhilfeplanung ein.",
    "Ein Schwerpunkt liegt auf dem Übergang von der Kita in die Grundschule und von der Schule in den Beruf.",
    "Die Angebote sind kostenfrei, mehrsprachig und auch ohne vorherige Anmeldung nutzbar.",
    "Gemeinsam mit dem Quartiersmanagement werden Räume im Stadtteil geöffnet, z. B. Schulhöfe am Nachmittag.",
    "Nach § 16 SGB VIII gehört die allgemeine Förderung der Erziehung in der Familie zu den Kernaufgaben.",
    "Rückmeldungen von {group} zeigen, dass „kurze Wege“ und feste Ansprechpersonen besonders wichtig sind.",
    "Das Projekt wird aus Mitteln der Stadt Leipzig und des Freistaates Sachsen gefördert.",
)


def make_dataset(target: Path, count: int, stand_file: Path, seed: int = 18) -> Path:
    """Write target/stand.yaml (the shipped one) and `count` project files; return target."""
    if target.exists():
        shutil.rmtree(target)
    (target / "projects").mkdir(parents=True)
    shutil.copyfile(stand_file, target / "stand.yaml")
    width = max(2, len(str(count)))
    for number in range(1, count + 1):
        slug, text = project_yaml(number, random.Random(seed * 1_000_003 + number))
        (target / "projects" / f"{number:0{width}d}-{slug}.yaml").write_text(text, encoding="utf-8")
    return target


def project_yaml(number: int, rng: random.Random) -> tuple[str, str]:
    """The file-name slug and the YAML text of one project."""
    theme, district = rng.choice(THEMES), rng.choice(DISTRICTS)
    noun, adj = rng.choice(NOUNS), rng.choice(ADJECTIVES)
    slug = _slug(f"{theme}-{district}")
    lines = ["# yaml-language-server: $schema=../../schemas/project.schema.json", f"number: {number}",
             f"title: {_q(f'{theme} in {district}')}"]
    if rng.random() < 0.7:
        lines.append(f"subtitle: {_q(f'{noun} für {rng.choice(GROUPS)} – {adj.capitalize()} Hilfen im Stadtteil')}")
    paragraphs = [_paragraph(rng, noun, district, rng.randint(2, 3)) for _ in range(rng.randint(1, 2))]
    lines.append("summary: |-")
    lines += ["  " + p if p else "" for p in "\n\n".join(paragraphs).split("\n")]
    lines += _list("topics", rng.sample(THEMES, rng.randint(0, 4)))
    lines += _list("formats", rng.sample(FORMATS, rng.randint(0, 2)))
    lines.append("carriers:")
    for name, unit in rng.sample(CARRIERS, rng.randint(1, 3)):
        lines.append(f"  - name: {_q(name)}")
        if unit:
            lines.append(f"    unit: {_q(unit)}")
    host = rng.choice(("www.leipzig.de/jugend", "www.jugendhilfe-leipzig.de/projekte", "projekte.leipzig.de"))
    lines.append(f"url: https://{host}/{slug}-{number}")
    lines.append(f"short_url: leipzig.de/p{number}")
    if rng.random() < 0.5:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        lines.append(f"contact: {{name: {_q(f'{first} {last}')}, email: {first.lower()}.{_slug(last)}@leipzig.de, "
                     f"phone: \"0341 123-{number % 10000:04d}\"}}")
    return slug, "\n".join(lines) + "\n"


def _paragraph(rng: random.Random, noun: str, district: str, sentences: int) -> str:
    chosen = rng.sample(SENTENCES, sentences)
    return " ".join(s.format(noun=noun, district=district, verb=rng.choice(VERBS), group=rng.choice(GROUPS),
                             adj=rng.choice(ADJECTIVES), year=rng.randint(2012, 2023), count=rng.randint(40, 900))
                    for s in chosen)


def _list(key: str, items: list[str]) -> list[str]:
    return [f"{key}:", *(f"  - {_q(item)}" for item in items)] if items else []


def _q(text: str) -> str:
    """A double-quoted YAML scalar: safe for ':' '#' and quotes in German text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    out = "".join(c if c.isascii() and c.isalnum() else "-" for c in text.translate(table).lower())
    return "-".join(part for part in out.split("-") if part)
