"""Preflight stage: the built PDFs (output/manifest.json) → a per-document report of print, screen, QR, PDF/X checks.

Kept import-light: the layouts stage uses `legibility` at load time; the checks load their
readers (pypdf, pypdfium2, zxing-cpp) only when a preflight runs.
"""
