from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from grader import sandbox


def python(code: str) -> list[str]:
    return [sys.executable, "-I", "-c", code]


def run(code: str, tmp_path: Path, **kwargs: object) -> sandbox.SandboxResult:
    env = sandbox.child_environment(tmp_path)
    return sandbox.run(python(code), cwd=tmp_path, env=env, **{"wall_timeout": 30, **kwargs})  # type: ignore[arg-type]


def test_captures_output_and_return_code(tmp_path: Path) -> None:
    result = run("import sys; print('out'); print('err', file=sys.stderr); sys.exit(4)", tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (4, "out\n", "err\n")
    assert not result.timed_out and not result.output_limit


def test_environment_is_scrubbed_and_stdin_closed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SECRET_TOKEN", "leak")
    code = "import os, sys; print(sorted(os.environ)); print(repr(sys.stdin.read())); print(os.environ['HOME'])"
    result = run(code, tmp_path)
    names, stdin, home = result.stdout.splitlines()
    assert "SECRET_TOKEN" not in names
    assert "'PYTHONHASHSEED'" in names and "'MALLOC_ARENA_MAX'" in names
    assert stdin == "''"
    assert home == str(tmp_path)


def test_resource_limits_apply(tmp_path: Path) -> None:
    code = "import resource as r; print([r.getrlimit(x)[0] for x in (r.RLIMIT_CORE, r.RLIMIT_NOFILE, r.RLIMIT_FSIZE)])"
    limits = sandbox.ResourceLimits(cpu_seconds=5, file_size=1 << 20, open_files=64)
    assert run(code, tmp_path, limits=limits).stdout.strip() == f"[0, 64, {1 << 20}]"


def test_child_runs_in_its_own_session(tmp_path: Path) -> None:
    result = run("import os; print(os.getsid(0) == os.getpid())", tmp_path)
    assert result.stdout.strip() == "True"


def test_output_is_capped_keeping_head_and_tail(tmp_path: Path) -> None:
    code = (
        "import sys; sys.stdout.write('HEAD' + 'x' * 300_000 + 'TAIL'); sys.stdout.flush(); import time; time.sleep(60)"
    )
    result = run(code, tmp_path, output_cap=100_000)
    assert result.output_limit
    assert result.stdout.startswith("HEAD")
    assert "bytes dropped" in result.stdout
    assert len(result.stdout) < 110_000


def test_capture_keeps_head_and_tail() -> None:
    capture = sandbox.Capture(cap=10)
    for chunk in (b"abc", b"defgh", b"ijklmnop", b"qrstuvwxyz"):
        capture.add(chunk)
    assert capture.exceeded
    assert capture.text() == "abcde\n[... 16 bytes dropped ...]\nvwxyz"


def test_wall_limit_kills_the_whole_group(tmp_path: Path) -> None:
    code = (
        "import subprocess, signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "child = subprocess.Popen(['sleep', '1000.25'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(1000)\n"
    )
    result = run(code, tmp_path, wall_timeout=1)
    assert result.timed_out
    assert result.returncode == -9
    assert not alive(int(result.stdout.split()[0]))


def test_setsid_grandchild_is_swept(tmp_path: Path) -> None:
    code = "import subprocess; p = subprocess.Popen(['sleep', '1000.75'], start_new_session=True); print(p.pid)"
    result = run(code, tmp_path)
    assert result.returncode == 0
    assert result.leftover_processes >= 1
    assert not alive(int(result.stdout.split()[0]))


def test_the_graders_own_children_survive_the_sweep(tmp_path: Path) -> None:
    """A process the host started (multiprocessing's resource tracker, a Dask nanny) is not a grading's orphan."""
    import subprocess

    own = subprocess.Popen(["sleep", "1000.5"])
    try:
        code = "import subprocess; p = subprocess.Popen(['sleep', '1000.75'], start_new_session=True); print(p.pid)"
        result = run(code, tmp_path)
        assert not alive(int(result.stdout.split()[0]))
        assert own.poll() is None, "the sweep killed a child of the grader's own session"
    finally:
        own.kill()
        own.wait()


def test_channel_lines_arrive_in_order(tmp_path: Path) -> None:
    lines: list[bytes] = []
    with sandbox.open_channel() as channel:
        code = f"import os\nfor i in range(3): os.write({channel.write_fd}, b'line %d\\n' % i)\nos.write({channel.write_fd}, b'tail')"
        env = sandbox.child_environment(tmp_path)
        sandbox.run(python(code), cwd=tmp_path, env=env, wall_timeout=30, channel=channel, on_line=lines.append)
    assert lines == [b"line 0", b"line 1", b"line 2", b"tail"]


def test_a_missing_program_is_reported_not_raised(tmp_path: Path) -> None:
    result = sandbox.run([str(tmp_path / "nope")], cwd=tmp_path, env={}, wall_timeout=5)
    assert result.returncode is None
    assert "could not start" in result.stderr


def alive(pid: int) -> bool:
    """Whether `pid` is a live (not zombie) process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return stat[stat.rfind(")") + 2] != "Z"


def test_the_nonce_arrives_on_a_pipe_not_the_command_line(tmp_path: Path) -> None:
    lines: list[bytes] = []
    with sandbox.open_channel(secret=b"s3cret") as channel:
        code = f"import os\nos.write({channel.write_fd}, os.read({channel.secret_fd}, 100) + b'\\n')"
        env = sandbox.child_environment(tmp_path)
        sandbox.run(python(code), cwd=tmp_path, env=env, wall_timeout=30, channel=channel, on_line=lines.append)
    assert lines == [b"s3cret"]


def test_processes_left_after_the_child_ends_are_counted_and_killed(tmp_path: Path) -> None:
    code = "import subprocess; p = subprocess.Popen(['sleep', '1000.5']); print(p.pid)"
    result = run(code, tmp_path)
    assert result.leftover_processes == 1 and "sleep" in result.leaked[0]
    assert not alive(int(result.stdout.split()[0]))


def test_address_space_limit_gives_memory_error(tmp_path: Path) -> None:
    limits = sandbox.ResourceLimits(address_space=256 << 20)
    result = run("bytearray(1 << 30)", tmp_path, limits=limits)
    assert "MemoryError" in result.stderr


def test_cgroup_limits_memory_and_kills_everything(tmp_path: Path) -> None:
    from grader import cgroups

    group, why = cgroups.create(64 << 20, 32)
    if group is None:
        pytest.skip(f"no control groups here: {why}")
    try:
        code = "import subprocess; subprocess.Popen(['sleep', '1000.25']); x = [b'x' * (1 << 20) for _ in range(200)]"
        result = run(code, tmp_path, group=group)
        assert result.oom_killed
        assert not group.pids()
    finally:
        group.remove()


def test_limits_from_exercise_toml() -> None:
    from grader import limits

    custom = limits.from_table({"memory_mib": 128, "pids": 32, "address_space_mib": 0, "test_timeout": 3})
    assert (custom.memory, custom.pids, custom.address_space) == (128 << 20, 32, None)
    with pytest.raises(ValueError):
        limits.from_table({"pids": -1})
