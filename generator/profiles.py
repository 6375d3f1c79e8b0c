"""Output profiles as data: what print shops ask for, and what an email reader needs."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    colour_model: str        # "cmyk" or "rgb": which half of every Ink is used
    bleed: bool              # page = trim + bleed, boxes set; otherwise trim only
    links: bool              # link annotations on QR codes and URLs
    outline: bool            # document outline (bookmarks)
    crop_marks: bool | None  # None: as the layout says
    compress: bool
    pad_pages: bool          # pad to the plan's page multiple with blank pages (for binding)
    pdfx: str | None = None  # the PDF/X version the file declares, e.g. "PDF/X-1a:2003"
    output_condition: str = "FOGRA39"  # the registered print condition a PDF/X file names (layout key)
    tagged: bool = False     # tagged PDF/UA-1: structure tree in reading order, artifacts, XMP, alt texts
    plain_fonts: bool = False  # embed hint-free copies of the fonts with a short name table (same text, fewer bytes)

    def for_layout(self, output_condition: str) -> Profile:
        """This profile for a layout's print condition; part of the build key, so a change rebuilds."""
        return replace(self, output_condition=output_condition) if self.pdfx else self


PRINT = Profile("print", colour_model="cmyk", bleed=True, links=False, outline=False, crop_marks=None, compress=True,
                pad_pages=True, pdfx="PDF/X-1a:2003")
SCREEN = Profile("screen", colour_model="rgb", bleed=False, links=True, outline=True, crop_marks=False, compress=True,
                 pad_pages=False, tagged=True, plain_fonts=True)

PROFILES: dict[str, Profile] = {profile.name: profile for profile in (PRINT, SCREEN)}


def select_profiles(choice: str) -> tuple[Profile, ...]:
    """`all` or one profile name, in a stable order."""
    return tuple(PROFILES.values()) if choice == "all" else (PROFILES[choice],)
