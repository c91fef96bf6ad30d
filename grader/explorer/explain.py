"""Learner-facing explanations: the numbered trace, the verdict in the learner's terms, and a hint."""

from __future__ import annotations

import traceback
from typing import Any

from .errors import Violation
from .naming import Namer
from .naming import source
from .scheduler import Failure
from .scheduler import Scheduler
from .tasks import Task
from .tasks import Wait

MAX_TRACE = 15

HINTS = {
    "lost_update": "Hold one Lock around the whole read-modify-write (with lock: ...), in every thread that does it.",
    "deadlock": "Look at what each thread above waits for and who could still give it: every wait needs a "
    "thread left that will release, put or signal what it waits for.",
    "lock_order": "Always acquire these locks in the same order in every thread (or take them together).",
    "timeout": "Don't spin on a shared flag: block on an Event, Condition or queue, and make sure every loop ends.",
    "leaked_thread": "join() every thread you start, and stop workers (sentinel, shutdown, close+join) before "
    "returning.",
    "leaked_process": "join() every Process you start (after telling it to stop: a sentinel, an Event), or "
    "terminate() it and then join() it.",
    "wrong_result": "Follow the steps above: the result depends on how the threads interleaved.",
    "error": "An exception was raised at the line shown; fix it (a thread that dies does not run the rest of "
    "its work).",
    "import_error": "The file must import cleanly: fix the error shown.",
    "over_limit": "More threads were inside at once than allowed: guard the section with a Semaphore of the "
    "right size.",
    "mutual_exclusion": "Two threads were inside the critical section at once: guard it with one shared Lock.",
    "serialized": "The threads never overlapped: hold the lock only around the shared update, not the whole job.",
    "lost_item": "Every item put into the queue must be taken out and processed exactly once.",
}
#: A thread that blocks on a lock it holds itself: no lock order helps there.
SELF_DEADLOCK_HINT = (
    "A threading.Lock cannot be taken again by the thread that holds it: take it once (release it before "
    "calling code that takes it), or make it a threading.RLock if the same thread must re-enter it."
)
ASYNC_HINTS = {
    "deadlock": "Take asyncio locks in one fixed order in every task, and make sure every await has someone left "
    "to complete it (a put() per get(), a set() for every wait()).",
    "leaked_thread": "Await every task you create (await task, gather, TaskGroup), or cancel it and await it, "
    "before returning.",
}
GENERIC_HINT = "Look at the interleaving above: which step should not have been allowed to happen there?"
# A check written by the exercise's author already says what the contract expects.
TEST_HINT = "The check above says what the contract expects; the steps show the interleaving that broke it."

STRATEGY_TEXT = {
    "roundrobin": "round-robin",
    "random": "random walk",
    "pct2": "PCT depth 2",
    "pct3": "PCT depth 3",
    "dfs": "systematic search",
    "replay": "replayed schedule",
}

WAIT_TEXT = {
    "acquire": "waits to acquire {}",
    "get": "waits in {}.get() (the queue is empty)",
    "put": "waits in {}.put() (the queue is full)",
    "qjoin": "waits in {}.join() for task_done() calls",
    "join": "waits for {} to finish (join)",
    "wait": "waits on {}",
    "barrier": "waits at {}",
    "result": "waits for the result of {}",
    "as_completed": "waits for a future to complete",
    "sleep": "sleeps",
    "recv": "waits in {}.recv() (nothing was sent, and the other end is still open)",
    "poll": "waits in {}.poll()",
    "await": "waits at an await that nothing is left to complete",
    "loop": "runs the event loop and waits for a callback",
}


class Explainer:
    """Turns a failed run into the contract's diagnosis dict."""

    def __init__(self, sched: Scheduler, namer: Namer, learner_files: frozenset[str]) -> None:
        self.sched = sched
        self.namer = namer
        self.files = learner_files

    # -- pieces ------------------------------------------------------------------------------------

    def tname(self, task: Task | int) -> str:
        t = self.sched.tasks[task] if isinstance(task, int) else task
        return t.name

    def obj(self, o: Any) -> str:
        if o is None:
            return "?"
        if hasattr(o, "_task") and hasattr(o, "_name"):
            return str(o._name)
        return self.namer.name(o)

    def at(self, where: tuple[str, int] | None) -> str:
        if where is None:
            return ""
        src = source(where)
        if where[0] in self.files:
            return f"line {where[1]}: {src}" if src else f"line {where[1]}"
        return f"test line {where[1]}: {src}"

    def events(self, indices: list[int]) -> tuple[list[str], list[dict[str, Any]]]:
        lines: list[str] = []
        trace: list[dict[str, Any]] = []
        for n, i in enumerate(indices, 1):
            tid, where, event, detail, _key = self.sched.events[i]
            text = detail if isinstance(detail, str) else detail[0].format(self.obj(detail[1]))
            thread = self.tname(tid)
            loc = self.at(where)
            lines.append(f"  {n:>2}. {thread} {text}" + (f"   ({loc})" if loc else ""))
            trace.append(
                {
                    "step": n,
                    "thread": thread,
                    "line": where[1] if where is not None else None,
                    "source": source(where),
                    "event": event,
                    "detail": text,
                }
            )
        return lines, trace

    def recent(self, n: int = MAX_TRACE) -> list[int]:
        total = len(self.sched.events)
        return list(range(max(0, total - n), total))

    def wait_text(self, w: Wait) -> str:
        template = WAIT_TEXT.get(w.op, "waits in " + w.op + " on {}")
        return template.format(self.obj(w.obj))

    def where_lines(self, snapshot: list[dict[str, Any]]) -> list[str]:
        out = []
        for entry in snapshot:
            task, w = entry["task"], entry["wait"]
            if w is not None:
                what = self.wait_text(w)
            elif not entry.get("ran", True):
                what = "was started but has not run yet"
            else:
                what = "is still running"
            loc = self.at(entry["where"])
            held = [self.obj(lk) for lk in entry["held"]]
            hold = f" (holding {', '.join(held)})" if held else ""
            out.append(f"  {task.name} {what}{hold}" + (f", at {loc}" if loc else ""))
        return out

    # -- verdicts ----------------------------------------------------------------------------------

    def diagnose(self, failure: Failure) -> dict[str, Any]:
        kind = failure.kind
        # A test's own Violation carries its message: never explain it with the oracle of the same kind.
        from_test = isinstance(failure.data.get("exc"), Violation)
        method = None if from_test else getattr(self, "_" + kind, None)
        if method is None:
            method = self._violation
        head, lines, trace, extra = method(failure)
        body = [head]
        if lines:
            body.extend(lines)
        diagnosis: dict[str, Any] = {
            "kind": kind,
            "message": "\n".join(body),
            "hint": self._hint(failure, from_test),
            "trace": trace,
        }
        diagnosis.update(extra)
        return diagnosis

    def _lost_update(self, f: Failure) -> Any:
        d = f.data
        key, read, write = d["key"], d["read"], d["write"]
        events = self.sched.events
        reader = events[read][0]
        idx = [i for i in range(read, write + 1) if events[i][4] == key]
        if len(idx) > MAX_TRACE:
            others = [i for i in idx if events[i][0] != reader and events[i][2] == "write"]
            idx = sorted({read, write, *others[-(MAX_TRACE - 2) :]})
        lines, trace = self.events(idx)
        step_of = {i: n for n, i in enumerate(idx, 1)}
        lost = [i for i in idx if events[i][0] != reader and events[i][2] == "write"]
        label = d["label"]
        r_name = self.tname(reader)
        lines[-1] = lines[-1].replace("   (", ", computed from the stale value it read in step 1   (", 1)
        trace[-1]["detail"] += " (computed from a stale read)"
        writers: dict[int, list[int]] = {}
        for i in lost:
            writers.setdefault(events[i][0], []).append(step_of[i])
        who = "; ".join(
            f"{self.tname(tid)} in step{'s' if len(steps) > 1 else ''} {_enum(steps)}" for tid, steps in writers.items()
        )
        what = "a shared global variable" if isinstance(key[0], str) else "an attribute shared by the threads"
        head = f"LOST UPDATE on {label} ({what}):"
        lines.append(
            f"  -> the write{'s' if len(lost) > 1 else ''} made by {who} {'are' if len(lost) > 1 else 'is'} lost: "
            f"{r_name} read {label} before {'them' if len(lost) > 1 else 'it'} and wrote after, as if "
            f"{'they' if len(lost) > 1 else 'it'} never happened (even if the final value looks right)."
        )
        return head, lines, trace, {}

    def _lock_wait(self, w: Wait | None) -> Any:
        if w is None or w.op != "acquire" or not hasattr(w.obj, "_owner"):
            return None
        return w.obj

    def _hint(self, failure: Failure, from_test: bool) -> str:
        exc = failure.data.get("exc")
        if from_test or (failure.kind == "wrong_result" and isinstance(exc, AssertionError)):
            own = getattr(exc, "hint", None)
            return own if isinstance(own, str) and own else TEST_HINT
        return HINTS.get(failure.kind, GENERIC_HINT)

    def _starved_semaphores(self, snap: list[dict[str, Any]]) -> list[str]:
        """Name the slots of a semaphore that threads which already finished took and never gave back."""
        live = {e["task"] for e in snap}
        lines: list[str] = []
        seen: set[int] = set()
        for e in snap:
            w = e["wait"]
            takers = getattr(w.obj, "_takers", None) if w is not None and w.op == "acquire" else None
            if takers is None or id(w.obj) in seen:
                continue
            seen.add(id(w.obj))
            gone = [t.name for t in takers if t not in live]
            if gone:
                lines.append(
                    f"  {self.obj(w.obj)} has no free slot: {_enum(gone)} took one and finished without "
                    f"releasing it. Release in a finally: (or use with) so that an exception cannot keep a slot."
                )
        return lines

    def _deadlock(self, f: Failure) -> Any:
        snap = f.snapshot
        by_task = {e["task"]: e for e in snap}
        # follow waiter -> owner edges to find a cycle of lock waits
        cycle: list[dict[str, Any]] = []
        for start in snap:
            path: list[dict[str, Any]] = []
            cur: dict[str, Any] | None = start
            while cur is not None and cur not in path:
                path.append(cur)
                lock = self._lock_wait(cur["wait"])
                owner = cur["owner"] if lock is not None else None
                cur = by_task.get(owner) if owner is not None else None
            if cur is not None:
                cycle = path[path.index(cur) :]
                break
        lines: list[str] = []
        waits: list[dict[str, Any]] = []
        in_cycle = {id(e) for e in cycle}
        for entry in cycle + [e for e in snap if id(e) not in in_cycle]:
            task, w = entry["task"], entry["wait"]
            held = [self.obj(lk) for lk in entry["held"]]
            loc = self.at(entry["where"])
            lock = self._lock_wait(w)
            item: dict[str, Any] = {
                "thread": task.name,
                "holds": held,
                "line": entry["where"][1] if entry["where"] else None,
                "source": source(entry["where"]),
            }
            if lock is not None:
                owner = entry["owner"]
                lname = self.obj(lock)
                item.update({"waits_for": lname, "held_by": owner.name if owner is not None else None})
                if owner is task:
                    aliases = self.namer.aliases(lock)
                    same = f" ({' and '.join(aliases)} are one and the same lock)" if len(aliases) > 1 else ""
                    lines.append(
                        f"  {task.name} already holds {lname}{same} and tries to acquire it again, at {loc}"
                        f" -- a Lock is not reentrant: use RLock, or don't take it twice"
                    )
                else:
                    hold = f"holds {', '.join(held)} and " if held else ""
                    by = f" (held by {owner.name})" if owner is not None else ""
                    lines.append(f"  {task.name} {hold}waits for {lname}{by}, at {loc}")
            elif w is not None:
                what = self.wait_text(w)
                item.update({"waits_for": what, "held_by": None})
                hold = f" (holding {', '.join(held)})" if held else ""
                lines.append(f"  {task.name} {what}{hold}, at {loc}")
            waits.append(item)
        if len(cycle) == 1:
            head = "DEADLOCK: a thread waits for a lock it already holds itself."
        elif cycle:
            head = "DEADLOCK: every live thread is waiting for a lock held by another one."
        else:
            head = "DEADLOCK: no thread can continue: every live thread is blocked and nobody is left to wake it."
        if f.data.get("async"):
            head = head.replace("thread", "task") + " (asyncio: nothing is ready and no timer is pending)"
        lines.extend(self._starved_semaphores(snap))
        gets = [e for e in snap if e["wait"] is not None and e["wait"].op == "get"]
        if gets:
            live = {e["task"] for e in snap}
            finished = [t.name for t in self.sched.tasks if t not in live]
            names = _enum([e["task"].name for e in gets])
            lines.append(
                f"  {names} wait{'s' if len(gets) == 1 else ''} for an item that will never come: no thread that "
                f"could put() one is still running"
                + (f" ({_enum(finished)} already finished)" if finished else "")
                + f". {len(gets)} consumer(s) never got a stop signal: did every consumer get its own sentinel?"
            )
        _, trace = self.events(self.recent())
        extra: dict[str, Any] = {"waits_for": waits}
        if f.data.get("async"):
            extra["hint"] = ASYNC_HINTS["deadlock"]
        elif len(cycle) == 1:
            extra["hint"] = SELF_DEADLOCK_HINT
        return head, lines, trace, extra

    def _timeout(self, f: Failure) -> Any:
        if f.data.get("hung"):
            head = (
                "TIMEOUT: a schedule did not finish in real time: a thread is blocked outside the grader's "
                "control (real I/O, or a blocking call the grader does not model)."
            )
            return head, [], [], {}
        head = (
            f"TIMEOUT: the threads took more than {f.data['steps']:,} steps without finishing: a livelock or "
            f"busy-wait (a loop that waits for another thread without blocking)? Where each thread was:"
        )
        lines, trace = self.events(self.recent())
        return head, [*self.where_lines(f.snapshot), "Last events:", *lines], trace, {}

    def _leaked_thread(self, f: Failure) -> Any:
        leaked = set(f.data["tasks"])
        snap = [e for e in f.snapshot if e["task"] in leaked]
        names = ", ".join(e["task"].name for e in snap)
        head = f"LEAKED THREAD: the scenario returned while {names} {'was' if len(snap) == 1 else 'were'} still alive:"
        if f.data.get("async"):
            head = (
                f"LEAKED TASK: the scenario returned while the asyncio task{'' if len(snap) == 1 else 's'} {names} "
                f"{'was' if len(snap) == 1 else 'were'} still pending (await every task you create, or cancel it "
                f"and await it):"
            )
        lines, trace = self.events(self.recent())
        extra = {"hint": ASYNC_HINTS["leaked_thread"]} if f.data.get("async") else {}
        return head, [*self.where_lines(snap), "Last events:", *lines], trace, extra

    def _leaked_process(self, f: Failure) -> Any:
        leaked = set(f.data["tasks"])
        snap = [e for e in f.snapshot if e["task"] in leaked]
        names = ", ".join(e["task"].name for e in snap)
        head = (
            f"LEAKED PROCESS: the scenario returned while {names} {'was' if len(snap) == 1 else 'were'} still "
            f"running (a process you start must be joined):"
        )
        lines, trace = self.events(self.recent())
        return head, [*self.where_lines(snap), "Last events:", *lines], trace, {}

    def _lock_order(self, f: Failure) -> Any:
        cycle = f.data["cycle"]
        head = (
            "LOCK ORDER: threads take the same locks in opposite orders. This run was lucky; another "
            "interleaving deadlocks:"
        )
        lines = []
        trace = []
        for n, (held, wanted, tid, where) in enumerate(cycle, 1):
            h, w = self.obj(held), self.obj(wanted)
            loc = self.at(where)
            lines.append(f"  {self.tname(tid)} holds {h} and then takes {w}, at {loc}")
            trace.append(
                {
                    "step": n,
                    "thread": self.tname(tid),
                    "line": where[1] if where else None,
                    "source": source(where),
                    "event": "acquire",
                    "detail": f"takes {w} while holding {h}",
                }
            )
        return head, lines, trace, {}

    def _exception_lines(self, exc: BaseException) -> list[str]:
        frames = traceback.extract_tb(exc.__traceback__)
        mine = [fr for fr in frames if fr.filename in self.files]
        shown = (
            mine or [fr for fr in frames if "site-packages" not in fr.filename and "/explorer/" not in fr.filename][-1:]
        )
        out = []
        for fr in shown:
            where = f"line {fr.lineno}" if fr.filename in self.files else f"in the test at line {fr.lineno}"
            out.append(f"  {where}: {(fr.line or '').strip()}")
        return out

    def _error(self, f: Failure) -> Any:
        exc: BaseException = f.data["exc"]
        task: Task | None = f.data.get("task")
        desc = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if task is not None:
            head = f"ERROR: {task.name} died with {desc}"
        else:
            head = f"ERROR: the scenario raised {desc}"
        lines = self._exception_lines(exc)
        ev_lines, trace = self.events(self.recent())
        if ev_lines:
            lines += ["Last events:", *ev_lines]
        return head, lines, trace, {}

    def _wrong_result(self, f: Failure) -> Any:
        exc: BaseException = f.data["exc"]
        text = str(exc).strip() or "assertion failed"
        head = f"WRONG RESULT: {text}"
        lines = self._exception_lines(exc)
        ev_lines, trace = self.events(self.recent())
        if ev_lines:
            lines += ["Last events before the check:", *ev_lines]
        return head, lines, trace, {}

    def _import_error(self, f: Failure) -> Any:
        exc: BaseException = f.data["exc"]
        head = (
            f"IMPORT ERROR: {f.data.get('module', 'the submission')} could not be loaded: {type(exc).__name__}: {exc}"
        )
        return head, self._exception_lines(exc), [], {}

    def _violation(self, f: Failure) -> Any:
        exc: BaseException = f.data["exc"]
        task: Task | None = f.data.get("task")
        who = f" (raised in {task.name})" if task is not None and task.tid != 0 else ""
        head = f"{f.kind.upper().replace('_', ' ')}: {exc}{who}"
        lines, trace = self.events(self.recent())
        if lines:
            lines = ["Last events:", *lines]
        return head, lines, trace, {}


def schedule_line(strategy: str, seed: int, decisions: list[int], preemptions: int) -> str:
    """The last line of every message: how to get this exact interleaving again."""
    name = STRATEGY_TEXT.get(strategy, strategy)
    return (
        f"Schedule: {name}, seed {seed}, {preemptions} preemption(s) in {len(decisions)} scheduling decisions "
        f"(replaying its decisions reproduces this exact run)."
    )


def _enum(items: list[Any]) -> str:
    text = [str(s) for s in items]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]
