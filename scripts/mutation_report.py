"""Print mutmut's results per module: ``python scripts/mutation_report.py [--survivors]``.

Run from the project root after ``mutmut run`` (``make mutation``). mutmut 3 keeps one
``mutants/<module>.py.meta`` per mutated module with each mutant's exit code; this reads
them and prints, for each module, killed / total (the score), the survivors, the mutants no
selected test reaches, and timeouts. ``--survivors`` lists each surviving mutant's name (show
one with ``mutmut show <name>``). Exits 0 whatever the score: the score is for reading, and
docs/testing.md says which survivors are equivalent.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

# mutmut.stats.status_by_exit_code, for the codes a run leaves behind.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", None: "not checked",
          34: "skipped", 36: "timeout", 37: "caught by type check", 24: "timeout", -24: "timeout",
          152: "timeout", 255: "timeout"}


def main(argv: list[str]) -> int:
    """Print the table (and with ``--survivors`` the surviving mutants' names)."""
    metas = sorted(Path("mutants").rglob("*.py.meta"))
    if not metas:
        print("no mutmut results under mutants/: run `make mutation` first", file=sys.stderr)
        return 1
    survivors: list[str] = []
    print(f"{'module':32} {'killed/total':>13} {'score':>6} {'survived':>8} {'no tests':>8} {'timeout':>7}")
    for meta in metas:
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if not codes:
            continue
        statuses = Counter(STATUS.get(code, "suspicious") for code in codes.values())
        module = str(meta.relative_to("mutants")).removesuffix(".meta")
        total = len(codes)
        killed = statuses["killed"] + statuses["caught by type check"] + statuses["timeout"]
        print(f"{module:32} {f'{killed}/{total}':>13} {100 * killed / total:5.1f}% {statuses['survived']:8} "
              f"{statuses['no tests']:8} {statuses['timeout']:7}")
        if statuses["not checked"]:
            print(f"{'':32} ({statuses['not checked']} not checked yet)")
        survivors += sorted(name for name, code in codes.items() if STATUS.get(code) in ("survived", "no tests"))
    if "--survivors" in argv:
        print("\nsurviving mutants (and mutants no selected test reaches):")
        print("\n".join(f"  {name}" for name in survivors) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
