"""Entry point for `python -m generator`."""

from generator.cli import run

if __name__ == "__main__":  # a spawned worker imports this module as __mp_main__ and must not build again
    run()
