"""Bench only: `standgen` with the project-number limit (999) lifted, to measure N > 999 as a what-if.

    python bench/lifted.py build --data DIR ...

generator/model.py caps 'number' at 999, so a data set of 1000 or more projects is
rejected. This shim removes that one bound in this process (worker processes are
forked from it and inherit it) and runs the normal command line; nothing else changes.
"""

from __future__ import annotations

import os
import sys

if os.environ.get("STANDGEN_BENCH_ROOT"):  # a commit measured with run.py --commit (see measure.LAUNCH)
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path.insert(0, os.environ["STANDGEN_BENCH_ROOT"])

from generator import model  # noqa: E402
from generator.cli import main  # noqa: E402


def lift_number_limit() -> None:
    kind = next(field.kind for field in model.PROJECT.fields if field.key == "number")
    object.__setattr__(kind, "maximum", None)  # a frozen dataclass: the bench may, the program does not


if __name__ == "__main__":
    lift_number_limit()
    sys.exit(main(sys.argv[1:]))
