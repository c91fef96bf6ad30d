"""Batch workers end with their parent: `kill -9` of `grade batch` leaves no worker, tracker or grading behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from proctree import DEADLINE
from proctree import Tree
from proctree import alive
from proctree import commands
from proctree import kill_all
from proctree import start_batch
from proctree import wait_for

from grader.batch import lifeline

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")


@pytest.mark.timeout(300)
def test_kill_9_of_the_batch_takes_its_workers_tracker_and_gradings_with_it(tmp_path: Path) -> None:
    batch = start_batch(tmp_path)
    tree = Tree(batch)
    members: dict[int, str] = {}
    try:
        # The pool starts its workers as jobs arrive: on a loaded machine the first grading can start before
        # the second worker exists.
        def ready() -> bool:
            workers = sum("multiprocessing.spawn" in c for c in commands(tree.members()))
            return bool(tree.grading()) and workers == 2

        wait_for(lambda: ready() or batch.poll() is not None, "a grading to start in both workers' pool")
        assert batch.poll() is None, "the batch ended before it could be killed"
        members = tree.members()
        started = commands(members)
        assert sum("multiprocessing.spawn" in c for c in started) == 2, started
        assert any("resource_tracker" in c for c in started), started
        assert any("pytest" in c for c in started), started
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait()
        wait_for(lambda: not alive(members), f"{commands(alive(members))} to end")
    finally:
        if batch.poll() is None:
            batch.kill()
        batch.wait()
        kill_all(members | tree.members())
        assert batch.stderr is not None
        batch.stderr.close()


def test_a_worker_whose_parent_is_already_gone_ends_at_once() -> None:
    """The race where the parent died before the death signal was asked for: `tie` sees another parent."""
    code = "from grader.batch import lifeline; lifeline.tie(1); print('still here')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=DEADLINE, check=False)
    assert (done.returncode, done.stdout) == (lifeline.ORPHANED, "")


def test_a_worker_outlives_the_end_of_the_thread_that_started_it() -> None:
    """Linux sends the death signal when the starting thread ends; with the parent still there it is ignored."""
    script = Path(__file__).parent / "resources" / "lifeline_thread.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=DEADLINE, check=False)
    assert (done.returncode, done.stdout.split()) == (0, ["pong", "1"]), done.stderr
