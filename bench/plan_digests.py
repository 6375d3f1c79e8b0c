"""Plan digests and keys of every document of a stand, one line each, and the compose time on stderr:

    python bench/plan_digests.py DATA LAYOUTS > before.txt   # then again after a change; diff the two
"""
import sys, time
from pathlib import Path
from generator.pipeline import check
from generator.profiles import PROFILES
t = time.perf_counter()
checked = check(Path(sys.argv[1]), Path(sys.argv[2]), tuple(PROFILES.values()))
el = time.perf_counter() - t
for p in checked.pending:
    print(p.path, checked.plans[p.job.name].digest(), p.key)
for w in checked.warnings:
    print("W", w)
print(f"{el:.2f}", file=sys.stderr)
