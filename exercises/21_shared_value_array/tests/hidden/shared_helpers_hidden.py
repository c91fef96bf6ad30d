"""What the tests hand to the learner's code.

* Workers for count_in_processes / tally_in_processes: they run in the children, note their
  pid and what they were given, and update the shared object correctly. They live in a module
  of their own so that `functools.partial(worker, folder)` pickles by name with any start method.
* GuardedValue / GuardedArray: stand-ins for a shared Value / Array, used in the test's own
  process, that record every write not made in the same holding of get_lock() as the read it
  is based on. A missing lock is found on every run, not only when the processes happen to
  collide.
"""

from __future__ import annotations

import linecache
import os
import sys
from pathlib import Path


def _note(folder, shared):
    kind = "shared" if hasattr(shared, "get_lock") else type(shared).__name__
    with open(Path(folder) / "notes.txt", "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()} {kind}\n")


def notes(folder):
    """[(pid, kind)] for every worker that ran."""
    path = Path(folder) / "notes.txt"
    if not path.exists():
        return []
    return [(int(pid), kind) for pid, kind in (line.split() for line in path.read_text().splitlines())]


def add_noting_pid(folder, counter, times):
    """A correct add_times that also notes its pid and whether counter is a shared Value."""
    _note(folder, counter)
    for _ in range(times):
        if hasattr(counter, "get_lock"):
            with counter.get_lock():
                counter.value += 1
        else:
            counter.value += 1  # the learner passed something else: let it fail the way their code would


def count_noting_pid(folder, counts, votes):
    """A correct count_votes that also notes its pid and whether counts is a shared Array."""
    _note(folder, counts)
    for v in votes:
        if hasattr(counts, "get_lock"):
            with counts.get_lock():
                counts[v] += 1
        else:
            counts[v] += 1


class Holding:
    """The lock a guarded value hands out: reentrant like the real one; counts each new holding."""

    def __init__(self):
        self.depth = 0
        self.epoch = 0

    def acquire(self, block=True, timeout=None):
        self.depth += 1
        if self.depth == 1:
            self.epoch += 1
        return True

    def release(self):
        if self.depth == 0:
            raise AssertionError("get_lock().release() was called while the lock was not held.")
        self.depth -= 1

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
        return False


def _where():
    frame = sys._getframe(3)  # the learner's frame: _where <- _check <- property/item method <- learner
    source = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    return f"{frame.f_code.co_name}(), line {frame.f_lineno}: `{source}`"


class _Guarded:
    def __init__(self, name):
        self.name = name
        self.lock = Holding()
        self.problems = []

    def get_lock(self):
        return self.lock

    def acquire(self, *args, **kwargs):
        return self.lock.acquire(*args, **kwargs)

    def release(self):
        self.lock.release()

    def __enter__(self):
        return self.lock.__enter__()

    def __exit__(self, *exc):
        return self.lock.__exit__(*exc)

    def _read_mark(self):
        return self.lock.epoch if self.lock.depth else None

    def _check_write(self, what, read_at):
        if self.lock.depth == 0:
            self.problems.append(
                f"{_where()} wrote {what} without holding {self.name}.get_lock(): another process can write "
                "between your read and this write, and one of the two updates is lost."
            )
        elif read_at != self.lock.epoch:
            self.problems.append(
                f"{_where()} wrote {what} while holding {self.name}.get_lock(), but the value it writes was read "
                "outside that same holding of the lock (or never read), so another process's update made in "
                "between is overwritten. Read and write inside one `with ...get_lock():` block."
            )


class GuardedValue(_Guarded):
    def __init__(self, value, name="counter"):
        super().__init__(name)
        self._value = value
        self._read_at = None

    @property
    def value(self):
        self._read_at = self._read_mark()
        return self._value

    @value.setter
    def value(self, new):
        self._check_write(f"{self.name}.value", self._read_at)
        self._value = new


class GuardedArray(_Guarded):
    def __init__(self, values, name="counts"):
        super().__init__(name)
        self._values = list(values)
        self._read_at = [None] * len(self._values)

    def __len__(self):
        return len(self._values)

    def _indices(self, key):
        if isinstance(key, slice):
            return range(len(self._values))[key]
        return [range(len(self._values))[key]]  # IndexError as for a real Array

    def __getitem__(self, key):
        mark = self._read_mark()
        for i in self._indices(key):
            self._read_at[i] = mark
        return self._values[key]

    def __setitem__(self, key, new):
        for i in self._indices(key):
            self._check_write(f"{self.name}[{i}]", self._read_at[i])
        self._values[key] = new

    def snapshot(self):
        return list(self._values)
