"""Output profiles as data: what print shops ask for, and what an email reader needs."""

from __future__ import annotations

from dataclasses import dataclass


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


PRINT = Profile("print", colour_model="cmyk", bleed=True, links=False, outline=False, crop_marks=None, compress=True,
                pad_pages=True)
SCREEN = Profile("screen", colour_model="rgb", bleed=False, links=True, outline=True, crop_marks=False, compress=True,
                 pad_pages=False)

PROFILES: dict[str, Profile] = {profile.name: profile for profile in (PRINT, SCREEN)}


def select_profiles(choice: str) -> tuple[Profile, ...]:
    """`all` or one profile name, in a stable order."""
    return tuple(PROFILES.values()) if choice == "all" else (PROFILES[choice],)
