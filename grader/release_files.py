"""The texts of the learner handout that `grade release` writes besides the exercises (its templates).

`%(name)s` fields are filled in by `grader.release`: the Python minor version of the instructor's grading, the
checkout folder of the instructor's tests, the pass mark.
"""

from __future__ import annotations

WORKFLOW = """\
# Grades this repository on every push with the instructor's full test suite, hidden tests included.
#
# The hidden tests are not in this repository: they are checked out from the instructor's private repository
# (the repository variable GRADER_TESTS_REPOSITORY, e.g. my-course/kata-grading) with a read-only token kept in
# the secret GRADER_TESTS_TOKEN (a fine-grained token with read access to that one repository). Learners can
# read neither. Note: whoever may edit this workflow can make it print what it checks out; for grades that
# count, keep the learner's repository from changing .github/ (branch protection, CODEOWNERS) or grade the
# repositories from the instructor's side with `grade batch`.
name: grade

on:
  push:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  grade:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - name: Check out the submission
        uses: actions/checkout@v4
        with:
          path: submission
      - name: Check out the instructor's tests (private)
        uses: actions/checkout@v4
        with:
          repository: ${{ vars.GRADER_TESTS_REPOSITORY }}
          token: ${{ secrets.GRADER_TESTS_TOKEN }}
          path: %(tests)s
          persist-credentials: false
      # The Python minor version the instructor grades with: schedules and replays differ between minor versions.
      - uses: actions/setup-python@v5
        with:
          python-version: "%(python)s"
      - name: Install the grader (the wheel shipped in wheels/, dependencies pinned)
        working-directory: submission
        run: pip install -r requirements.txt
      - name: Grade
        run: >-
          grade ci --submissions submission --root %(tests)s --min-score %(min_score)s
          --junit grade-junit.xml --gradescope results.json
      - name: Keep the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: grading
          path: |
            grade-junit.xml
            results.json
"""

README = """\
# Concurrency katas

Each exercise is in `exercises/NN_slug/`: read `instructions.md` (`instructions.zh.md` in Chinese), edit the
file with the `# TODO:` marks, and look at `hints.md` when stuck. The tests in `tests/visible/` are a sample;
the grade also uses tests you do not see.

Use Python %(python)s (the version your work is graded with) and run these in this folder:

```sh
python%(python)s -m venv .venv && .venv/bin/pip install -r requirements.txt
.venv/bin/grade list --root .
.venv/bin/grade 01 --root .        # grades exercises/01_*/ with the visible tests
```

`requirements.txt` installs the grader from the wheel in `wheels/` (it is on no package index) and its
dependencies at the exact versions it is graded with.

Every push runs `.github/workflows/grade.yml`, which grades your work with the full tests and shows the
result in the run's summary.

## Linux, macOS, Windows

The grader is at home on Linux: with bubblewrap installed (`apt install bubblewrap`) it runs your code in a
sandbox, and it detects hangs of real processes from `/proc`.

* **Windows**: the grader does not run natively (it needs POSIX processes, signals and file locks). Use the
  dev container (below) or WSL 2.
* **macOS**: it runs, with less: no bubblewrap sandbox and no control groups (only per-process limits), and no
  `/proc`, so a hang of real processes is found only at the time limit, and the exercises with real processes
  (signalling your own child processes, multiprocessing) may be graded wrongly. The thread and asyncio
  exercises grade as on Linux. For the rest use the dev container.
* **Dev container**: `.devcontainer/` is a Debian bookworm image with Python %(python)s and bubblewrap. Open this
  folder in VS Code with the Dev Containers extension ("Reopen in Container") or in GitHub Codespaces; the
  grader is installed when the container is created, and grades as on Linux.
"""

GITIGNORE = """\
.venv/
__pycache__/
*.pyc
.pytest_cache/
.grade/
"""

# Debian bookworm's own python3 is 3.11; another minor version comes from the official image built on bookworm.
DOCKERFILE_DEBIAN = """\
FROM debian:bookworm
RUN apt-get update \\
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
        python3 python3-venv bubblewrap git ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
"""

DOCKERFILE_PYTHON = """\
FROM python:%(python)s-slim-bookworm
RUN apt-get update \\
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
        bubblewrap git ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
"""

DEVCONTAINER = """\
{
  "name": "concurrency-katas",
  // bubblewrap makes namespaces and mounts a /proc of its own, which Docker's default seccomp and AppArmor
  // profiles and its masked /proc paths forbid; without these the grader still runs, in fallback isolation.
  "build": {"dockerfile": "Dockerfile"},
  "runArgs": [
    "--security-opt", "seccomp=unconfined",
    "--security-opt", "apparmor=unconfined",
    "--security-opt", "systempaths=unconfined"
  ],
  "postCreateCommand": "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
  "customizations": {
    "vscode": {
      "extensions": ["ms-python.python"],
      "settings": {"python.defaultInterpreterPath": ".venv/bin/python"}
    }
  }
}
"""
