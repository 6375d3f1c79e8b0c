"""Preflight, PDF/X-1a:2003 (ISO 15930-4) rules a program can verify in the file → Findings.

Fonts (all embedded) and colour (CMYK only) are the `fonts` and `colour` checks; the page
boxes are the `boxes` check. What no program can tell from the file is listed by `not_checked()`.
"""

from __future__ import annotations

from generator.messages import msg, register
from generator.preflight.checks import Subject, failed, passed
from generator.preflight.pdfread import PdfFile
from generator.preflight.report import Finding
from generator.profiles import ICC_REGISTRY, OUTPUT_CONDITIONS, PDFX_HEADERS

register({
    "pdfx.ok": ("{version}, Druckbedingung {condition} ({name})", "{version}, output condition {condition} ({name})"),
    "pdfx.header": ("der Dateikopf ist {header}; PDF/X-1a:2003 braucht PDF 1.3 oder 1.4",
                    "the header is {header}; PDF/X-1a:2003 needs PDF 1.3 or 1.4"),
    "pdfx.version": ("GTS_PDFXVersion ist {found}, nicht {wanted}", "GTS_PDFXVersion is {found}, not {wanted}"),
    "pdfx.intents": ("{count} PDF/X-OutputIntents, genau einer nötig",
                     "{count} PDF/X OutputIntents, exactly one needed"),
    "pdfx.intent_other": ("der OutputIntent nennt {found}, das Layout verlangt {wanted}",
                          "the OutputIntent names {found}, the layout asks for {wanted}"),
    "pdfx.intent_unknown": ("der OutputIntent nennt {found}, keine registrierte Druckbedingung, und bettet kein "
                            "ICC-Profil ein", "the OutputIntent names {found}, which is no registered "
                            "characterization, and embeds no ICC profile"),
    "pdfx.registry": ("der RegistryName des OutputIntent ist {found}, nicht {wanted}",
                      "the OutputIntent's RegistryName is {found}, not {wanted}"),
    "pdfx.trapped": ("Trapped ist {found}; PDF/X braucht True oder False",
                     "Trapped is {found}; PDF/X needs True or False"),
    "pdfx.info_missing": ("kein {entry} in den Dokumentinformationen", "no {entry} in the document information"),
    "pdfx.no_id": ("keine Dateikennung (/ID) im Trailer", "no file identifier (/ID) in the trailer"),
    "pdfx.encrypted": ("die Datei ist verschlüsselt", "the file is encrypted"),
    "pdfx.no_trimbox": ("Seite {page}: keine TrimBox", "page {page}: no TrimBox"),
    "pdfx.soft_mask": ("Seite {page}: eine weiche Maske (Transparenz)", "page {page}: a soft mask (transparency)"),
    "pdfx.opacity": ("Seite {page}: Deckkraft {entry} {value} (Transparenz)",
                     "page {page}: opacity {entry} {value} (transparency)"),
    "pdfx.blend": ("Seite {page}: Füllmethode {blend} (Transparenz)", "page {page}: blend mode {blend} (transparency)"),
    "pdfx.transfer": ("Seite {page}: eine Transferfunktion", "page {page}: a transfer function"),
    "pdfx.image_mask": ("Seite {page}: ein Bild mit weicher Maske (Transparenz)",
                        "page {page}: an image with a soft mask (transparency)"),
    "pdfx.group": ("Seite {page}: eine Transparenzgruppe", "page {page}: a transparency group"),
    "pdfx.annotation": ("Seite {page}: eine {subtype}-Anmerkung (Druckdateien haben keine)",
                        "page {page}: a {subtype} annotation (print files take none)"),
    "pdfx.actions": ("Aktionen oder JavaScript", "actions or JavaScript"),
    "pdfx.postscript": ("ein PostScript-XObject", "a PostScript XObject"),
    "pdfx.opi": ("OPI-Kommentare (Bilder, die die Druckerei ersetzen soll)",
                 "OPI comments (images to be replaced by the print shop)"),
})

PDFX_VERSION = "PDF/X-1a:2003"
ALLOWED_HEADERS = PDFX_HEADERS[PDFX_VERSION]
OPAQUE_BLEND = frozenset({"/Normal", "/Compatible"})
MARK_ANNOTATIONS = frozenset({"PrinterMark", "TrapNet"})

register({
    "pdfx.unchecked.condition": ("PDF/X: ob die genannte Druckbedingung (FOGRA39 oder FOGRA51) zu Druckmaschine und "
                                 "Papier der Druckerei passt – die Druckerei fragen",
                                 "PDF/X: that the named output condition (FOGRA39 or FOGRA51) is the press and paper "
                                 "the print shop uses — ask the shop"),
    "pdfx.unchecked.fonts": ("PDF/X: ob die eingebetteten Schriften vollständig und zum Einbetten lizenziert sind – "
                             "geprüft wird nur, dass sie da sind", "PDF/X: that the embedded font programs are "
                             "complete and licensed for embedding — only their presence is checked"),
    "pdfx.unchecked.trapping": ("PDF/X: Überfüllung – die Dateien erklären Trapped /False, die Druckerei überfüllt, "
                                "wo ihre Maschine es braucht", "PDF/X: trapping — the files declare Trapped /False, "
                                "so the shop traps where its press needs it"),
    "pdfx.unchecked.colour": ("PDF/X: wie die Farben auf der Maschine aussehen – ein Softproof oder Kontraktproof "
                              "zeigt das", "PDF/X: how the colours look on the press — a soft proof or a contract "
                              "proof shows that"),
    "pdfx.unchecked.overprint": ("Überdrucken und Aussparen jenseits von 100 % Schwarz (das geprüft ist) "
                                 "wie vom Gestalter gewollt – eine Separationsvorschau zeigt das",
                                 "overprinting and knock-outs other than 100 % K (which is checked) as the designer "
                                 "intended — a separation preview shows that"),
})


def not_checked() -> tuple[str, ...]:
    """What no program can tell from the file, in the user's language."""
    return tuple(msg(f"pdfx.unchecked.{name}") for name in ("condition", "fonts", "trapping", "colour", "overprint"))


def check_pdfx(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """Header, version key, OutputIntent, Trapped, Title and dates, file ID, no transparency, actions or
    annotations on the sheet, no PostScript or OPI."""
    problems = [*_declaration(pdf, subject), *_document(pdf), *_transparency(pdf), *_interactive(pdf)]
    if problems:
        return failed("pdfx", problems)
    condition = subject.layout.output_condition if subject.layout else "FOGRA39"
    return passed("pdfx", msg("pdfx.ok", version=PDFX_VERSION, condition=condition,
                              name=OUTPUT_CONDITIONS[condition].condition))


def _declaration(pdf: PdfFile, subject: Subject) -> list[str]:
    problems = []
    if pdf.header not in ALLOWED_HEADERS:
        problems.append(msg("pdfx.header", header=repr(pdf.header)))
    info = pdf.info()
    if info.get("GTS_PDFXVersion") != PDFX_VERSION:
        problems.append(msg("pdfx.version", found=repr(info.get("GTS_PDFXVersion", "missing")),
                            wanted=repr(PDFX_VERSION)))
    intents = [i for i in pdf.output_intents() if i.get("S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return problems + [msg("pdfx.intents", count=len(intents))]
    intent = intents[0]
    wanted = subject.layout.output_condition if subject.layout else None
    found = intent.get("OutputConditionIdentifier")
    if wanted and found != wanted:
        problems.append(msg("pdfx.intent_other", found=repr(found), wanted=repr(wanted)))
    if "DestOutputProfile" not in intent:
        if found not in OUTPUT_CONDITIONS:
            problems.append(msg("pdfx.intent_unknown", found=repr(found)))
        if intent.get("RegistryName") != ICC_REGISTRY:
            problems.append(msg("pdfx.registry", found=repr(intent.get("RegistryName", "missing")),
                                wanted=repr(ICC_REGISTRY)))
    return problems


def _document(pdf: PdfFile) -> list[str]:
    info, problems = pdf.info(), []
    if info.get("Trapped", "").lstrip("/") not in ("True", "False"):
        problems.append(msg("pdfx.trapped", found=repr(info.get("Trapped", "missing"))))
    problems += [msg("pdfx.info_missing", entry=key) for key in ("Title", "CreationDate", "ModDate")
                 if not info.get(key)]
    if "/ID" not in pdf.trailer_keys():
        problems.append(msg("pdfx.no_id"))
    if pdf.encrypted:
        problems.append(msg("pdfx.encrypted"))
    problems += [msg("pdfx.no_trimbox", page=i + 1) for i in range(pdf.page_count) if pdf.boxes(i)["TrimBox"] is None]
    return problems


def _transparency(pdf: PdfFile) -> list[str]:
    problems = []
    for page, state in pdf.graphics_states():
        soft = state.get("SMask", "/None")
        if soft != "/None":
            problems.append(msg("pdfx.soft_mask", page=page + 1))
        for key in ("CA", "ca"):
            if float(state.get(key, 1.0)) < 1.0:
                problems.append(msg("pdfx.opacity", page=page + 1, entry=key, value=f"{state[key]:g}"))
        blend = state.get("BM", "/Normal")
        if (blend if isinstance(blend, str) else blend[0]) not in OPAQUE_BLEND:
            problems.append(msg("pdfx.blend", page=page + 1, blend=blend))
        if state.get("TR", "/Default") != "/Default" or state.get("TR2", "/Default") != "/Default":
            problems.append(msg("pdfx.transfer", page=page + 1))
    problems += [msg("pdfx.image_mask", page=image.page + 1) for image in pdf.images() if image.soft_mask]
    problems += [msg("pdfx.group", page=page + 1) for page in pdf.pages_with("/Group")]
    return problems


def _interactive(pdf: PdfFile) -> list[str]:
    problems = []
    for annotation in pdf.annotations():
        if annotation.subtype not in MARK_ANNOTATIONS:
            problems.append(msg("pdfx.annotation", page=annotation.page + 1, subtype=annotation.subtype))
    if pdf.has_javascript() or pdf.page_actions():
        problems.append(msg("pdfx.actions"))
    subtypes = pdf.xobject_subtypes()
    if "PS" in subtypes:
        problems.append(msg("pdfx.postscript"))
    if pdf.has_opi():
        problems.append(msg("pdfx.opi"))
    return problems
