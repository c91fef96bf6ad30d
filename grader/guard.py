"""The in-process guard on the submission's code, in the pytest child: an audit hook (PEP 578).

`install()` adds one `sys.addaudithook` hook, which cannot be removed once added. It watches what a
submission could use to forge a pass from inside the test process, and ends it as `tampering` with the line:

* introspection that reaches the grader's objects: `gc.get_objects`/`get_referrers`/`get_referents`,
  `sys._getframe` and `sys._current_frames` called by the submission (directly or through `inspect` or
  `traceback.walk_*`), a traceback's or generator's frame read by the submission, `ctypes`, new code objects,
  a function's `__code__` replaced, an audit hook of the submission's own;
* files: opening the workspace's tests or the catalogue's exercises and solutions, and writing, creating,
  renaming or removing anything outside the workspace and the temporary folders;
* signals to processes the submission did not start (`os.kill`, `os.killpg`).

Who made a call is decided from the stack: the nearest frame that is not the standard library's. A frame of
the grader, of pytest and other installed packages, or of the exercise's tests is trusted; any other frame
(the submission's files, code compiled from a string) is the submission's. A thread whose stack holds only the
standard library's frames was started by the submission (with a library function as its target).

The channel's nonce lives only in the hook's closure: events reach the grader through
`sys.audit(CHANNEL_EVENT, payload)`, which the hook writes with the nonce, and only when no frame of the
submission is on the stack. A violation is written to the channel at once, as a `tampering` event, and the
call raises `PermissionError`; catching that changes nothing.

What in-process Python cannot stop: code that reaches the grader's modules through `sys.modules` and changes
them between two of the plugin's checks (`grader.plugin` compares pytest's and the grader's functions after
every test), and code in processes the submission starts with `spawn`/`forkserver` or `subprocess`, where no
hook is installed (bubblewrap contains those).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import sys
import sysconfig
import threading
import types
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from types import FrameType
from typing import Any

from grader import procfs

CHANNEL_EVENT = "grader.channel"
ORDER_EVENT = "grader.order"
CHECK_EVENT = "grader.check"
REPORTED_LIMIT = 20  # distinct violations written to the channel

_INTROSPECTION = {
    "gc.get_objects": "called gc.get_objects()",
    "gc.get_referrers": "called gc.get_referrers()",
    "gc.get_referents": "called gc.get_referents()",
    "sys._current_frames": "called sys._current_frames()",
    "code.__new__": "built a new code object",
}
_FRAME_ATTRIBUTES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame"})
_PATH_EVENTS = {
    "os.remove": "removed",
    "os.rename": "renamed",
    "os.rmdir": "removed",
    "os.mkdir": "created",
    "os.symlink": "linked",
    "os.link": "linked",
    "os.chmod": "changed the mode of",
    "os.chown": "changed the owner of",
    "os.truncate": "truncated",
    "os.utime": "touched",
    "shutil.rmtree": "removed",
    "shutil.copyfile": "wrote",
    "shutil.move": "moved",
}
_KILLS = frozenset({"os.kill", "os.killpg"})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
# Frames of these standard modules act for their caller: `inspect.stack()` is the caller walking frames.
_PROXIES = ("inspect.py", "traceback.py")
_SAFE_PROXIES = frozenset(
    {
        "print_exc", "format_exc", "print_exception", "format_exception", "format_exception_only", "print_last",
        "print_tb", "format_tb", "extract_tb", "print_stack", "format_stack", "extract_stack",
    }
)  # fmt: skip

STDLIB, TRUSTED, SUBMISSION = 0, 1, 2
_OWN_NAME = re.compile(r"/proc/\d+/(task/\d+/)?comm")


class _Refused(RuntimeError):
    """Raised on `sys.addaudithook`: a RuntimeError makes Python drop the new hook."""


class Roots:
    """Where code and files belong: which frames are trusted, which paths are hidden or writable."""

    def __init__(
        self,
        *,
        trusted: Iterable[str],
        workspace: str,
        submission: str,
        tests: str,
        hidden: Iterable[str] = (),
        writable: Iterable[str] = (),
    ) -> None:
        paths = sysconfig.get_paths()
        self.stdlib = _dirs(paths[key] for key in ("stdlib", "platstdlib"))
        site = _dirs(paths[key] for key in ("purelib", "platlib"))
        self.trusted = _dirs([*trusted, *site])
        self.tests = _dirs([tests])
        self.hidden = _dirs([tests, *hidden])
        self.workspace = _dirs([workspace])
        self.submission = _dirs([submission])[0]
        self.writable = _dirs([workspace, "/tmp", "/var/tmp", "/dev/shm", *writable])
        self.devices = frozenset({"/dev/null", "/dev/zero", "/dev/full", "/dev/tty", "/dev/stdout", "/dev/stderr"})
        self._kinds: dict[str, int] = {}

    def kind(self, filename: str) -> int:
        found = self._kinds.get(filename)
        if found is None:
            found = self._kinds[filename] = self._classify(filename)
        return found

    def _classify(self, filename: str) -> int:
        if filename.startswith("<frozen "):
            return STDLIB
        if not filename.startswith(os.sep):
            return SUBMISSION  # compiled from a string, or by a path nobody can check
        path = os.path.realpath(filename)
        if _under(path, self.tests) or _under(path, self.trusted):
            return TRUSTED
        if _under(path, self.stdlib):
            return STDLIB
        return SUBMISSION

    def may_write(self, path: str) -> bool:
        return (
            path in self.devices
            or (_under(path, self.writable) and not _under(path, self.tests))
            or _OWN_NAME.fullmatch(path) is not None  # a process's or thread's own name (/proc/self/comm)
        )

    def is_hidden(self, path: str) -> bool:
        return _under(path, self.hidden)


def _dirs(paths: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(os.path.realpath(p).rstrip(os.sep) + os.sep for p in paths if p))


def _under(path: str, roots: Sequence[str]) -> bool:
    return any(path.startswith(root) or path + os.sep == root for root in roots)


_PATH_TYPES = (str, bytes, pathlib.PosixPath, pathlib.PurePosixPath)


def _resolve(path: object) -> str | None:
    """The real path `path` names; "" for an object of the submission's own type (whose methods must not run
    inside the hook), None for an fd."""
    if type(path) is int or path is None:
        return None  # an fd the process already holds, or no path at all (a `dir_fd` left out)
    if type(path) not in _PATH_TYPES:
        return ""
    try:
        return os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


class Guard:
    """The hook's state. Only the hook holds the instance: nothing importable refers to it."""

    def __init__(self, roots: Roots, nonce: str, fd: int, canaries: Sequence[str]) -> None:
        self.roots = roots
        self.fingerprint = Fingerprint(roots.tests[0])
        self.nonce = nonce
        # A private copy of the channel: the plugin closes its own in forked children, the guard keeps this one
        # (a tampering event is one short write, which a pipe keeps whole).
        self.fd = os.dup(fd)
        self.canaries = tuple(canaries)
        self.busy: set[int] = set()
        self.reported: set[str] = set()
        self.owner = os.getpid()

    # -- the hook ---------------------------------------------------------------------------------------------

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "object.__getattr__":
            # The most frequent event by far (every `frame.f_code`): only frame attributes matter.
            if len(args) != 2 or args[1] not in _FRAME_ATTRIBUTES:
                return
        elif event not in _WATCHED:
            return
        ident = threading.get_ident()
        if ident in self.busy:
            return  # the hook's own calls (sys._getframe below)
        self.busy.add(ident)
        try:
            frame = sys._getframe(1)
            problem = self._check(event, args, frame)
        finally:
            self.busy.discard(ident)
        if problem:
            what, where = problem
            self._report(what, where)
            if event == "sys.addaudithook":
                raise _Refused(what)  # a RuntimeError: the new hook is not added
            raise PermissionError(f"The grader does not allow this while grading: your code {what}.")

    def _check(self, event: str, args: tuple[Any, ...], frame: FrameType) -> tuple[str, str] | None:
        if event == CHANNEL_EVENT:
            return self._send(args, frame)
        if event == "sys.addaudithook":
            # A hook of the submission's would see every event, the guard's own frames among them.
            return self._blame(frame, "added an audit hook", stdlib_only=False)
        if event == ORDER_EVENT:
            return self._order(args, frame)
        if event == CHECK_EVENT:
            changed = self.fingerprint.changed()
            if changed:
                self._report(f"changed {changed} while the tests ran", "")
            return None
        if event == "sys._getframe":
            return self._direct(frame, "walked the call stack (sys._getframe)")
        if event == "object.__getattr__":
            if len(args) == 2 and type(args[1]) is str and args[1] in _FRAME_ATTRIBUTES:
                return self._direct(frame, f"read a frame ({args[1]})")
            return None
        if event == "object.__setattr__":
            if len(args) >= 2 and type(args[1]) is str and args[1] == "__code__":
                return self._blame(frame, "replaced a function's __code__")
            return None
        if event in _INTROSPECTION:
            return self._blame(frame, _INTROSPECTION[event])
        if event.startswith("ctypes."):
            return self._ctypes(frame, event)
        if event == "compile":
            return self._compile(args, frame)
        if event == "open":
            return self._open(args, frame)
        if event in _PATH_EVENTS:
            return self._path(args, frame, _PATH_EVENTS[event])
        if event in _KILLS:
            return self._kill(event, args, frame)
        return None

    # -- who did it -------------------------------------------------------------------------------------------

    def _culprit(self, frame: FrameType | None, *, stdlib_only: bool = True) -> str | None:
        """`file:line` of the submission's frame responsible for a call, or None if the grader's code is."""
        kind = self.roots.kind
        while frame is not None:
            found = kind(frame.f_code.co_filename)
            if found == TRUSTED:
                return None
            if found == SUBMISSION:
                return self._where(frame)
            frame = frame.f_back
        return "a thread your code started" if stdlib_only else None

    def _blame(self, frame: FrameType, what: str, *, stdlib_only: bool = True) -> tuple[str, str] | None:
        where = self._culprit(frame, stdlib_only=stdlib_only)
        return (what, where) if where is not None else None

    def _direct(self, frame: FrameType, what: str) -> tuple[str, str] | None:
        """Frame access made by the submission itself, or through `inspect`/`traceback` on its behalf. A library
        that looks at frames for its own bookkeeping (`logging`, `collections`, `warnings`) is fine, and so are
        the `traceback` functions that only print or format (`print_exc`, `format_stack`, ...)."""
        kind = self.roots.kind
        entry: FrameType | None = None
        found: FrameType | None = frame
        while (
            found is not None
            and found.f_code.co_filename.endswith(_PROXIES)
            and kind(found.f_code.co_filename) == STDLIB
        ):
            entry, found = found, found.f_back
        if found is None or kind(found.f_code.co_filename) != SUBMISSION:
            return None
        if entry is not None and entry.f_code.co_name in _SAFE_PROXIES:
            return None
        return what, self._where(found)

    def _shown(self, path: str) -> str:
        """A path as the learner knows it: relative to the workspace when it is in there."""
        root = self.roots.workspace[0]
        return path.removeprefix(root) if path.startswith(root) else path

    def _where(self, frame: FrameType) -> str:
        name = frame.f_code.co_filename
        shown = name.removeprefix(self.roots.submission) if name.startswith(self.roots.submission) else name
        return f"{shown}:{frame.f_lineno}"

    # -- the checks -------------------------------------------------------------------------------------------

    def _ctypes(self, frame: FrameType, event: str) -> tuple[str, str] | None:
        # multiprocessing's Value and Array are built on ctypes: only a call made by the submission itself
        # (through ctypes' own Python code at most) counts.
        f: FrameType | None = frame
        while f is not None and f.f_code.co_filename.startswith(_CTYPES_DIR):
            f = f.f_back
        if f is None or self.roots.kind(f.f_code.co_filename) != SUBMISSION:
            return None
        return f"used ctypes ({event})", self._where(f)

    def _compile(self, args: tuple[Any, ...], frame: FrameType) -> tuple[str, str] | None:
        """Code compiled under the name of a trusted file would pass for the grader's own."""
        raw = args[1] if len(args) >= 2 else None
        if type(raw) is not str and type(raw) is not bytes:
            return None
        filename = os.fsdecode(raw)
        if not filename.startswith(os.sep) or self.roots.kind(filename) != TRUSTED:
            return None  # the submission's own files, and the standard library that imports compile
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return None  # the import system compiling the file it loads (a test helper, say)
        return self._blame(frame, f"compiled code under the name of {os.path.basename(filename)}")

    def _open(self, args: tuple[Any, ...], frame: FrameType) -> tuple[str, str] | None:
        path = _resolve(args[0]) if args else None
        if path is None:
            return None
        if not path:
            return self._blame(frame, "opened a file through a path object of its own")
        mode = args[1] if len(args) > 1 else None
        flags = args[2] if len(args) > 2 else 0
        writes = (type(flags) is int and flags & _WRITE_FLAGS) or (type(mode) is str and any(c in mode for c in "wax+"))
        if writes and not self.roots.may_write(path) and not _caches_bytecode(frame, path):
            return self._blame(frame, f"wrote to {self._shown(path)}")
        if self.roots.is_hidden(path) and not _reads_for_python(frame):
            return self._blame(frame, f"opened {self._shown(path)}")
        return None

    def _path(self, args: tuple[Any, ...], frame: FrameType, verb: str) -> tuple[str, str] | None:
        for arg in args[:2]:
            path = _resolve(arg)
            if path == "":
                return self._blame(frame, f"{verb} a file through a path object of its own")
            if path is not None and not self.roots.may_write(path) and not _caches_bytecode(frame, path):
                return self._blame(frame, f"{verb} {self._shown(path)}")
        return None

    def _kill(self, event: str, args: tuple[Any, ...], frame: FrameType) -> tuple[str, str] | None:
        if len(args) < 2 or type(args[0]) is not int or (type(args[1]) is int and args[1] == 0):
            return None
        target = args[0]
        me = os.getpid()
        if event == "os.kill":
            if target in (0, me) or (target > 0 and _descends(target, me)):
                return None
            if target < -1 and -target == os.getpgid(0):
                return None
        elif target in (0, os.getpgid(0)):
            return None
        return self._blame(frame, f"sent a signal to a process it did not start ({event}({target}, ...))")

    # -- the channel ------------------------------------------------------------------------------------------

    def _first_submission(self, frame: FrameType | None) -> str | None:
        """`file:line` of the innermost frame of the submission's anywhere on the stack (None: there is none)."""
        while frame is not None:
            if self.roots.kind(frame.f_code.co_filename) == SUBMISSION:
                return self._where(frame)
            frame = frame.f_back
        return None

    def _send(self, args: tuple[Any, ...], frame: FrameType) -> tuple[str, str] | None:
        where = self._first_submission(frame.f_back)
        if where is not None:
            return "tried to send the grader's events", where
        payload = args[0] if args else None
        if type(payload) is dict and os.getpid() == self.owner:
            self._write({"nonce": self.nonce, **payload})
        return None

    def _order(self, args: tuple[Any, ...], frame: FrameType) -> tuple[str, str] | None:
        """Move the grader's control tests to the end of the run, so that they run after the submission is
        imported and after every test: a patch made at any point is in place when they run."""
        where = self._first_submission(frame.f_back)
        if where is not None:
            return "tried to reorder the tests", where
        items = args[0] if args else None
        if type(items) is list and self.canaries:
            rank = {nodeid: i for i, nodeid in enumerate(self.canaries)}
            items.sort(key=lambda item: rank.get(str(getattr(item, "nodeid", "")), -1))
        return None

    def _report(self, what: str, where: str) -> None:
        key = f"{what}\0{where}"
        if key in self.reported or len(self.reported) >= REPORTED_LIMIT:
            return
        self.reported.add(key)
        self._write({"nonce": self.nonce, "event": "tampering", "what": what[:300], "where": where[:300]})

    def _write(self, event: dict[str, Any]) -> None:
        data = memoryview((json.dumps(event, default=str) + "\n").encode("utf-8", errors="replace"))
        try:
            while data:
                data = data[os.write(self.fd, data) :]
        except OSError:
            pass


def _caches_bytecode(frame: FrameType, path: str) -> bool:
    """The import system writing a module's bytecode cache (`__pycache__`), wherever the module lives."""
    return frame.f_code.co_filename.startswith("<frozen importlib") and f"{os.sep}__pycache__" in path


def _reads_for_python(frame: FrameType | None) -> bool:
    """Whether a file is read by Python's own machinery: the import system loading a module (a test helper
    whose function a process of the submission's unpickles), or a traceback's source lines."""
    while frame is not None and frame.f_code.co_filename.endswith(_SOURCE_READERS):
        frame = frame.f_back
    if frame is None:
        return False
    name = frame.f_code.co_filename
    return name.startswith("<frozen importlib") or (name.endswith("traceback.py") and name.startswith(_STDLIB_DIR))


def _descends(pid: int, ancestor: int) -> bool:
    """Whether `pid` is a descendant of `ancestor`, read from /proc (False where it cannot be read)."""
    for _hop in range(64):
        found = procfs.entry(pid)
        if found is None or found.ppid <= 1:
            return False
        if found.ppid == ancestor:
            return True
        pid = found.ppid
    return False


_WATCHED = frozenset(
    {
        CHANNEL_EVENT,
        ORDER_EVENT,
        CHECK_EVENT,
        "sys.addaudithook",
        "sys._getframe",
        "object.__getattr__",
        "object.__setattr__",
        "compile",
        "open",
        *_INTROSPECTION,
        *_PATH_EVENTS,
        *_KILLS,
        "ctypes.dlopen",
        "ctypes.dlsym",
        "ctypes.dlsym/handle",
        "ctypes.PyObj_FromPtr",
        "ctypes.addressof",
        "ctypes.call_function",
        "ctypes.cdata",
        "ctypes.cdata/buffer",
        "ctypes.create_string_buffer",
        "ctypes.create_unicode_buffer",
        "ctypes.get_errno",
        "ctypes.set_errno",
        "ctypes.string_at",
        "ctypes.wstring_at",
    }
)
_STDLIB_DIR = os.path.realpath(sysconfig.get_paths()["stdlib"]) + os.sep
_CTYPES_DIR = os.path.join(sysconfig.get_paths()["stdlib"], "ctypes") + os.sep
_SOURCE_READERS = (f"{os.sep}linecache.py", f"{os.sep}tokenize.py")


def install(roots: Roots, nonce: str, fd: int, canaries: Sequence[str] = ()) -> Callable[[dict[str, Any]], None]:
    """Add the hook (for the rest of the process's life) and return the function that sends an event."""
    sys.addaudithook(Guard(roots, nonce, fd, canaries))
    return send


def send(payload: dict[str, Any]) -> None:
    """Hand one event to the guard, which writes it to the channel with the nonce."""
    sys.audit(CHANNEL_EVENT, payload)


def order(items: list[Any]) -> None:
    """Ask the guard to move the control tests to the end of `items` (in place)."""
    sys.audit(ORDER_EVENT, items)


def check() -> None:
    """Ask the guard to compare pytest's, the grader's and the tests' functions with how they were."""
    sys.audit(CHECK_EVENT)


_PATCHABLE = (types.FunctionType, types.BuiltinFunctionType, type, classmethod, staticmethod, property)
TRUSTED_MODULES = ("builtins", "pytest", "_pytest", "pluggy", "pytest_timeout", "grader")


class Fingerprint:
    """The functions and classes of pytest, pluggy, the grader, the builtins and the tests, as they were.

    A submission that patches any of them (pytest's test call made a no-op, reports rewritten, `type` or
    `isinstance` replaced, a test's helper swapped) changes one of these bindings; `changed()` names the first
    one found. Modules loaded later are taken in as they are first seen.
    """

    def __init__(self, tests: str) -> None:
        self.tests = _dirs([tests])
        self.modules: dict[str, types.ModuleType] = {}
        self.bindings: dict[tuple[str, str, str], object] = {}
        self.take()

    def _trusted(self, name: str, module: object) -> bool:
        if name.partition(".")[0] in TRUSTED_MODULES:
            return True
        file = _MODULE_DICT.__get__(module).get("__file__")
        return type(file) is str and _under(os.path.realpath(file), self.tests)

    def take(self) -> None:
        """Record every trusted module not recorded yet."""
        modules = sys.modules
        if type(modules) is not dict:
            return
        for name, module in list(dict.items(modules)):
            if name in self.modules or type(module) is not types.ModuleType or not self._trusted(name, module):
                continue
            self.modules[name] = module
            for attr, value in list(_MODULE_DICT.__get__(module).items()):
                if issubclass(type(value), _PATCHABLE):
                    self.bindings[(name, "", attr)] = value
                    if issubclass(type(value), type) and _TYPE_DICT.__get__(value).get("__module__") == name:
                        for key, member in list(_TYPE_DICT.__get__(value).items()):
                            if issubclass(type(member), _PATCHABLE):
                                self.bindings[(name, attr, key)] = member

    def changed(self) -> str:
        """The first binding that differs from the recorded one, as `module.Class.name` ("" if none)."""
        modules = sys.modules
        if type(modules) is not dict:
            return "sys.modules"
        for name, module in self.modules.items():
            if dict.get(modules, name, module) is not module:
                return f"sys.modules[{name!r}]"
            if type(module) is not types.ModuleType:
                return f"the class of module {name}"
        missing = object()
        for (name, owner, attr), value in self.bindings.items():
            namespace: Any = _MODULE_DICT.__get__(self.modules[name])
            if owner:
                holder = dict.get(namespace, owner, missing)
                if not issubclass(type(holder), type):
                    return f"{name}.{owner}"
                namespace = _TYPE_DICT.__get__(holder)
            if namespace.get(attr, missing) is not value:
                return ".".join(part for part in (name, owner, attr) if part)
        self.take()
        return ""


_MODULE_DICT: Any = vars(types.ModuleType)["__dict__"]
_TYPE_DICT: Any = vars(type)["__dict__"]
