"""Bench peer: the same A4 project sheet set by Typst (the `typst` PyPI package, `pip install -e '.[bench]'`).

    python bench/typst_sheets.py --data DIR --out DIR [--only N]

What a user choosing a tool would write in Typst for the job of `standgen build --only
project-sheet-a4`: one page per project from the same YAML (read here with yaml.safe_load and
handed to Typst as JSON), the same Source Sans Pro fonts, colour band, number, title,
summary, topics, formats, carriers, contact, call to action, link, QR code and footer.
Typst breaks lines with its own hyphenation (lang: "de") and justifies; the QR code is
qrcode's `make(fit=True)` drawn as rectangles (Typst needs a package from the network for
QR codes, which this machine cannot fetch). One compile per project, one process for all.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import qrcode
import typst
import yaml

TEMPLATE = r"""
#let d = json("sheet.json")
#set page(width: 216mm, height: 303mm, margin: 0mm, fill: white)
#set text(font: "Source Sans Pro", lang: "de", size: 10.5pt, hyphenate: true)
#set par(justify: false, leading: 0.45em)
#let primary = cmyk(95%, 65%, 15%, 25%)
#let tint = cmyk(0%, 5%, 13%, 0%)
#let accent = cmyk(0%, 50%, 100%, 0%)
#let label(t, c: primary) = text(size: 9.5pt, weight: "semibold", fill: c, tracking: 0.08em, upper(t))
#place(top + left, rect(width: 216mm, height: 73mm, fill: primary))
#place(top + left, dx: 21mm, dy: 18mm, label(d.kicker, c: tint))
#place(top + left, dx: 21mm, dy: 27mm, box(width: 30mm, height: 37mm, align(bottom,
  text(size: 96pt, weight: "bold", fill: accent, str(d.number)))))
#place(top + left, dx: 54mm, dy: 27mm, box(width: 144mm, height: 37mm, align(bottom, {
  text(size: 28pt, weight: "bold", fill: white, hyphenate: false, d.title)
  if d.subtitle != none { linebreak(); text(size: 14pt, fill: tint, d.subtitle) }
})))
#place(top + left, dx: 21mm, dy: 83mm, box(width: 117mm, {
  set par(justify: true)
  for (i, p) in d.summary.enumerate() { text(size: if i == 0 { 13pt } else { 10.5pt }, p); parbreak() }
  for (key, head) in (("topics", "Themen"), ("formats", "Format am Stand")) {
    if d.at(key).len() > 0 { v(6pt); label(head); v(2pt); list(..d.at(key)) }
  }
}))
#place(top + left, dx: 143mm, dy: 83mm, box(width: 55mm, {
  label("Träger"); v(2pt)
  for c in d.carriers { text(weight: "semibold", c.name); linebreak(); if c.unit != none { text(size: 9.5pt, c.unit); parbreak() } }
  if d.contact.len() > 0 { v(6pt); label("Kontakt"); v(2pt); for line in d.contact { text(size: 9.5pt, line); linebreak() } }
}))
#place(top + left, dy: d.strip_top * 1mm, rect(width: 216mm, height: d.strip_h * 1mm, fill: tint))
#place(top + left, dx: 21mm, dy: d.strip_top * 1mm + 14mm, box(width: 100mm, {
  text(size: 15pt, weight: "bold", fill: primary, "Mehr erfahren"); linebreak()
  text(size: 9.5pt, "QR-Code scannen oder besuchen:"); linebreak()
  text(size: 9pt, weight: "semibold", d.shown)
}))
#place(top + left, dx: d.qr_x * 1mm, dy: d.qr_y * 1mm, {
  for r in d.runs { place(dx: r.at(0) * d.module * 1mm, dy: r.at(1) * d.module * 1mm,
    rect(width: r.at(2) * d.module * 1mm, height: d.module * 1mm, fill: black)) }
})
#place(top + left, dx: 21mm, dy: 275.5mm, line(length: 177mm, stroke: 0.5pt + luma(30%)))
#place(top + left, dx: 21mm, dy: 277.5mm, text(size: 8pt, fill: luma(30%), d.footer.join("\n")))
"""


def qr_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url.encode("utf-8"))
    code.make(fit=True)
    runs = []
    for y, row in enumerate(code.modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((start, y, x - start))
            x += 1
    return len(code.modules), runs


def sheet_data(stand: dict, project: dict) -> dict:
    n, runs = qr_runs(project["url"])
    module = 30.0 / n
    strip_h = 30 + 2 * 4 * module + 8
    strip_top = 3 + 297 - 12 - 14 - 4 - strip_h
    org, event = stand["organiser"], stand["event"]
    contact = project.get("contact") or {}
    return {
        "kicker": f"{org['name']} · {event.get('short_name') or event['name']} · Projekt {project['number']}",
        "number": project["number"], "title": project["title"], "subtitle": project.get("subtitle"),
        "summary": [p for p in str(project.get("summary") or "").split("\n\n") if p.strip()],
        "topics": project.get("topics") or [], "formats": project.get("formats") or [],
        "carriers": [{"name": c["name"], "unit": c.get("unit")} for c in project["carriers"]],
        "contact": [str(contact[k]) for k in ("name", "email", "phone") if contact.get(k)],
        "shown": project.get("short_url") or project["url"].split("://", 1)[1],
        "runs": runs, "module": module, "strip_top": strip_top, "strip_h": strip_h,
        "qr_x": 3 + 210 - 15 - 30, "qr_y": strip_top + 4 + 4 * module,
        "footer": [f"{org['name']} · {org.get('unit', '')}",
                   f"{event['name']} · {event['dates']['start']} – {event['dates']['end']} · {event.get('venue', '')}"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", type=int, default=0, help="set only the first N projects (0: all)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    fonts = str(resources.files("font_source_sans_pro") / "files")
    stand = yaml.safe_load((args.data / "stand.yaml").read_text(encoding="utf-8"))
    files = sorted((args.data / "projects").glob("*.yaml"))[:args.only or None]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as root:
        main_file = Path(root) / "sheet.typ"
        main_file.write_text(TEMPLATE, encoding="utf-8")
        compiler = typst.Compiler(str(main_file), font_paths=[fonts])
        for path in files:
            project = yaml.safe_load(path.read_text(encoding="utf-8"))
            (Path(root) / "sheet.json").write_text(json.dumps(sheet_data(stand, project), default=str,
                                                              ensure_ascii=False), encoding="utf-8")
            (args.out / f"{path.stem}.pdf").write_bytes(compiler.compile(format="pdf"))
    print(f"{len(files)} sheets in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
