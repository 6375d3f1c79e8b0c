"""Entry point for `python -m generator`."""

import sys

from generator.cli import main

if __name__ == "__main__":  # a spawned worker imports this module as __mp_main__ and must not build again
    sys.exit(main())
