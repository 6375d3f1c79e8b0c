"""Compose stage: the warnings composers give when a document adapts, in German and English.

A warning names the document and says what it did and what would avoid it; the texts are
registered with the message catalogue (`generator/messages.py`).
"""

from __future__ import annotations

from generator.messages import register

register({
    "kind.project-sheet": ("Projektblatt", "project sheet"),
    "kind.poster": ("Plakat", "poster"),
    "kind.flyer": ("Flyer", "flyer"),
    "kind.booklet": ("Broschüre", "booklet"),
    "sheet.continued": ("der Text von Projekt {number} geht im Dokument {document} auf {pages} weiteren Seite(n) "
                        "weiter",
                        "the text of project {number} continues on {pages} further page(s) of the {document}"),
    "sheet.continued.hint": ("kürze die Zusammenfassung oder die Listen, damit es eine Seite bleibt",
                             "shorten the summary or the lists to keep one page"),
    "poster.list": ("im Dokument {document} ist kein Platz für eine Kachel mit lesbarem QR-Code für jedes der "
                    "{count} Projekte: es listet sie auf, und der Code des Stands führt zu ihnen",
                    "the {document} has no room for a tile with a scannable QR code for each of the {count} "
                    "projects: it lists them, and the stand's code leads to them"),
    "poster.list.hint": ("weniger Projekte oder ein größeres Plakat", "fewer projects, or a larger poster"),
    "poster.intro": ("das Dokument {document} zeigt vom ersten Absatz der Einleitung {shortened}: der ganze "
                     "Absatz passt nicht", "the {document} shows the first intro paragraph as {shortened}: the "
                     "whole paragraph does not fit"),
    "poster.intro.sentence": ("nur den ersten Satz", "its first sentence"),
    "poster.intro.sentence-no-themes": ("nur den ersten Satz, ohne die Themen",
                                        "its first sentence, without the themes"),
    "poster.intro.hint": ("ein kürzerer erster Absatz passt ganz", "a shorter first paragraph fits whole"),
    "list.shortened": ("die Liste „{role}“ im Dokument {document} lässt die Links weg",
                       "the {role} of the {document} leaves out the links"),
    "list.cut": ("die Liste „{role}“ im Dokument {document} lässt die Links weg und kürzt Titel nach etwa "
                 "{limit} Zeichen", "the {role} of the {document} leaves out the links and cuts titles after "
                 "about {limit} characters"),
    "list.hint": ("weniger Projekte oder kürzere Titel passen ganz", "fewer projects or shorter titles fit whole"),
    "list.below_floor": ("die Liste „{role}“ im Dokument {document} wird kleiner als die Mindestgröße des "
                         "Layouts gesetzt", "the {role} of the {document} is set below the layout's smallest size "
                         "to fit"),
    "list.below_floor.hint": ("weniger oder kürzere Texte", "fewer or shorter texts"),
    "flyer.theme_titles": ("das Dokument {document} zeigt nur die Titel der Themen: ihre ersten Sätze passen nicht",
                           "the {document} shows the themes' titles only: their first sentences do not fit"),
    "flyer.theme_titles.hint": ("kürzere erste Sätze passen", "shorter first sentences fit"),
    "flyer.some_themes": ("das Dokument {document} nennt {count} von {total} Themen: die übrigen passen nicht auf "
                          "seine Seite", "the {document} names {count} of the {total} themes: the others do not "
                          "fit its panel"),
    "flyer.booklet_has_all": ("die Broschüre enthält alle", "the booklet has all of them"),
    "flyer.some_carriers": ("das Dokument {document} nennt {count} von {total} Trägern; alle stehen auf den "
                            "Projektblättern", "the {document} names {count} of the {total} carriers; the others "
                            "are on the project sheets"),
    "flyer.some_intro": ("das Dokument {document} zeigt {count} von {total} Absätzen der Einleitung: die übrigen "
                         "passen nicht auf seine Seite", "the {document} shows {count} of the {total} intro "
                         "paragraphs: the others do not fit its panel"),
    "flyer.card_without_code": ("die Adresse von Projekt {number} ist zu lang für einen QR-Code im Dokument "
                                "{document}: seine Karte hat keinen Code", "the url of project {number} is too long "
                                "for a QR code on the {document}: its card has no code"),
    "flyer.card_without_code.hint": ("gib eine kurze Adresse als 'url' an", "add a short link as 'url'"),
    "flyer.list": ("das Dokument {document} listet seine {count} Projekte ohne eigene QR-Codes: Karten für alle "
                   "passen nicht", "the {document} lists its {count} projects without their own QR codes: cards "
                   "for all of them do not fit"),
    "flyer.list.hint": ("der Code des Stands führt zu jedem Projekt", "the stand's code leads to every project"),
    "booklet.cover_sentence": ("die Titelseite des Dokuments {document} zeigt vom ersten Absatz der Einleitung "
                               "nur den ersten Satz: der ganze Absatz passt nicht", "the cover of the {document} "
                               "shows the first sentence of the first intro paragraph: the whole paragraph does "
                               "not fit"),
    "booklet.cover_sentence.hint": ("die Seite „Über den Stand“ enthält ihn ganz", "the about page has all of it"),
})
