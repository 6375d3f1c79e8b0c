"""Compose stage: every fixed word the documents print, in one place (the documents are German).

Composers name a label by key; a new label is added here, never as a literal in a composer.
"""

from __future__ import annotations

LABELS: dict[str, str] = {
    # sheet and booklet
    "topics": "Themen", "formats": "Format am Stand", "carriers": "Träger", "contact": "Kontakt",
    "cta": "Mehr erfahren", "scan": "QR-Code scannen oder besuchen:", "at_stand": "Am Stand",
    "continued": "Fortsetzung", "project": "Projekt", "contents": "Inhalt", "about": "Über den Stand",
    "publisher": "Herausgeber", "more_carriers": "und {count} weitere",
    "more_carriers_long": "und {count} weitere Träger",
    # poster
    "themes_at_stand": "Themen am Stand", "online": "Zum Stand online \u2192",
    # flyer
    "focus": "Schwerpunkte", "all_carriers": "Träger der Projekte", "web": "Alle Projekte und Kontakte:",
    "intro": "Unser Anliegen", "projects": "Projekte am Stand", "scan_card": "Scannen und mehr erfahren",
    "outside": "Außenseite", "inside": "Innenseite",
    "project_at_stand": "Projekt am Stand", "more_project": "Mehr zum Projekt",
    "projects_range": "Projekte {first}\u2013{last}", "project_number": "Projekt {number}",
}


def label(key: str, **fields: object) -> str:
    return LABELS[key].format(**fields) if fields else LABELS[key]
