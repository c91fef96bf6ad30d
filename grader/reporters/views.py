"""What the HTML pages show, worked out from the results model: timelines, wait-for graphs, source lines.

Pure data, no markup: the templates and `svg` draw these. Everything here reads learner-controlled text, so it
only ever cleans and shortens it; escaping is the templates' job (jinja2 autoescape).
"""

from __future__ import annotations

import ast
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from grader import i18n
from grader import scoring
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult

OUTPUT_LIMIT = 4000
SOURCE_LIMIT = 200_000
LABEL_LIMIT = 40
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ACCESS = re.compile(r"^(?P<op>reads|writes) (?P<name>.+?) = (?P<value>.*?)(?P<stale> \(computed from a stale read\))?$")
ACQUIRES = re.compile(r"^acquires (?P<lock>\S+)$")
RELEASES = re.compile(r"^releases (?P<lock>\S+)$")
WAITS = re.compile(r"^waits for (?P<lock>\S+)$")

MARK_TEXT = {
    "stale-read": "stale read",
    "stale-write": "write from a stale read",
    "lost-write": "lost write",
    "blocked": "blocked",
}


def clean(text: object) -> str:
    """Learner-controlled text made safe to store and show: valid UTF-8, no escape codes, no control characters.

    Escape sequences are shown as the visible symbol for ESC, so a learner can see that their program printed one.
    """
    value = str(text).encode("utf-8", "replace").decode("utf-8")
    value = ANSI.sub(lambda match: "\u241b" + match.group(0)[1:], value)
    return CONTROL.sub("\ufffd", value.replace("\x1b", "\u241b").replace("\r\n", "\n"))


def truncated(text: str, limit: int = OUTPUT_LIMIT) -> tuple[str, int]:
    """`text` cleaned and cut at `limit` characters, and how many characters were cut."""
    value = clean(text)
    if len(value) <= limit:
        return value, 0
    return value[:limit], len(value) - limit


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    value = clean(text)
    return value if len(value) <= limit else value[: limit - 1] + "\u2026"


def short_name(name: str) -> str:
    """`tests/hidden/test_x.py::test_y` -> `test_x::test_y`."""
    path, _, rest = name.partition("::")
    stem = path.rsplit("/", 1)[-1].removesuffix(".py")
    return f"{stem}::{rest}" if rest else stem


def points(value: float) -> str:
    return f"{value:g}"


def percent(score: float, max_score: float) -> float:
    return 100.0 * score / max_score if max_score > 0 else 0.0


STEP_LINE = re.compile(r"^\s+\d+\. |^(Hint|Last events[^:]*):")


def cap_sentence(result: GradingResult) -> str | None:
    """Why the total is below what the passing tests earned, when a concurrency bug capped it."""
    cap = result.cap
    if cap is None:
        return None
    share = f" ({100 * cap.limit / result.max_score:.0f} %)" if result.max_score else ""
    reasons = []
    if cap.kinds:
        reasons.append(
            i18n.t("cap.kinds", kinds=", ".join(i18n.kind_label(kind).replace("_", " ") for kind in cap.kinds))
        )
    if cap.tests:
        names = list(dict.fromkeys(scoring.function_name(name) for name in cap.tests))
        more = i18n.t("cap.more", n=len(names) - 3) if len(names) > 3 else ""
        reasons.append(i18n.t("cap.tests", names=", ".join(names[:3]) + more))
    return i18n.t(
        "cap.sentence",
        limit=points(cap.limit),
        max=points(result.max_score),
        share=share,
        earned=points(cap.earned),
        reasons=i18n.t("cap.and").join(reasons),
    )


def summary(message: str) -> str:
    """The message without its numbered steps and hint, which the page shows as a timeline and a hint box."""
    return "\n".join(line for line in message.splitlines() if not STEP_LINE.match(line)).strip()


# -- root causes -------------------------------------------------------------------------------------------

AT_FILE = re.compile(r"\(at (?P<file>[^\s():]+):(?P<line>\d+)\)")
FILE_LINE = re.compile(r'File "(?P<file>[^"\n]+)", line (?P<line>\d+)')
LEARNER_LINE = re.compile(r"(?<!test )(?<!the test at )\bline (?P<line>\d+)\b")


def learner_lines(diagnosis: Diagnosis, submission: str = "") -> tuple[int, ...]:
    """The lines of the learner's file that `diagnosis` points at, sorted, without repeats.

    From the message first: the plugin's `(at bank.py:12)`, the explorer's `line 25` (its `test line N` and
    `in the test at line N` are the tests' lines and do not count), and a traceback's `File "...", line N` when the
    file is the submission. Only when the message names none, the trace steps' `line` values: a step does not say
    which file it ran in, so a trace also holds the tests' own lines, which differ from test to test.
    """
    name = submission.rsplit("/", 1)[-1]
    message = diagnosis.message
    found = {int(match["line"]) for match in AT_FILE.finditer(message)}
    found |= {
        int(match["line"])
        for match in FILE_LINE.finditer(message)
        if name and match["file"].replace("\\", "/").rsplit("/", 1)[-1] == name
    }
    found |= {int(match["line"]) for match in LEARNER_LINE.finditer(FILE_LINE.sub("", AT_FILE.sub("", message)))}
    if not found:
        found = {step["line"] for step in diagnosis.trace if isinstance(step.get("line"), int)}
    return tuple(sorted(found))


def cause_key(case: CaseResult, submission: str = "") -> tuple[str, tuple[int, ...], str]:
    """What two failures must share to be one root cause: the diagnosis kind and the learner lines it points at.

    A diagnosis that points at no line of the learner's file is the same cause only as one with the very same
    message; so is a failure without a diagnosis.
    """
    diagnosis = case.diagnosis
    if diagnosis is None:
        return "", (), case.message
    lines = learner_lines(diagnosis, submission)
    return diagnosis.kind, lines, "" if lines else diagnosis.message


@dataclass(frozen=True)
class Cause:
    """Failures with one root cause: the first is shown in full, the others are only named."""

    first: CaseResult
    others: tuple[CaseResult, ...]

    @property
    def cases(self) -> tuple[CaseResult, ...]:
        return (self.first, *self.others)


def causes(result: GradingResult) -> tuple[Cause, ...]:
    """The failures of `result` grouped by `cause_key`, in the order of each group's first test."""
    groups: dict[tuple[str, tuple[int, ...], str], list[CaseResult]] = {}
    for case in result.failures:
        groups.setdefault(cause_key(case, result.submission), []).append(case)
    return tuple(Cause(cases[0], tuple(cases[1:])) for cases in groups.values())


def case_names(result: GradingResult, cases: Sequence[CaseResult]) -> tuple[str, ...]:
    """The test function's name for each case, or `short_name` where two files of `result` share that name."""

    def function(name: str) -> str:
        return name.rpartition("::")[2]

    counts: dict[str, int] = {}
    for case in result.tests:
        counts[function(case.name)] = counts.get(function(case.name), 0) + 1
    return tuple(
        function(case.name) if counts.get(function(case.name), 0) == 1 else short_name(case.name) for case in cases
    )


# -- timeline ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One row of a timeline: a numbered event in the lane of its thread."""

    number: int
    lane: int
    thread: str
    line: int | None
    source: str
    event: str
    detail: str
    mark: str  # "" or a key of MARK_TEXT
    values: tuple[str, ...]  # the shared values after this step, one per `Timeline.variables`

    @property
    def mark_text(self) -> str:
        return MARK_TEXT.get(self.mark, self.mark.replace("-", " "))


@dataclass(frozen=True)
class Timeline:
    threads: tuple[str, ...]
    variables: tuple[str, ...]
    steps: tuple[Step, ...]


def _marks(kind: str, trace: Sequence[dict[str, Any]]) -> list[str]:
    """Which steps to mark: the explorer's own `mark` when it sends one, else what the kind and details tell."""
    marks = [clean(step.get("mark") or "") for step in trace]
    if kind == "lost_update":
        stale = [i for i, step in enumerate(trace) if "stale read" in str(step.get("detail", ""))]
        if stale:
            last = stale[-1]
            writer = trace[last].get("thread")
            reads = [i for i in range(last) if trace[i].get("thread") == writer and trace[i].get("event") == "read"]
            first = reads[0] if reads else None
            marks[last] = marks[last] or "stale-write"
            if first is not None:
                marks[first] = marks[first] or "stale-read"
            start = first if first is not None else 0
            for i in range(start, last):
                if trace[i].get("event") == "write" and trace[i].get("thread") != writer:
                    marks[i] = marks[i] or "lost-write"
    for i, step in enumerate(trace):
        if step.get("event") == "blocked":
            marks[i] = marks[i] or "blocked"
    return marks


def timeline(diagnosis: Diagnosis) -> Timeline | None:
    """The diagnosis's trace as lanes, with the shared values after each step.

    Values come from each step's `values` ({name: value}, the shared values after the step) when the explorer
    sends them, else from the `reads X = V` / `writes X = V` details it writes today.
    """
    trace = [step for step in diagnosis.trace if isinstance(step, dict)]
    if not trace:
        return None
    threads: list[str] = []
    for step in trace:
        name = clean(step.get("thread") or "?")
        if name not in threads:
            threads.append(name)
    variables: list[str] = []
    state: dict[str, str] = {}
    snapshots: list[dict[str, str]] = []
    for step in trace:
        given = step.get("values")
        if isinstance(given, dict):
            for key, value in given.items():
                state[clean(key)] = clean(value)
        else:
            match = ACCESS.match(clean(step.get("detail") or ""))
            if match and (match["op"] == "writes" or match["name"] not in state):
                state[match["name"]] = match["value"]
        for key in state:
            if key not in variables:
                variables.append(key)
        snapshots.append(dict(state))
    marks = _marks(diagnosis.kind, trace)
    steps = []
    for n, (step, snapshot, mark) in enumerate(zip(trace, snapshots, marks, strict=True), 1):
        thread = clean(step.get("thread") or "?")
        line = step.get("line")
        steps.append(
            Step(
                number=int(step["step"]) if isinstance(step.get("step"), int) else n,
                lane=threads.index(thread),
                thread=thread,
                line=line if isinstance(line, int) else None,
                source=clean(step.get("source") or ""),
                event=clean(step.get("event") or ""),
                detail=clean(step.get("detail") or ""),
                mark=mark,
                values=tuple(snapshot.get(name, "?") for name in variables),
            )
        )
    return Timeline(tuple(threads), tuple(variables), tuple(steps))


# -- wait-for graph ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # "thread", "lock" or "wait" (a blocking call that is not a lock)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # "holds": lock -> thread that holds it; "wants": thread -> what it waits for


@dataclass(frozen=True)
class WaitGraph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    sentences: tuple[str, ...]  # the same graph in words, for screen readers and print
    derived: bool  # True when rebuilt from the trace because the diagnosis had no `waits_for`


def _from_trace(trace: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """`waits_for`-like items rebuilt from the trace: locks still held at the end, and the final waits."""
    holds: dict[str, list[str]] = {}
    waiting: dict[str, str] = {}
    for step in trace:
        thread = clean(step.get("thread") or "?")
        detail = clean(step.get("detail") or "")
        holds.setdefault(thread, [])
        if match := ACQUIRES.match(detail):
            holds[thread].append(match["lock"])
            waiting.pop(thread, None)
        elif (match := RELEASES.match(detail)) and match["lock"] in holds[thread]:
            holds[thread].remove(match["lock"])
        elif step.get("event") == "blocked":
            waiting[thread] = detail
        else:
            waiting.pop(thread, None)
    owner = {lock: thread for thread, locks in holds.items() for lock in locks}
    items = []
    for thread, detail in waiting.items():
        match = WAITS.match(detail)
        if match:
            items.append(
                {
                    "thread": thread,
                    "holds": holds[thread],
                    "waits_for": match["lock"],
                    "held_by": owner.get(match["lock"]),
                }
            )
        else:
            items.append({"thread": thread, "holds": holds[thread], "waits_for": detail, "held_by": None})
    for thread, locks in holds.items():
        if locks and thread not in waiting:
            items.append({"thread": thread, "holds": locks, "waits_for": None, "held_by": None})
    return items


def wait_graph(diagnosis: Diagnosis) -> WaitGraph | None:
    """Threads and what they hold and want, from `waits_for` (or, failing that, from the trace)."""
    if diagnosis.kind not in ("deadlock", "lock_order"):
        return None
    items: list[dict[str, Any]] = [dict(item) for item in diagnosis.waits_for]
    derived = not items
    if derived:
        items = _from_trace(diagnosis.trace)
    if not items:
        return None
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    sentences: list[str] = []

    def node(node_id: str, label: str, kind: str) -> str:
        nodes.setdefault(node_id, Node(node_id, short(label), kind))
        return node_id

    threads = {clean(item.get("thread") or "?") for item in items}
    for item in items:
        thread = clean(item.get("thread") or "?")
        node("t:" + thread, thread, "thread")
        held = [clean(lock) for lock in item.get("holds") or () if lock is not None]
        for lock in held:
            edges.append(Edge(node("l:" + lock, lock, "lock"), "t:" + thread, "holds"))
        wanted = item.get("waits_for")
        holder = item.get("held_by")
        clauses = [f"holds {', '.join(held)}"] if held else []
        if wanted:
            wanted = clean(wanted)
            if holder is not None or wanted in {lock for other in items for lock in other.get("holds") or ()}:
                target = node("l:" + wanted, wanted, "lock")
                if holder is not None:
                    holder = clean(holder)
                    if holder in threads:
                        edges.append(Edge(target, "t:" + holder, "holds"))
                clauses.append(f"waits for {wanted}" + (f" (held by {holder})" if holder else ""))
            else:
                target = node("w:" + wanted, wanted.removeprefix("waits "), "wait")
                clauses.append(wanted if wanted.startswith("waits") else f"waits: {wanted}")
            edges.append(Edge("t:" + thread, target, "wants"))
        sentences.append(f"{thread} {' and '.join(clauses) or 'is blocked'}.")
    unique = tuple(dict.fromkeys(edges))
    return WaitGraph(tuple(nodes.values()), unique, tuple(sentences), derived)


# -- replay, output, source ----------------------------------------------------------------------------------


def replay_command(result: GradingResult, case: CaseResult) -> str | None:
    """The exact command that reruns this failure's schedule, or None when it has none."""
    if not (case.diagnosis and case.diagnosis.replay) or "::" not in case.name:
        return None
    parts = ["grade", result.exercise, "--seed", str(result.seed)]
    if result.submission:
        parts += ["--submission", result.submission]
    return shlex.join(parts)


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    state: str  # "run", "missed" (a statement no test reached) or "" (not a statement, or not measured)


def statement_lines(source: str) -> set[int]:
    """Lines that start a statement: the ones coverage can report as run or missed (docstrings excluded)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue
        if isinstance(node, ast.stmt):
            lines.add(node.lineno)
    return lines


def source_lines(source: str, executed: Sequence[int]) -> tuple[SourceLine, ...]:
    """The learner's file, each statement marked run or missed when coverage was measured."""
    text = clean(source[:SOURCE_LIMIT])
    ran = set(executed)
    statements = statement_lines(text) if ran else set()
    return tuple(
        SourceLine(n, line, ("run" if n in ran else "missed" if n in statements else "") if ran else "")
        for n, line in enumerate(text.splitlines(), 1)
    )
