"""Output profiles as data: what print shops ask for, and what an email reader needs."""

from __future__ import annotations

from dataclasses import dataclass, replace

ICC_REGISTRY = "http://www.color.org"  # where the characterized printing conditions below are registered


@dataclass(frozen=True, slots=True)
class OutputCondition:
    """A characterized printing condition registered with the ICC (no profile needs to be embedded)."""

    identifier: str
    condition: str
    info: str


# The print conditions a layout may name (`output_condition`). The writer declares them and preflight
# checks the files against this table, so neither trusts the other's constants.
OUTPUT_CONDITIONS: dict[str, OutputCondition] = {
    "FOGRA39": OutputCondition(
        "FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004)",
        "Offset printing according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, 115 g/m2, "
        "tone value increase curves A (CMY) and B (K); ICC profile ISO Coated v2 (ECI)"),
    "FOGRA51": OutputCondition(
        "FOGRA51", "PSO Coated v3 (FOGRA51)",
        "Offset printing according to ISO 12647-2:2013, OFCOM, paper type 1 or 2 = premium coated, 115 g/m2, "
        "tone value increase curves A (CMY) and A (K), measurement condition M1; ICC profile PSO Coated v3 (ECI)"),
}
PDFX_HEADERS = {"PDF/X-1a:2003": ("%PDF-1.3", "%PDF-1.4")}  # PDF/X-1a:2003 is based on PDF 1.4 (1.3 allowed)


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
    overprint_black: bool = False  # 100 % K text and rules overprint what lies under them (no white gaps on press)
    plain_fonts: bool = False  # embed hint-free copies of the fonts with a short name table (same text, fewer bytes)

    def for_layout(self, output_condition: str) -> Profile:
        """This profile for a layout's print condition; part of the build key, so a change rebuilds."""
        return replace(self, output_condition=output_condition) if self.pdfx else self


PRINT = Profile("print", colour_model="cmyk", bleed=True, links=False, outline=False, crop_marks=None, compress=True,
                pad_pages=True, pdfx="PDF/X-1a:2003", overprint_black=True)
SCREEN = Profile("screen", colour_model="rgb", bleed=False, links=True, outline=True, crop_marks=False, compress=True,
                 pad_pages=False, tagged=True, plain_fonts=True)

PROFILES: dict[str, Profile] = {profile.name: profile for profile in (PRINT, SCREEN)}


def select_profiles(choice: str) -> tuple[Profile, ...]:
    """`all` or one profile name, in a stable order."""
    return tuple(PROFILES.values()) if choice == "all" else (PROFILES[choice],)
