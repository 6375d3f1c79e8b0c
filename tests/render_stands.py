"""Build the 1-, 9-, 24- and 40-project stands of issue 11 and render every page to PNG, for people to look at.

    python tests/render_stands.py OUTDIR [--sizes 1 9 24 40] [--dpi 50] [--profile screen|print] [--jobs 2]

Writes OUTDIR/stand-NN/ (data/, layouts/, output/ as standgen builds them) and
OUTDIR/stand-NN/png/<document>-pPP.png for every page of every PDF of the chosen profile,
plus OUTDIR/index.html that shows them all. A failed build is reported and the next
stand goes on. Not a test: nothing here asserts anything.
"""

from __future__ import annotations

import argparse
import html
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stands  # noqa: E402


def render(pdf: Path, target: Path, dpi: float) -> list[Path]:
    written = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            image = document[index].render(scale=dpi / 72).to_pil()
            path = target / f"{pdf.stem}-p{index + 1:02d}.png"
            image.save(path, optimize=True)
            written.append(path)
    finally:
        document.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 9, 24, 40], choices=sorted(stands.STANDS))
    parser.add_argument("--dpi", type=float, default=50)
    parser.add_argument("--profile", choices=("screen", "print"), default="screen")
    parser.add_argument("--jobs", default="2")
    args = parser.parse_args(argv)
    env = {**os.environ, "STANDGEN_LANG": os.environ.get("STANDGEN_LANG", "en")}
    sections = []
    failed = 0
    for size in args.sizes:
        folder = stands.make_issue_stand(args.outdir / f"stand-{size:02d}", size)
        result = subprocess.run([sys.executable, "-m", "generator", "build", "--jobs", args.jobs, "--quiet"],
                                cwd=folder, capture_output=True, text=True, env=env)
        print(f"stand-{size:02d}: build exit {result.returncode}")
        if result.stderr.strip():
            print("  " + "\n  ".join(result.stderr.strip().splitlines()))
        png = folder / "png"
        png.mkdir(exist_ok=True)
        for old in png.glob("*.png"):
            old.unlink()
        pdfs = sorted((folder / "output" / args.profile).rglob("*.pdf"))
        images = [image for pdf in pdfs for image in render(pdf, png, args.dpi)]
        print(f"  {len(pdfs)} PDFs, {len(images)} pages rendered to {png}")
        failed += result.returncode != 0
        notes = html.escape(result.stderr.strip()) or "no warnings"
        thumbs = "".join(f'<figure><img src="{i.relative_to(args.outdir).as_posix()}" loading="lazy">'
                         f"<figcaption>{html.escape(i.name)}</figcaption></figure>" for i in images)
        sections.append(f"<h2>{size} project{'s' if size != 1 else ''} (build exit {result.returncode})</h2>"
                        f"<pre>{notes}</pre><div>{thumbs}</div>")
    style = ("body{font-family:sans-serif;margin:1em}figure{display:inline-block;margin:4px;vertical-align:top}"
             "img{max-height:360px;border:1px solid #ccc}figcaption{font-size:11px}pre{white-space:pre-wrap}")
    (args.outdir / "index.html").write_text(f"<!doctype html><meta charset=utf-8><title>standgen stands</title>"
                                            f"<style>{style}</style>{''.join(sections)}", encoding="utf-8")
    print(f"see {args.outdir / 'index.html'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
