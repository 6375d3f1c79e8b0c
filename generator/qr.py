"""QR stage: turns a URL string into a QrMatrix of dark modules (pure data, no drawing)."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import qrcode
import qrcode.base
import qrcode.constants
import qrcode.exceptions
import qrcode.util

# Readers need a light margin of 4 modules (ISO/IEC 18004); the matrix excludes it
# so the renderer decides how it is painted (bleed, background), but must leave it.
QUIET_ZONE_MODULES = 4



def bare_url(url: str) -> str:
    """A QR code's url as people write and read it: no scheme, no 'www.', no trailing slash."""
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")


ERROR_CORRECTION_LEVELS: dict[str, int] = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}

Rect = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class QrMatrix:
    """A QR symbol without quiet zone: dark[y][x] is True for a dark module."""

    size: int
    dark: tuple[tuple[bool, ...], ...]
    version: int
    error_correction: str
    mask: int

    def rects(self) -> tuple[Rect, ...]:
        """Dark modules as (x, y, w, h) rectangles in modules, see merge_rects."""
        return merge_rects(self)


# Bounded by what the stand-wide documents of a large stand need (one code per project, 256 projects),
# not by a whole build: a code's rectangles take ~25 KB and its matrix ~13 KB (tracemalloc), so 1,024 of
# each held ~38 MB in every worker of a build of thousands of sheets, which never meet a code twice.
QR_CACHE = 256


@functools.lru_cache(maxsize=QR_CACHE)
def merge_rects(matrix: QrMatrix) -> tuple[Rect, ...]:
    """Cover exactly the dark modules with non-overlapping (x, y, w, h) rectangles.

    Each row is cut into horizontal runs; a run continues the rectangle above it
    when the row above had a run with the same x and w. Fewer rectangles mean a
    smaller PDF and no hairline seams between touching modules in some viewers.
    """
    open_rects: dict[tuple[int, int], int] = {}  # (x, w) -> first row
    done: list[Rect] = []
    for y in range(matrix.size + 1):
        runs = _row_runs(matrix.dark[y]) if y < matrix.size else ()
        current = set(runs)
        for (x, w), y0 in tuple(open_rects.items()):
            if (x, w) not in current:
                done.append((x, y0, w, y - y0))
                del open_rects[(x, w)]
        for run in runs:
            open_rects.setdefault(run, y)
    return tuple(sorted(done, key=lambda r: (r[1], r[0])))


def _row_runs(row: tuple[bool, ...]) -> tuple[tuple[int, int], ...]:
    """(x, w) of each maximal run of dark modules in a row."""
    bits = "".join("1" if d else "0" for d in row)
    return tuple((m.start(), m.end() - m.start()) for m in re.finditer("1+", bits))


@functools.lru_cache(maxsize=QR_CACHE)
def encode_qr(url: str, error_correction: str = "M") -> QrMatrix:
    """Encode the UTF-8 bytes of url in the smallest version with the best mask.

    Raises ValueError for an unknown level or a url too long for version 40.

    Mask choice uses qrcode's own penalty score (same result as QRCode.make), but
    scores all eight masks on bit rows instead of qrcode's per-module loops, which
    took most of the ~4.5 ms per code. The chosen mask's rows are the symbol, with its
    format information set: qrcode lays the data out once, not again for the mask.
    """
    if error_correction not in ERROR_CORRECTION_LEVELS:
        raise ValueError(f"unknown error correction level {error_correction!r}")
    code = _new_code(url, error_correction)
    bits = _fit(code)
    if bits is None:
        raise ValueError(f"url too long for a QR code at level {error_correction}")
    code.data_cache = _codewords(code, bits)  # what makeImpl would compute with qrcode's create_data, sooner
    mask, rows = _best_mask(code)
    # The scored layout left the format (and version) information light; the chosen mask's bits go in.
    symbol = tuple(row | info for row, info in zip(rows, _info_rows(code.version, code.error_correction, mask)))
    return _from_rows(symbol, code.version, error_correction, mask)


def encode_qr_reference(url: str, error_correction: str = "M") -> QrMatrix:
    """Encode the way qrcode's make(fit=True) does; tests compare encode_qr with it."""
    code = _new_code(url, error_correction)
    code.best_fit()
    mask = code.best_mask_pattern()
    code.makeImpl(False, mask)
    return _to_matrix(code, error_correction, mask)


def _new_code(url: str, error_correction: str) -> qrcode.QRCode:
    level = ERROR_CORRECTION_LEVELS[error_correction]
    code = qrcode.QRCode(border=0, error_correction=level)
    code.add_data(url.encode("utf-8"))
    return code


def _to_matrix(code: qrcode.QRCode, error_correction: str, mask: int) -> QrMatrix:
    dark = tuple(tuple(bool(m) for m in row) for row in code.modules)
    return QrMatrix(len(dark), dark, code.version, error_correction, mask)


def _row_ints(modules: list[list[bool]]) -> tuple[int, ...]:
    """Rows as integers, column 0 in the highest bit."""
    return tuple(int("".join("1" if m else "0" for m in row), 2) for row in modules)


def _fit(code: qrcode.QRCode) -> str | None:
    """Set the smallest version the data fits, as qrcode's best_fit does, and return the data's bits at it;
    None when not even version 40 holds them."""
    version = 1
    while True:
        sizes = qrcode.util.mode_sizes_for_version(version)
        buffer = _Bits()
        for data in code.data_list:
            buffer.put(data.mode, 4)
            buffer.put(len(data), sizes[data.mode])
            data.write(buffer)
        bits = "".join(buffer.parts)
        found = bisect.bisect_left(qrcode.util.BIT_LIMIT_TABLE[code.error_correction], len(bits), version)
        if found > 40:
            return None
        if qrcode.util.mode_sizes_for_version(found) is sizes:  # the counts' widths are those of this version
            code.version = found
            return bits
        version = found


def _codewords(code: qrcode.QRCode, bits: str) -> list[int]:
    """The symbol's codewords from the data's bits, as qrcode.util.create_data makes them: with terminator and padding,
    split into blocks, each followed by its Reed-Solomon error correction, interleaved. qrcode divides
    polynomials recursively (most of the time of a code); here each block's remainder is computed by the usual
    shift register over the same log and exp tables and generator polynomials. Tests compare whole symbols with
    qrcode's own for every version and level."""
    blocks = qrcode.base.rs_blocks(code.version, code.error_correction)
    limit = sum(block.data_count * 8 for block in blocks)
    if len(bits) > limit:
        raise qrcode.exceptions.DataOverflowError(f"{len(bits)} bits > {limit}")
    bits += "0" * min(limit - len(bits), 4)  # terminator
    bits += "0" * (-len(bits) % 8)
    pads = (f"{qrcode.util.PAD0:08b}", f"{qrcode.util.PAD1:08b}")
    bits += "".join(pads[index % 2] for index in range((limit - len(bits)) // 8))
    codewords = [int(bits[at:at + 8], 2) for at in range(0, len(bits), 8)]
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        words = codewords[offset:offset + block.data_count]
        offset += block.data_count
        data_blocks.append(words)
        ec_blocks.append(_remainder(words, block.total_count - block.data_count))
    return [*_interleaved(data_blocks), *_interleaved(ec_blocks)]


class _Bits:
    """What qrcode's QRData.write needs of a bit buffer (`put`), keeping the bits as text: qrcode's BitBuffer
    appends them one call at a time."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def put(self, number: int, length: int) -> None:
        self.parts.append(format(number, f"0{length}b"))


def _remainder(words: list[int], count: int) -> list[int]:
    """The `count` error correction codewords of a block: its remainder modulo the generator polynomial."""
    exp, log = qrcode.base.EXP_TABLE, qrcode.base.LOG_TABLE
    generator = _generator_logs(count)
    remainder = [0] * count
    for word in words:
        factor = word ^ remainder[0]
        remainder = remainder[1:] + [0]
        if factor:
            shift = log[factor]
            remainder = [r ^ exp[(shift + g) % 255] for r, g in zip(remainder, generator)]
    return remainder


@functools.lru_cache(maxsize=64)
def _generator_logs(count: int) -> tuple[int, ...]:
    """The logs of the generator polynomial's coefficients after the leading 1 (qrcode's own polynomial)."""
    polynomial = qrcode.base.Polynomial([1], 0)
    for index in range(count):
        polynomial = polynomial * qrcode.base.Polynomial([1, qrcode.base.gexp(index)], 0)
    return tuple(qrcode.base.LOG_TABLE[coefficient] for coefficient in list(polynomial)[1:])


def _interleaved(blocks: list[list[int]]) -> list[int]:
    return [block[i] for i in range(max(map(len, blocks))) for block in blocks if i < len(block)]


def _best_mask(code: qrcode.QRCode) -> tuple[int, tuple[int, ...]]:
    """The mask qrcode's best_mask_pattern() would pick, scored on bit rows, and the rows under it.

    Like qrcode, score with format and version areas left light (test=True);
    those modules are the same under every mask, so one layout serves all eight.
    """
    code.makeImpl(True, 0)
    n = code.modules_count
    masks = _mask_rows(code.version)
    # XOR with mask 0 undoes it on data modules, leaving the raw codeword bits.
    raw = tuple(r ^ m for r, m in zip(_row_ints(code.modules), masks[0]))
    masked = [tuple(r ^ m for r, m in zip(raw, masks[i])) for i in range(8)]
    scores = [_penalty(rows, n) for rows in masked]
    # min() keeps the first of equal scores, as qrcode does.
    best = min(range(8), key=scores.__getitem__)
    return best, masked[best]


@functools.lru_cache(maxsize=256)
def _info_rows(version: int, level: int, mask: int) -> tuple[int, ...]:
    """Per row, the dark modules of the format information (and version information, from version 7) and the
    fixed dark module: what qrcode's makeImpl(False, mask) sets where makeImpl(True, …) left them light."""
    code = qrcode.QRCode(version=version, error_correction=level, border=0)
    n = code.modules_count = version * 4 + 17
    code.modules = [[None] * n for _ in range(n)]
    code.setup_type_info(False, mask)
    if version >= 7:
        code.setup_type_number(False)
    return _row_ints([[module is True for module in row] for row in code.modules])


def _from_rows(rows: tuple[int, ...], version: int, error_correction: str, mask: int) -> QrMatrix:
    n = len(rows)
    dark = tuple(tuple(bit == "1" for bit in format(row, f"0{n}b")) for row in rows)
    return QrMatrix(n, dark, version, error_correction, mask)


@functools.lru_cache(maxsize=40)
def _mask_rows(version: int) -> tuple[tuple[int, ...], ...]:
    """Per mask, per row: bits where the mask flips a data module."""
    data = _data_modules(version)
    n = len(data)
    rows = []
    for mask in range(8):
        flips = qrcode.util.mask_func(mask)
        grid = [[data[i][j] and flips(i, j) for j in range(n)] for i in range(n)]
        rows.append(_row_ints(grid))
    return tuple(rows)


def _data_modules(version: int) -> tuple[tuple[bool, ...], ...]:
    """True where a module carries data, i.e. is not reserved for a function pattern."""
    code = qrcode.QRCode(version=version, border=0)
    n = code.modules_count = version * 4 + 17
    code.modules = [[None] * n for _ in range(n)]
    # The same reservation steps as QRCode.makeImpl, without filling in data.
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(n - 7, 0)
    code.setup_position_probe_pattern(0, n - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    return tuple(tuple(m is None for m in row) for row in code.modules)


_LONG_RUN = re.compile(r"0{5,}|1{5,}")
# Neither pattern overlaps itself, so str.count finds every occurrence.
_FINDER_LIKE = ("10111010000", "00001011101")


def _penalty(rows: tuple[int, ...], n: int) -> int:
    """qrcode.util.lost_point on bit rows: the four ISO/IEC 18004 penalty rules."""
    row_bits = [format(r, f"0{n}b") for r in rows]
    # One text of all rows and columns: the newlines stop runs and patterns from
    # spanning two lines, and one scan per rule beats 2n small ones.
    lines = "\n".join(row_bits + ["".join(col) for col in zip(*row_bits)])
    long_runs = _LONG_RUN.findall(lines)
    runs = sum(map(len, long_runs)) - 2 * len(long_runs)
    finders = 40 * sum(lines.count(pattern) for pattern in _FINDER_LIKE)
    pair_mask = (1 << (n - 1)) - 1
    blocks = 0
    for upper, lower in zip(rows, rows[1:]):
        same = ~(upper ^ lower)
        blocks += (same & (same >> 1) & ~(upper ^ (upper >> 1)) & pair_mask).bit_count()
    dark = sum(r.bit_count() for r in rows)
    # Same float expression as qrcode, so rounding at the 5 % steps agrees.
    balance = int(abs(float(dark) / (n**2) * 100 - 50) / 5) * 10
    return runs + 3 * blocks + finders + balance
