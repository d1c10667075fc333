"""Short form of the crash harness: 20 SIGKILLs of a writing process, nothing committed is lost."""

from __future__ import annotations

import sys

import pytest

from benchmarks.crash_harness import run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def test_twenty_kills_lose_no_committed_edit(tmp_path):
    report = run(kills=20, seed=7, workdir=tmp_path)
    assert report.kills == 20
    assert report.committed > 20  # the child really was writing when killed
    assert report.lost == 0
    assert report.integrity_failures == 0
    assert report.reopen_failures == 0
