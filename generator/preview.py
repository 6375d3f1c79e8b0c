"""Preview: the built PDFs → page thumbnails (pypdfium2) and output/index.html to review before printing.

Reads only the manifest and the PDFs it lists; thumbnails of unchanged documents are
kept. The page marks what the last build changed or removed.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import pypdfium2

from generator.messages import language, msg, register
from generator.output import (MANIFEST, Document, read_json_state, read_manifest, write_atomic,
                              write_json_state)

register({
    "preview.no-build": ("noch nichts erstellt, also keine Vorschau", "no build to preview"),
    "preview.no-build.hint": ("zuerst 'standgen build' ausführen", "run 'standgen build' first"),
    "preview.summary": ("{count} Dokumente · {changed} beim letzten Lauf neu erstellt",
                        "{count} documents · {changed} made by the last build"),
    "preview.removed": ("Entfernt", "Removed"),
    "preview.page-alt": ("Seite {page}", "Page {page}"),
    "preview.qr-page": ("S. {page}", "p. {page}"),
    "preview.changed": ("geändert", "changed"),
    "preview.profile": ("Profil", "Profile"),
    "preview.kind": ("Art", "Kind"),
    "preview.pages": ("Seiten", "Pages"),
    "preview.format": ("Format", "Size"),
    "preview.trim": ("{trim} mm, Beschnitt {bleed} mm", "{trim} mm, bleed {bleed} mm"),
    "preview.bytes": ("Größe", "File size"),
    "preview.title": ("standgen – Vorschau", "standgen – preview"),
    "preview.heading": ("Vorschau der Standmaterialien", "Preview of the stand materials"),
})

THUMB_WIDTH_PX = 220
PREVIEW_DIR = "previews"
STATE = "previews.json"


def make_preview(out_dir: Path) -> Path:
    """Write thumbnails and index.html; return the index's path."""
    documents = read_manifest(out_dir)
    if not documents:
        from generator.diag import Diagnostic, Problems
        raise Problems([Diagnostic(str(out_dir / MANIFEST), msg("preview.no-build"), msg("preview.no-build.hint"))])
    known = read_json_state(out_dir, STATE)
    thumbs: dict[str, list[str]] = {}
    for path, document in sorted(documents.items()):
        listed = known.get(path, {})
        if listed.get("sha256") == document.sha256 and all((out_dir / t).is_file() for t in listed.get("thumbs", ())):
            thumbs[path] = list(listed["thumbs"])
        else:
            thumbs[path] = _thumbnails(out_dir, document)
    write_json_state(out_dir, STATE, {p: {"sha256": documents[p].sha256, "thumbs": t} for p, t in thumbs.items()})
    last = read_json_state(out_dir, "last-build.json")
    marked = [m for m in last.get("to_verify", ()) if isinstance(m, dict)]
    page = _index(documents, thumbs, out_dir, set(last.get("built", ())), list(last.get("removed", ())), marked)
    write_atomic(out_dir / "index.html", page.encode("utf-8"))
    return out_dir / "index.html"


def _thumbnails(out_dir: Path, document: Document) -> list[str]:
    pdf = pypdfium2.PdfDocument(str(out_dir / document.path))
    try:
        names = []
        for index, page in enumerate(pdf):
            scale = THUMB_WIDTH_PX / page.get_width()
            image = page.render(scale=scale).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            name = f"{PREVIEW_DIR}/{document.path.removesuffix('.pdf')}-{index + 1}.png"
            write_atomic(out_dir / name, buffer.getvalue())
            names.append(name)
        return names
    finally:
        pdf.close()


def _index(documents: dict[str, Document], thumbs: dict[str, list[str]], out_dir: Path, built: set[str],
           removed: list[str], marked: list[dict[str, str]]) -> str:
    to_verify = {str(m.get("value")): str(m.get("note") or "") for m in marked}
    cards = "\n".join(_card(documents[path], thumbs[path], out_dir, path in built, to_verify)
                      for path in sorted(documents))
    gone = "".join(f"<li>{html.escape(p)}</li>" for p in removed)
    changed = len([p for p in documents if p in built])
    summary = msg("preview.summary", count=len(documents), changed=changed)
    removed_list = f"<section class='removed'><h2>{msg('preview.removed')}</h2><ul>{gone}</ul></section>"
    return _PAGE.format(summary=html.escape(summary), cards=cards, removed=removed_list if gone else "",
                        lang=language(), title=html.escape(msg("preview.title")), verify=_to_verify(marked),
                        heading=html.escape(msg("preview.heading")))


def _to_verify(marked: list[dict[str, str]]) -> str:
    """Values marked '# to verify' in the data, above the cards: a person checks them before printing."""
    if not marked:
        return ""
    items = "".join(f"<li><code>{html.escape(str(m.get('where')))}</code> {html.escape(str(m.get('label')))}: "
                    f"{html.escape(str(m.get('value')))} <em>{html.escape(str(m.get('note') or ''))}</em></li>"
                    for m in marked)
    return f"<section class='verify'><h2>Vor dem Druck prüfen</h2><ul>{items}</ul></section>"


def _card(document: Document, thumbs: list[str], out_dir: Path, changed: bool, to_verify: dict[str, str]) -> str:
    size = (out_dir / document.path).stat().st_size
    images = "".join(f'<img src="{html.escape(t)}" alt="{msg("preview.page-alt", page=i + 1)}" loading="lazy">'
                     for i, t in enumerate(thumbs))
    codes = "".join(f'<li>{msg("preview.qr-page", page=q.page)}: '
                    f'<a href="{html.escape(q.url)}">{html.escape(q.url)}</a>'
                    f'{_verify_badge(to_verify[q.url]) if q.url in to_verify else ""}</li>' for q in document.qr)
    trim = " × ".join(f"{v:g}" for v in document.trim_mm)
    badge = f'<span class="badge">{msg("preview.changed")}</span>' if changed else ""
    if any(q.url in to_verify for q in document.qr):
        badge += '<span class="badge verify">URL prüfen</span>'
    trim_text = msg("preview.trim", trim=trim, bleed=f"{document.bleed_mm:g}")
    return f"""<article class="card{' changed' if changed else ''}">
  <h3><a href="{html.escape(document.path)}">{html.escape(document.path)}</a>{badge}</h3>
  <div class="thumbs">{images}</div>
  <dl><dt>{msg("preview.profile")}</dt><dd>{document.profile}</dd><dt>{msg("preview.kind")}</dt><dd>{document.kind}</dd>
  <dt>{msg("preview.pages")}</dt><dd>{document.pages}</dd><dt>{msg("preview.format")}</dt><dd>{trim_text}</dd>
  <dt>{msg("preview.bytes")}</dt><dd>{size / 1024:.0f} KB</dd></dl>
  <ul class="qr">{codes}</ul>
</article>"""


def _verify_badge(note: str) -> str:
    return f' <span class="badge verify" title="{html.escape(note)}">zu prüfen</span>'


_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; background: #f4f1ec; color: #1a1a1a; }}
header {{ background: #1b4d7a; color: #fff; padding: 1.2rem 2rem; }}
header p {{ margin: .3rem 0 0; color: #fcf1e0; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1.2rem; padding: 1.5rem 2rem; }}
.card {{ background: #fff; border-radius: 6px; padding: 1rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }}
.card.changed {{ outline: 3px solid #f39200; }}
.card h3 {{ font-size: .95rem; margin: 0 0 .6rem; word-break: break-all; }}
.badge {{ background: #f39200; color: #1a1a1a; font-size: .7rem; padding: .1rem .4rem; border-radius: 3px; margin-left: .5rem; }}
.thumbs {{ display: flex; gap: .4rem; overflow-x: auto; }}
.thumbs img {{ height: 160px; border: 1px solid #ddd; }}
dl {{ display: grid; grid-template-columns: auto 1fr; gap: .15rem .8rem; font-size: .85rem; }}
dt {{ color: #575757; }} dd {{ margin: 0; }}
.qr {{ font-size: .8rem; padding-left: 1.1rem; word-break: break-all; }}
.removed {{ padding: 0 2rem 2rem; }}
.badge.verify {{ background: #a00000; color: #fff; }}
.verify {{ padding: 1rem 2rem 0; color: #a00000; }}
</style></head>
<body><header><h1>{heading}</h1><p>{summary}</p></header>
{verify}
<main>
{cards}
</main>
{removed}
</body></html>
"""
