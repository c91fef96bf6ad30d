"""The batch's terminal side: a progress bar (done/total, failures so far, ETA) and the closing summary line."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn
from rich.progress import MofNCompleteColumn
from rich.progress import Progress
from rich.progress import TextColumn
from rich.progress import TimeElapsedColumn
from rich.progress import TimeRemainingColumn


class Bar:
    """A progress bar over `total` gradings; `advance` after each one, saying whether it failed."""

    def __init__(self, total: int, console: Console, *, description: str = "Grading", disable: bool = False) -> None:
        self.failed = 0
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
            disable=disable,
        )
        self._task = self._progress.add_task(description, total=total, failed=0)

    def __enter__(self) -> Bar:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._progress.stop()

    def advance(self, *, failed: bool = False) -> None:
        self.failed += int(failed)
        self._progress.update(self._task, advance=1, failed=self.failed)
