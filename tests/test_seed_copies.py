"""The published seed texts the tests compare against are in the repository, unchanged."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def test_each_seed_copy_matches_the_checksum_in_its_provenance_note():
    note = (SEEDS / "PROVENANCE.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"\| `(\d{3}_[0-9a-f]{16}\.txt)` \|.*\| `([0-9a-f]{64})` \|", note))
    present = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert (
        sorted(listed)
        == present
        == [
            "000_afe0d350365080c7.txt",
            "001_cc015541e5a0f6ec.txt",
            "002_6808878cfb96c349.txt",
            "003_260f60713769a9c5.txt",
        ]
    )
    for name, digest in listed.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_no_test_reads_outside_the_repository():
    """No test names the shared reference folder beside the checkout (a fresh clone lacks it)."""
    tests = Path(__file__).resolve().parent
    offenders = [
        str(p.relative_to(tests))
        for p in tests.rglob("*.py")
        if p.name != Path(__file__).name
        and re.search(r'"shared"|/work/shared|\.\./shared', p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
