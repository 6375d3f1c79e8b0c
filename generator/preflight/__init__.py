"""Preflight stage: the built PDFs (output/manifest.json) → a per-document report of print, screen, QR, PDF/X checks.

A reader of built files: it reads output/, never the plans. The checks load their readers (pypdf,
pypdfium2, zxing-cpp) only when a preflight runs.
"""
