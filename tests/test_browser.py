"""The HTML report as a person sees it: rendered by headless Chromium (Debian's `chromium`, installed by .ci/run).

Checks that the page draws something at desktop width and at 320 px, that the browser logs nothing (no script
error, no blocked resource, no Content-Security-Policy violation: the page fetches nothing), that our step-through
script ran, and that hostile output stays text: it would change the title or add an attribute if it ran.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from test_reporters_formats import RESULTS
from test_reporters_formats import hostile
from test_reporters_formats import load

from grader.reporters import html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]
HOSTILE_OUTPUT = (
    "<script>document.title='PWNED'</script>"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
    "\x1b[2J\x1b[31mred\x1b[0m bytes: \udcff\udcfe end"
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install chromium; .ci/run does it)"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import dataclasses

    bad = hostile()
    case = dataclasses.replace(bad.tests[0], output=HOSTILE_OUTPUT)
    bad = dataclasses.replace(bad, tests=(case,))
    text = html.render_learner(
        [load("lost_update"), load("deadlock"), bad],
        sources={"bank.py": (RESULTS / "bank.py").read_text() + "\n# <script>document.title='PWNED'</script>\n"},
        learner="<i>ada</i>",
    )
    path = tmp_path_factory.mktemp("browser") / "report.html"
    html.write(text, path)
    return path


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_dom_after_scripts_ran(report: Path, tmp_path: Path) -> None:
    done = chromium(
        tmp_path, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", report.as_uri()
    )
    dom = done.stdout
    assert "</html>" in dom, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], "the browser logged: " + "\n".join(console)
    assert 'data-stepper="ready"' in dom  # our script ran: its CSP hash matches
    assert "PWNED</title>" not in dom and 'data-pwned="1"' not in dom
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom
    assert "&lt;img src=x onerror=" in dom
    assert "&lt;i&gt;ada&lt;/i&gt;" in dom


@pytest.mark.parametrize("width", [1280, 320])
def test_screenshot_is_not_blank(report: Path, tmp_path: Path, width: int) -> None:
    shot = tmp_path / f"report-{width}.png"
    done = chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},1400", report.as_uri())
    assert shot.is_file(), done.stderr[-2000:]
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        assert rgb.size == (width, 1400)
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        white = sum(count for count, colour in colours if colour == (255, 255, 255))
    assert len(colours) > 50, "the page looks blank"
    assert white < 0.97 * width * 1400
