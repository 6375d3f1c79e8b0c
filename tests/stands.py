"""Whole stand folders for tests: data/stand.yaml, data/projects/*.yaml and a copy of layouts/.

Deterministic: the same (count, seed, options) always writes the same bytes. Content is
realistic German for a city youth-welfare office and stays inside the JSON Schemas'
limits (schemas/*.schema.json), but mixes three kinds of project:

* minimal  – number, a title of one to three words, one carrier, url; nothing else.
* typical  – like the shipped data/projects/*.yaml: subtitle, one or two summary
             paragraphs, a few topics and formats, one to three carriers, short_url.
* maximal  – title of 150–160 characters with a very long compound
             ("Grundstücksverkehrsgenehmigungszuständigkeit"), subtitle of ~200,
             a summary of several paragraphs totalling ~2,400–2,500 characters,
             30 topics, 12 formats, 12 carriers with units, contact.

Urls: every project url is unique; about half of them are long tracking urls of
~200–700 characters with utm parameters, some of those without a short_url.
Texts carry '&', '#', ': ', quotes, '*', '<' and '>' on purpose; every string is
written double-quoted (escaped) or as a block scalar, and each file is read back
with yaml.safe_load and compared with what was meant, so nothing is lost in YAML.

    make_stand(target, count, seed, mix=..., long_urls=True, long_headline=False,
               intro_paragraphs=3, focus=4, numbers=None) -> target
    STANDS: the stand sizes of issue 11 with the options each one uses.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT

LONG_WORD = "Grundstücksverkehrsgenehmigungszuständigkeit"
KINDS = ("minimal", "typical", "maximal")

# The stands of issue 11: size -> make_stand keyword arguments (seed = size).
STANDS: dict[int, dict[str, Any]] = {
    1: dict(mix=("minimal",), intro_paragraphs=1, focus=0),
    2: dict(mix=("minimal", "maximal"), intro_paragraphs=2, focus=1),
    9: dict(mix=KINDS, intro_paragraphs=3, focus=4),
    13: dict(mix=KINDS, long_headline=True, intro_paragraphs=10, focus=12),
    17: dict(mix=KINDS, intro_paragraphs=4, focus=3, numbers=(*range(1, 16), 117, 888)),
    24: dict(mix=KINDS, intro_paragraphs=6, focus=6),
    40: dict(mix=KINDS, long_headline=True, intro_paragraphs=8, focus=5),
}

DISTRICTS = ("Grünau", "Connewitz", "Plagwitz", "Lindenau", "Gohlis", "Paunsdorf", "Mockau", "Schönefeld",
             "Reudnitz", "Anger-Crottendorf", "Volkmarsdorf", "Probstheida", "Lößnig", "Stötteritz", "Eutritzsch",
             "Möckern", "Wahren", "Leutzsch", "Schleußig", "Südvorstadt", "Sellerhausen", "Thekla", "Engelsdorf",
             "Knautkleeberg", "Miltitz", "Neustadt-Neuschönefeld", "Kleinzschocher", "Großzschocher")
THEMES = ("Frühe Hilfen", "Schulsozialarbeit", "Jugendberufshilfe", "Familienbildung", "Kinderschutz",
          "Inklusion", "Elternberatung", "Medienkompetenz", "Demokratiebildung", "Suchtprävention",
          "Jugendbeteiligung", "Ganztagsbetreuung", "Sprachförderung", "Pflegekinderhilfe", "Erziehungsberatung",
          "Übergangsmanagement", "Gesundheitsförderung", "Streetwork", "Hilfen zur Erziehung", "Kita-Sozialarbeit",
          "Careleaving", "Gewaltprävention", "Mobile Jugendarbeit", "Ferienangebote", "Lernförderung")
SHORT_TITLES = ("Lernwerkstatt", "Elterncafé", "Kinderschutz", "Streetwork", "Frühe Hilfen", "Jugendtreff Nord",
                "Familienlotsen", "Ombudschaft", "Schulerfolg", "Ferienpass", "Bücherkiste", "Careleaver",
                "Spielmobil", "Mädchentreff", "Kiezküche", "Sprachbrücke", "Pflegefamilien", "Lesepaten",
                "Kita-Einstieg", "Jugendparlament", "Stadtteilmütter", "Hausaufgabenhilfe", "Wellenbrecher",
                "Netzwerk Kinderarmut")
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
# Twelve carriers for maximal projects, each with a (sometimes long) unit.
LONG_CARRIERS = (
    ("Stadt Leipzig", "Amt für Jugend und Familie, Abteilung Jugendhilfeplanung, Sachgebiet Sozialraumorientierte "
                      "Planung & Berichtswesen"),
    ("Stadt Leipzig", "Amt für Schule, Abteilung Schulentwicklungsplanung und Schulnetzplanung"),
    ("Stadt Leipzig", "Amt für Stadtgrün und Gewässer, Sachgebiet Spielplätze, Freiflächen und Beteiligung"),
    ("Stadt Leipzig", "Liegenschaftsamt, Grundstücksverkehr und Vorkaufsrechte"),
    ("Stadt Leipzig", "Gesundheitsamt, Kinder- und Jugendärztlicher Dienst"),
    ("Caritasverband Leipzig e. V.", "Fachdienst Hilfen zur Erziehung: ambulante und teilstationäre Angebote"),
    ("Diakonie Leipzig – Diakonisches Werk Innere Mission Leipzig e. V.", "Kinder-, Jugend- und Familienhilfe"),
    ("Arbeiterwohlfahrt Kreisverband Leipzig-Stadt e. V.", "Hilfen zur Erziehung & Schulsozialarbeit"),
    ("Deutscher Kinderschutzbund Ortsverband Leipzig e. V.", "Elternkurse „Starke Eltern – Starke Kinder“"),
    ("Landesamt für Schule und Bildung Sachsen, Standort Leipzig", "Referat Schulpsychologie und Beratung"),
    ("Universität Leipzig", "Institut für Sozialpädagogik, Sozialarbeit und Wohlfahrtswissenschaften, "
                            "wissenschaftliche Begleitung"),
    ("Hochschule für Technik, Wirtschaft und Kultur Leipzig (HTWK)", "Fakultät Angewandte Sozialwissenschaften, "
                                                                     "Forschungsgruppe Kindheit & Jugend"),
)
FORMATS = ("Projektinformation am Stand", "Zeitslot am Messestand", "Fachgespräch", "Werkstattgespräch",
           "Kurzvortrag im Forum", "Mitmachaktion für Kinder", "Podiumsdiskussion: Teilhabe konkret",
           "Poster-Session #Jugendhilfe", "Sprechstunde für Fachkräfte", "Film & Gespräch",
           "Rundgang durch die Ausstellung", "Offene Fragerunde mit dem Projektteam")
FIRST = ("Anna", "Jonas", "Leonie", "Mehmet", "Sophie", "Paul", "Marie", "Lukas", "Hannah", "Felix", "Jana", "Tom")
LAST = ("Müller", "Schröder", "Weiß", "Krüger", "Hoffmann", "Öztürk", "Schäfer", "Böhm", "Lehmann", "Voß")

SENTENCES = (
    "Das {noun} in {district} {verb} {group} im Alltag und schafft verlässliche Zugänge zu Bildung und Teilhabe.",
    "Im Mittelpunkt stehen {adj} Angebote, die gemeinsam mit {group} entwickelt und regelmäßig überprüft werden.",
    "Fachkräfte aus Schule, Kita & Jugendhilfe arbeiten dafür eng zusammen – von der Bedarfsanalyse bis zur "
    "Auswertung.",
    "Seit {year} wurden mehr als {count} Familien erreicht; die Ergebnisse fließen in die Jugendhilfeplanung ein.",
    "Ein Schwerpunkt liegt auf dem Übergang von der Kita in die Grundschule und von der Schule in den Beruf.",
    "Die Angebote sind kostenfrei, mehrsprachig und auch ohne vorherige Anmeldung nutzbar.",
    "Gemeinsam mit dem Quartiersmanagement werden Räume im Stadtteil geöffnet, z. B. Schulhöfe am Nachmittag.",
    "Nach § 16 SGB VIII gehört die allgemeine Förderung der Erziehung in der Familie zu den Kernaufgaben.",
    "Rückmeldungen von {group} zeigen, dass „kurze Wege“ und feste Ansprechpersonen besonders wichtig sind.",
    "Das Projekt wird aus Mitteln der Stadt Leipzig und des Freistaates Sachsen gefördert.",
    "Wichtig ist uns: Beteiligung beginnt früh, schon bei Kindern < 6 Jahren, und endet nicht mit 18.",
    "Unter #LeipzigWächstMit berichten {group} selbst, was sich im Stadtteil verändert hat.",
    "Für die Flächensicherung ist die Grundstücksverkehrsgenehmigungszuständigkeit zwischen Liegenschaftsamt und "
    "Jugendamt geklärt worden.",
    "Die Kinder- und Jugendhilfeplanung nutzt dafür kleinräumige Daten: Einwohnerstruktur, Schuleingangsuntersuchungen "
    "und Inanspruchnahme der Hilfen zur Erziehung > 3 Jahre.",
)
FOCUS = (
    ("Integrierte Kinder- und Jugendhilfeplanung", "Mit der integrierten Kinder- und Jugendhilfeplanung setzt Leipzig "
     "auf ein Konzept, das sozialräumliche Ungleichheiten ausgleicht und Ressourcen dorthin lenkt, wo sie gebraucht "
     "werden."),
    ("Bedarfsorientierte Ressourcensteuerung", "Kinder- und Familienzentren (KiFaZ) & Grundschulsozialarbeit richten "
     "sich an Familien in belasteten Quartieren und bieten präventive Unterstützung."),
    ("Gewaltprävention an Schulen", "Gewalt und Mobbing beeinträchtigen das Miteinander und die Bildungschancen. "
     "Schulsozialarbeit und Fachkräfte setzen präventive Programme gemeinsam um."),
    ("Alternative Beschulungsprojekte", "Individualisierte Lernwege und enge Betreuung erleichtern Jugendlichen, die "
     "im regulären Unterricht scheitern, den Übergang ins Berufsleben."),
    ("Frühe Hilfen: von Anfang an", "Familienhebammen, Willkommensbesuche und Elterncafés erreichen Familien in den "
     "ersten drei Lebensjahren – niedrigschwellig und kostenfrei."),
    ("Beteiligung junger Menschen", "Jugendparlament, Kinderstadtplan und #mitreden: Kinder und Jugendliche gestalten "
     "ihre Stadt mit und werden gehört."),
    ("Careleaver*innen begleiten", "Junge Menschen, die aus Wohngruppen oder Pflegefamilien ausziehen, brauchen "
     "verlässliche Ansprechpersonen über den 18. Geburtstag hinaus."),
    ("Pflegekinderhilfe", "Pflegefamilien geben Kindern ein Zuhause auf Zeit oder auf Dauer; der Pflegekinderdienst "
     "berät, schult und begleitet sie."),
    ("Kinderschutz im Netzwerk", "Kita, Schule, Kinderärztinnen und Jugendamt handeln abgestimmt, wenn das Wohl "
     "eines Kindes gefährdet ist."),
    ("Jugendberufshilfe", "Vom Schulabschluss in Ausbildung oder Arbeit: Jugendberufsagentur & Träger bündeln ihre "
     "Angebote unter einem Dach."),
    ("Familienbildung im Quartier", "Kurse, offene Treffs und Beratung stärken Eltern in ihrer Erziehungsaufgabe – "
     "wohnortnah und mehrsprachig."),
    ("Gesund aufwachsen", "Bewegung, Ernährung und seelische Gesundheit: Gesundheitsamt und Jugendhilfe arbeiten "
     "an gemeinsamen Zielen für Kinder < 10 Jahre."),
)
INTRO = (
    "Die Stadt Leipzig engagiert sich für Chancengerechtigkeit für Kinder und Jugendliche. Ziel ist es, allen "
    "unabhängig von der sozialen Herkunft die Möglichkeit zu geben, ihr Potenzial zu entfalten und gleichberechtigt "
    "an der Gesellschaft teilzuhaben.",
    "In einer modernen Gesellschaft sollte jeder junge Mensch die Möglichkeit haben, sein Potenzial zu entfalten. "
    "Chancengerechtigkeit bedeutet, jedem Kind die gleichen Startbedingungen zu bieten und den Zugang zu Bildung, "
    "Teilhabe & Entwicklungsmöglichkeiten zu sichern.",
    "Die Stadt hat sich dieser Aufgabe mit Nachdruck angenommen und entwickelt umfassende Maßnahmen – insbesondere "
    "für jene, die in benachteiligten sozialen Verhältnissen aufwachsen.",
    "Am Stand zeigen Ämter, freie Träger und Initiativen, wie das im Alltag aussieht: in der Kita, in der Schule, "
    "im Jugendtreff und in der Beratung.",
    "Dieses Ziel erfordert nicht nur eine bedarfsgerechte Förderung, sondern auch gezielte Maßnahmen, die auf die "
    "Herausforderungen der verschiedenen Stadtteile und Bevölkerungsgruppen eingehen.",
    "Leipzig wächst: Seit 2012 ist die Zahl der unter 18-Jährigen um mehr als 30 % gestiegen. Kitas, Schulen und "
    "Jugendhilfe wachsen mit – und brauchen Flächen, Fachkräfte und gute Zusammenarbeit.",
    "Übergreifendes Ziel ist es, Entwicklungs- und Bildungschancen für alle jungen Menschen zu ermöglichen – "
    "präventiv, sozialräumlich und gemeinsam mit den Familien.",
    "Alle Projekte auf einen Blick: Scannen Sie die Codes auf den Projektblättern oder sprechen Sie uns direkt am "
    "Stand an. Wir freuen uns auf den Austausch!",
    "Hinweis zu den Angeboten: Termine für Fachgespräche (#Zeitslot) werden am Stand vergeben; die Teilnahme ist "
    "kostenfrei.",
    "Die Inhalte dieser Materialien wurden gemeinsam mit den beteiligten Trägern erstellt. Stand der Angaben: "
    "April 2025.",
)
HEADLINE = "Chancengerechtigkeit für Kinder und Jugendliche"
LONG_HEADLINE = ("Chancengerechtigkeit für alle Kinder und Jugendlichen in Leipzig: gemeinsam planen, früh "
                 "unterstützen, sozialräumlich handeln & Teilhabe sichern")
LONG_URL_LENGTHS = (210, 690, 340, 560, 260, 450)
HOSTS = ("www.leipzig.de/jugend-familie-und-soziales/kinder-und-jugendliche", "www.jugendhilfe-leipzig.de/projekte",
         "projekte.leipzig.de/djht-2025", "www.caritas-leipzig.de/hilfen/kinder-jugend-familie",
         "www.diakonie-leipzig.de/angebote/kinder-jugend-und-familienhilfe")


def make_stand(target: Path, count: int, seed: int, *, mix: Sequence[str] = KINDS, long_urls: bool = True,
               long_headline: bool = False, intro_paragraphs: int = 3, focus: int = 4,
               numbers: Iterable[int] | None = None) -> Path:
    """Write target/data/stand.yaml, target/data/projects/NN-slug.yaml and target/layouts/; return target.

    `mix` names the kinds of project, used in turn (and each at least once when count allows);
    `numbers` overrides the project numbers 1..count (e.g. to use a 3-digit number)."""
    numbers = tuple(numbers) if numbers is not None else tuple(range(1, count + 1))
    assert len(numbers) == count and len(set(numbers)) == count, numbers
    assert 1 <= intro_paragraphs <= len(INTRO) and 0 <= focus <= len(FOCUS)
    data = target / "data"
    if data.exists():
        shutil.rmtree(data)
    (data / "projects").mkdir(parents=True)
    if (target / "layouts").exists():
        shutil.rmtree(target / "layouts")
    shutil.copytree(ROOT / "layouts", target / "layouts")
    rng = random.Random(seed)
    _write(data / "stand.yaml", stand_document(rng, long_headline, intro_paragraphs, focus),
           "# yaml-language-server: $schema=../schemas/stand.schema.json")
    write_projects(data / "projects", numbers, seed, mix=mix, long_urls=long_urls)
    return target


def write_projects(folder: Path, numbers: Sequence[int], seed: int, *, mix: Sequence[str] = KINDS,
                   long_urls: bool = True) -> list[Path]:
    """Write one project file per number into `folder` (which may already hold others); return the paths."""
    kinds = project_kinds(len(numbers), mix, seed)
    written = []
    for index, (number, kind) in enumerate(zip(numbers, kinds)):
        rng = random.Random(seed * 1_000_003 + number)
        # Every second url is a long tracking url, their lengths cycling through LONG_URL_LENGTHS.
        length = LONG_URL_LENGTHS[(index // 2) % len(LONG_URL_LENGTHS)] if long_urls and index % 2 == 1 else 0
        project = make_project(number, kind, rng, long_url=length, short_url=index % 3 != 2)
        slug = slugify(project["title"])[:40].rstrip("-") or "projekt"
        path = folder / f"{number:02d}-{slug}.yaml"
        _write(path, project, "# yaml-language-server: $schema=../../schemas/project.schema.json")
        written.append(path)
    return written


def project_kinds(count: int, mix: Sequence[str], seed: int) -> list[str]:
    """The kind of each project: every kind of `mix` at least once (when count allows), typical most often."""
    assert mix and set(mix) <= set(KINDS), mix
    if len(mix) == 1 or count < len(mix):
        return [mix[i % len(mix)] for i in range(count)]
    weights = {"minimal": 1, "typical": 3, "maximal": 1}
    rng = random.Random(seed + 7)
    kinds = list(mix) + rng.choices(list(mix), [weights[k] for k in mix], k=count - len(mix))
    rng.shuffle(kinds)
    return kinds


# Documents

def stand_document(rng: random.Random, long_headline: bool, intro_paragraphs: int, focus: int) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "organiser": {"name": "Stadt Leipzig", "unit": "Amt für Jugend und Familie", "url": "https://www.leipzig.de"},
        "event": {"name": "18. Deutscher Kinder- und Jugendhilfetag", "short_name": "18. DJHT",
                  "dates": {"start": "2025-05-13", "end": "2025-05-15"},
                  "venue": "Leipziger Messe, Messe-Allee 1, 04356 Leipzig", "stand": "Halle 2, Stand C10"},
        "headline": LONG_HEADLINE if long_headline else HEADLINE,
        "intro": list(INTRO[:intro_paragraphs]),
    }
    if focus:
        doc["focus"] = [{"title": title, "text": text} for title, text in FOCUS[:focus]]
    doc["url"] = "https://www.leipzig.de/djht-2025"
    doc["contact"] = {"name": "Amt für Jugend und Familie, Öffentlichkeitsarbeit", "email": "jugendamt@leipzig.de",
                      "phone": "0341 123-4500"}
    return doc


def make_project(number: int, kind: str, rng: random.Random, *, long_url: int = 0, short_url: bool = True) -> dict[str, Any]:
    """One project as a dict, in the key order of the shipped files; long_url: its length (0: a short url)."""
    theme, district, noun = rng.choice(THEMES), rng.choice(DISTRICTS), rng.choice(NOUNS)
    doc: dict[str, Any] = {"number": number}
    if kind == "minimal":
        doc["title"] = SHORT_TITLES[(number + rng.randrange(len(SHORT_TITLES))) % len(SHORT_TITLES)]
        doc["carriers"] = [{"name": rng.choice(CARRIERS)[0]}]
        doc["url"] = url_for(number, slugify(doc["title"]), rng, long_url)
        return doc
    if kind == "typical":
        doc["title"] = rng.choice((f"{theme} in {district}", f"{noun} {theme} & Familie",
                                   f"{theme}: gemeinsam stark in {district}"))
        doc["subtitle"] = f"{noun} für {rng.choice(GROUPS)} – {rng.choice(ADJECTIVES).capitalize()} Hilfen im Stadtteil"
        paragraphs = [paragraph(rng, noun, district, rng.randint(2, 3)) for _ in range(rng.randint(1, 2))]
        doc["summary"] = "\n\n".join(paragraphs)
        topics = rng.sample(THEMES, rng.randint(0, 4))
        if topics:
            doc["topics"] = topics
        formats = rng.sample(FORMATS, rng.randint(0, 2))
        if formats:
            doc["formats"] = formats
        doc["carriers"] = [{"name": n, **({"unit": u} if u else {})} for n, u in rng.sample(CARRIERS, rng.randint(1, 3))]
    else:
        doc["title"] = long_title(rng, district)
        doc["subtitle"] = long_subtitle(rng, district)
        doc["summary"] = long_summary(rng, noun, district)
        doc["topics"] = long_topics(rng)
        doc["formats"] = list(FORMATS)
        doc["carriers"] = [{"name": n, "unit": u} for n, u in LONG_CARRIERS]
    doc["url"] = url_for(number, slugify(doc["title"])[:60], rng, long_url)
    if short_url:
        doc["short_url"] = f"leipzig.de/djht/p{number}"
    if kind == "maximal" or rng.random() < 0.5:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        doc["contact"] = {"name": f"{first} {last}", "email": f"{first.lower()}.{slugify(last)}@leipzig.de",
                          "phone": f"0341 123-{number % 10000:04d}"}
    return doc


def long_title(rng: random.Random, district: str) -> str:
    """150–160 characters, holding the long compound."""
    parts = [f"{LONG_WORD} und Kinder- und Jugendhilfeplanung:", "Wie Flächen für Kitas, Jugendtreffs & Spielplätze",
             f"in {district}", "gemeinsam gesichert werden", "– ein Werkstattbericht", "aus Leipzig", "(2025)",
             "heute", "im Stadtteil", "und", "mehr"]
    title = ""
    for part in parts:
        if len(title) + 1 + len(part) <= 160:
            title = f"{title} {part}".strip()
    assert 150 <= len(title) <= 160, (len(title), title)
    return title


def long_subtitle(rng: random.Random, district: str) -> str:
    """190–200 characters."""
    words = (f"Sozialraumorientierte Steuerung von Ressourcen & Angeboten in {district}: Beteiligung von Kindern, "
             f"Jugendlichen und Eltern, Zusammenarbeit von Schule, Kita und Jugendhilfe, Verstetigung nach dem "
             f"Modellzeitraum und Übertragbarkeit auf weitere Stadtteile").split()
    subtitle = ""
    for word in words:
        if len(subtitle) + 1 + len(word) > 200:
            break
        subtitle = f"{subtitle} {word}".strip()
    while len(subtitle) < 190:
        subtitle += " –"
    return subtitle


def long_summary(rng: random.Random, noun: str, district: str) -> str:
    """Four or five paragraphs, 2,350–2,500 characters in all (the limit is 2,500 per string)."""
    paragraphs: list[str] = []
    sentences = list(SENTENCES)
    rng.shuffle(sentences)
    pool = iter(sentences * 3)
    current: list[str] = []
    text = ""
    while True:
        sentence = _fill(next(pool), rng, noun, district)
        candidate_pars = paragraphs + [" ".join(current + [sentence])]
        candidate = "\n\n".join(candidate_pars)
        if len(candidate) > 2500:
            break
        current.append(sentence)
        text = candidate
        if len(current) == 3:
            paragraphs.append(" ".join(current))
            current = []
    assert len(text) >= 2250, len(text)
    return text


def long_topics(rng: random.Random) -> list[str]:
    """Thirty distinct topics, mostly short, a few long (one close to the 200-character limit)."""
    topics = [f"{theme} in {district}" for theme, district in zip(THEMES, rng.sample(DISTRICTS, len(THEMES)))]
    topics += ["Schule & Jugendhilfe: Kooperation auf Augenhöhe", "Beteiligung #Kinderrechte",
               "Careleaver*innen < 27 Jahre", "Flächensicherung & " + LONG_WORD,
               ("Verstetigung über den Modellzeitraum hinaus: Finanzierung, Personalgewinnung, Qualifizierung der "
                "Fachkräfte, Evaluation der Wirkungen und Übertragbarkeit auf andere Stadtteile und Kommunen")]
    assert len(topics) == 30 and max(map(len, topics)) <= 200, topics
    return topics


def paragraph(rng: random.Random, noun: str, district: str, sentences: int) -> str:
    return " ".join(_fill(s, rng, noun, district) for s in rng.sample(SENTENCES, sentences))


def _fill(sentence: str, rng: random.Random, noun: str, district: str) -> str:
    return sentence.format(noun=noun, district=district, verb=rng.choice(VERBS), group=rng.choice(GROUPS),
                           adj=rng.choice(ADJECTIVES), year=rng.randint(2012, 2023), count=rng.randint(40, 900))


def url_for(number: int, slug: str, rng: random.Random, long: int) -> str:
    """A unique url; a long one (long > 0) is a tracking url of about `long` characters with utm parameters."""
    host = rng.choice(HOSTS)
    base = f"https://{host}/{slug or 'projekt'}-{number}"
    if not long:
        return base
    target = long
    params = [("utm_source", "djht2025"), ("utm_medium", rng.choice(("print", "qr-code", "flyer"))),
              ("utm_campaign", "chancengerechtigkeit-kinder-jugendliche-leipzig"),
              ("utm_content", f"projekt-{number}-{slug[:30]}"), ("utm_term", "kinder+jugendhilfe+leipzig")]
    url = base + "?" + "&".join(f"{k}={v}" for k, v in params)
    extra = 0
    while len(url) < target - 40:
        token = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(32))
        url += f"&{('fbclid', 'gclid', 'mc_eid', 'ref', 'session', 'trk')[extra % 6]}{extra}={token}"
        extra += 1
    return url[:700]


def slugify(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    out = "".join(c if c.isascii() and c.isalnum() else "-" for c in text.translate(table).lower())
    return "-".join(part for part in out.split("-") if part)


# YAML writing: every string double-quoted (escaped) or a block scalar; read back and compared.

def _write(path: Path, doc: dict[str, Any], header: str) -> None:
    text = header + "\n" + "\n".join(_lines(doc, 0)) + "\n"
    loaded = yaml.safe_load(text)
    assert _plain(loaded) == doc, f"{path}: YAML did not round-trip"
    path.write_text(text, encoding="utf-8")


def _plain(value: Any) -> Any:
    """yaml reads ISO dates as dates; the documents hold them as strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines += _lines(item, indent + 2)
        elif isinstance(item, list):
            lines.append(f"{pad}{key}:")
            for element in item:
                if isinstance(element, dict):
                    sub = _lines(element, indent + 4)
                    lines.append(f"{pad}  - {sub[0].lstrip()}")
                    lines += sub[1:]
                elif key == "intro":
                    lines.append(f"{pad}  - >-")  # as the shipped stand.yaml writes its intro
                    lines.append(f"{pad}    {element}")
                else:
                    lines.append(f"{pad}  - {scalar(element)}")
        elif isinstance(item, str) and "\n" in item:
            lines.append(f"{pad}{key}: |-")
            lines += [f"{pad}  {line}" if line else "" for line in item.split("\n")]
        elif key in ("start", "end") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(item)):
            lines.append(f"{pad}{key}: {item}")
        else:
            lines.append(f"{pad}{key}: {scalar(item)}")
    return lines


def scalar(value: Any) -> str:
    """An int as is; a string as a double-quoted YAML scalar: safe for ':', '#', '&', '*' and quotes."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


# Validation against the repository's JSON Schemas (the subset they use), so the fixture stays valid.

def schema_errors(doc: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    errors: list[str] = []
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if not schema_errors(doc, s, where)]
        return [] if len(matches) == 1 else [f"{where}: matches {len(matches)} of oneOf"]
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "integer": int}
    if kind and not isinstance(doc, types[kind]) or (kind == "integer" and isinstance(doc, bool)):
        return [f"{where}: not {kind}"]
    if kind == "string":
        if len(doc) > schema.get("maxLength", 10**9) or len(doc) < schema.get("minLength", 0):
            errors.append(f"{where}: length {len(doc)}")
        if "pattern" in schema and not re.search(schema["pattern"], doc):
            errors.append(f"{where}: pattern")
        if schema.get("format") == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc):
            errors.append(f"{where}: date")
    if kind == "integer" and not schema.get("minimum", -10**9) <= doc <= schema.get("maximum", 10**9):
        errors.append(f"{where}: {doc} out of range")
    if kind == "array":
        if not schema.get("minItems", 0) <= len(doc) <= schema.get("maxItems", 10**9):
            errors.append(f"{where}: {len(doc)} items")
        for index, item in enumerate(doc):
            errors += schema_errors(item, schema.get("items", {}), f"{where}[{index}]")
    if kind == "object":
        properties = schema.get("properties", {})
        errors += [f"{where}: missing {key}" for key in schema.get("required", ()) if key not in doc]
        for key, item in doc.items():
            if key not in properties:
                errors.append(f"{where}: unknown key {key}")
            else:
                errors += schema_errors(item, properties[key], f"{where}.{key}")
    return errors


def validate_stand(folder: Path) -> list[str]:
    """Schema violations of every file of folder/data (empty when valid)."""
    stand_schema = json.loads((ROOT / "schemas" / "stand.schema.json").read_text(encoding="utf-8"))
    project_schema = json.loads((ROOT / "schemas" / "project.schema.json").read_text(encoding="utf-8"))
    errors = schema_errors(_plain(yaml.safe_load((folder / "data" / "stand.yaml").read_text("utf-8"))), stand_schema,
                           "stand.yaml")
    for path in sorted((folder / "data" / "projects").glob("*.yaml")):
        errors += schema_errors(yaml.safe_load(path.read_text("utf-8")), project_schema, path.name)
    return errors


def load_projects(folder: Path) -> list[dict[str, Any]]:
    """The project documents of a stand folder, by number."""
    docs = [yaml.safe_load(p.read_text("utf-8")) for p in (folder / "data" / "projects").glob("*.yaml")]
    return sorted(docs, key=lambda d: d["number"])


def load_stand(folder: Path) -> dict[str, Any]:
    return _plain(yaml.safe_load((folder / "data" / "stand.yaml").read_text("utf-8")))


def make_issue_stand(target: Path, size: int) -> Path:
    """One of the stands of issue 11 (see STANDS), seed = size."""
    return make_stand(target, size, size, **STANDS[size])
