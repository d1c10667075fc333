"""Child process of the crash harness: applies edits to a department file forever and reports
each one on stdout only after `Ledger.apply` has returned (i.e. after the commit).

    python -m benchmarks.crash_child FILE START
"""

from __future__ import annotations

import dataclasses
import sys

from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import Change, ExpenditureLine


def main() -> None:
    path, start = sys.argv[1], int(sys.argv[2])
    ledger = Ledger(DepartmentFile.open(path))
    ledger.prepare_writes()  # SQLAlchemy imported now, not at the first edit after "ready"
    print("ready", flush=True)
    n = start
    while True:
        lines = list(ledger.expenditure_lines.values())
        if n % 3 == 2 and lines:
            # an update of an earlier line: its new amount must survive too
            old = lines[n % len(lines)]
            note = f"{old.note},edit-{n}"  # keeps the tags of earlier edits of this line
            new = dataclasses.replace(old, amount=old.amount + 1, note=note)
            ledger.apply([Change(old, new)])
        else:
            line = ExpenditureLine(
                None,
                "030001",
                "2060101",
                "30201",
                "gp_appropriation",
                "operating",
                "",
                n,
                f"edit-{n}",
            )
            # A two-line batch; the second line differs by its note (identical lines are refused).
            twin = dataclasses.replace(line, note=f"edit-{n},second")
            ledger.apply([Change(None, line), Change(None, twin)])
        print(f"committed {n}", flush=True)
        n += 1


if __name__ == "__main__":
    main()
