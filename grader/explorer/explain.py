"""Learner-facing explanations: the numbered trace, the verdict in the learner's terms, and a hint."""

from __future__ import annotations

import traceback
from typing import Any

from grader import i18n

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
            return (
                i18n.t("explain.line", line=where[1], source=src) if src else i18n.t("explain.line_bare", line=where[1])
            )
        return i18n.t("explain.test_line", line=where[1], source=src)

    def events(self, indices: list[int]) -> tuple[list[str], list[dict[str, Any]]]:
        lines: list[str] = []
        trace: list[dict[str, Any]] = []
        for n, i in enumerate(indices, 1):
            tid, where, event, detail, _key = self.sched.events[i]
            text = i18n.event(detail if isinstance(detail, str) else (detail[0], self.obj(detail[1])))
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
        if w.op in WAIT_TEXT:
            return i18n.local(f"wait.{w.op}", WAIT_TEXT[w.op].replace("{}", "{obj}"), obj=self.obj(w.obj))
        return i18n.t("wait.other", obj=self.obj(w.obj), op=w.op)

    def where_lines(self, snapshot: list[dict[str, Any]]) -> list[str]:
        out = []
        for entry in snapshot:
            task, w = entry["task"], entry["wait"]
            if w is not None:
                what = self.wait_text(w)
            elif not entry.get("ran", True):
                what = i18n.t("where.not_started")
            else:
                what = i18n.t("where.running")
            loc = self.at(entry["where"])
            held = [self.obj(lk) for lk in entry["held"]]
            hold = i18n.t("where.holding", held=", ".join(held)) if held else ""
            out.append(f"  {task.name} {what}{hold}" + (i18n.t("where.at", loc=loc) if loc else ""))
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
        lines[-1] = lines[-1].replace("   (", i18n.t("lost.stale_step"), 1)
        trace[-1]["detail"] += i18n.t("lost.stale")
        writers: dict[int, list[int]] = {}
        for i in lost:
            writers.setdefault(events[i][0], []).append(step_of[i])
        who = "; ".join(
            i18n.t("lost.in_steps" if len(steps) > 1 else "lost.in_step", thread=self.tname(tid), steps=_enum(steps))
            for tid, steps in writers.items()
        )
        what = i18n.t("lost.global") if isinstance(key[0], str) else i18n.t("lost.attribute")
        head = i18n.t("lost.head", label=label, what=what)
        lines.append(i18n.t("lost.many" if len(lost) > 1 else "lost.one", who=who, reader=r_name, label=label))
        return head, lines, trace, {}

    def _lock_wait(self, w: Wait | None) -> Any:
        if w is None or w.op != "acquire" or not hasattr(w.obj, "_owner"):
            return None
        return w.obj

    def _hint(self, failure: Failure, from_test: bool) -> str:
        exc = failure.data.get("exc")
        if from_test or (failure.kind == "wrong_result" and isinstance(exc, AssertionError)):
            own = getattr(exc, "hint", None)
            return own if isinstance(own, str) and own else i18n.local("hint.test", TEST_HINT)
        if failure.kind in HINTS:
            return i18n.local(f"hint.{failure.kind}", HINTS[failure.kind])
        return i18n.local("hint.generic", GENERIC_HINT)

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
                lines.append(i18n.t("deadlock.starved", obj=self.obj(w.obj), takers=_enum(gone)))
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
                    same = i18n.t("deadlock.same_lock", names=" and ".join(aliases)) if len(aliases) > 1 else ""
                    lines.append(i18n.t("deadlock.reenter", thread=task.name, lock=lname, same=same, loc=loc))
                else:
                    hold = i18n.t("deadlock.holds_and", held=", ".join(held)) if held else ""
                    by = i18n.t("deadlock.held_by", owner=owner.name) if owner is not None else ""
                    lines.append(i18n.t("deadlock.waits_for", thread=task.name, hold=hold, lock=lname, by=by, loc=loc))
            elif w is not None:
                what = self.wait_text(w)
                item.update({"waits_for": what, "held_by": None})
                hold = i18n.t("where.holding", held=", ".join(held)) if held else ""
                lines.append(i18n.t("deadlock.other_wait", thread=task.name, what=what, hold=hold, loc=loc))
            waits.append(item)
        shape = "self" if len(cycle) == 1 else "cycle" if cycle else "stuck"
        head = i18n.t(f"deadlock.async_{shape}" if f.data.get("async") else f"deadlock.{shape}")
        lines.extend(self._starved_semaphores(snap))
        gets = [e for e in snap if e["wait"] is not None and e["wait"].op == "get"]
        if gets:
            live = {e["task"] for e in snap}
            finished = [t.name for t in self.sched.tasks if t not in live]
            names = _enum([e["task"].name for e in gets])
            done = i18n.t("deadlock.finished", names=_enum(finished)) if finished else ""
            lines.append(i18n.t("deadlock.no_item", names=names, finished=done, count=len(gets)))
        steps, trace = self.events(self.recent())
        lines += [i18n.t("explain.last_events"), *steps]  # how the threads got there, as for a lost update
        extra: dict[str, Any] = {"waits_for": waits}
        if f.data.get("async"):
            extra["hint"] = i18n.local("hint.async_deadlock", ASYNC_HINTS["deadlock"])
        elif len(cycle) == 1:
            extra["hint"] = i18n.local("hint.self_deadlock", SELF_DEADLOCK_HINT)
        return head, lines, trace, extra

    def _timeout(self, f: Failure) -> Any:
        if f.data.get("hung"):
            return i18n.t("timeout.hung"), [], [], {}
        head = i18n.t("timeout.steps", steps=f"{f.data['steps']:,}")
        lines, trace = self.events(self.recent())
        return head, [*self.where_lines(f.snapshot), i18n.t("explain.last_events"), *lines], trace, {}

    def _leaked_thread(self, f: Failure) -> Any:
        leaked = set(f.data["tasks"])
        snap = [e for e in f.snapshot if e["task"] in leaked]
        names = ", ".join(e["task"].name for e in snap)
        number = "one" if len(snap) == 1 else "many"
        head = i18n.t(f"leak.task_{number}" if f.data.get("async") else f"leak.thread_{number}", names=names)
        lines, trace = self.events(self.recent())
        extra = (
            {"hint": i18n.local("hint.async_leaked_thread", ASYNC_HINTS["leaked_thread"])}
            if f.data.get("async")
            else {}
        )
        return head, [*self.where_lines(snap), i18n.t("explain.last_events"), *lines], trace, extra

    def _leaked_process(self, f: Failure) -> Any:
        leaked = set(f.data["tasks"])
        snap = [e for e in f.snapshot if e["task"] in leaked]
        names = ", ".join(e["task"].name for e in snap)
        head = i18n.t("leak.process_one" if len(snap) == 1 else "leak.process_many", names=names)
        lines, trace = self.events(self.recent())
        return head, [*self.where_lines(snap), i18n.t("explain.last_events"), *lines], trace, {}

    def _lock_order(self, f: Failure) -> Any:
        cycle = f.data["cycle"]
        head = i18n.t("order.head")
        lines = []
        trace = []
        for n, (held, wanted, tid, where) in enumerate(cycle, 1):
            h, w = self.obj(held), self.obj(wanted)
            loc = self.at(where)
            lines.append(i18n.t("order.line", thread=self.tname(tid), held=h, wanted=w, loc=loc))
            trace.append(
                {
                    "step": n,
                    "thread": self.tname(tid),
                    "line": where[1] if where else None,
                    "source": source(where),
                    "event": "acquire",
                    "detail": i18n.t("order.detail", wanted=w, held=h),
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
            where = (
                i18n.t("explain.line_bare", line=fr.lineno)
                if fr.filename in self.files
                else i18n.t("explain.in_test_line", line=fr.lineno)
            )
            out.append(f"  {where}: {(fr.line or '').strip()}")
        return out

    def _error(self, f: Failure) -> Any:
        exc: BaseException = f.data["exc"]
        task: Task | None = f.data.get("task")
        desc = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if task is not None:
            head = i18n.t("error.thread", thread=task.name, desc=desc)
        else:
            head = i18n.t("error.scenario", desc=desc)
        lines = self._exception_lines(exc)
        ev_lines, trace = self.events(self.recent())
        if ev_lines:
            lines += [i18n.t("explain.last_events"), *ev_lines]
        return head, lines, trace, {}

    def _wrong_result(self, f: Failure) -> Any:
        exc: BaseException = f.data["exc"]
        text = str(exc).strip() or i18n.t("wrong.assertion")
        head = i18n.t("wrong.head", text=text)
        lines = self._exception_lines(exc)
        ev_lines, trace = self.events(self.recent())
        if ev_lines:
            lines += [i18n.t("explain.last_events_check"), *ev_lines]
        return head, lines, trace, {}

    def _import_error(self, f: Failure) -> Any:
        exc: BaseException = f.data["exc"]
        module = f.data.get("module") or i18n.t("import.submission")
        head = i18n.t("import.head", module=module, desc=f"{type(exc).__name__}: {exc}")
        return head, self._exception_lines(exc), [], {}

    def _violation(self, f: Failure) -> Any:
        exc: BaseException = f.data["exc"]
        task: Task | None = f.data.get("task")
        who = i18n.t("violation.raised_in", thread=task.name) if task is not None and task.tid != 0 else ""
        label = i18n.kind_label(f.kind) if i18n.language() != i18n.DEFAULT else f.kind.upper().replace("_", " ")
        head = f"{label}: {exc}{who}"
        lines, trace = self.events(self.recent())
        if lines:
            lines = [i18n.t("explain.last_events"), *lines]
        return head, lines, trace, {}


def schedule_line(strategy: str, seed: int, decisions: list[int], preemptions: int) -> str:
    """The last line of every message: how to get this exact interleaving again."""
    name = i18n.local(f"strategy.{strategy}", STRATEGY_TEXT[strategy]) if strategy in STRATEGY_TEXT else strategy
    return i18n.t("explain.schedule", name=name, seed=seed, preemptions=preemptions, decisions=len(decisions))


def _enum(items: list[Any]) -> str:
    text = [str(s) for s in items]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]
