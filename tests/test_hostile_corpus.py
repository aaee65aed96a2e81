"""Every file of the hostile corpus (tests/data/hostile, written by scripts/make_hostile.py) is
run through the `epaperdesk` command in a process of its own, under resource limits, and must
be refused — or, where the manifest says it is legal, handled — in bounded time and memory:
never a hang, a traceback, or a read or write outside what was opened.

Limits of each run (set in preexec_fn): RLIMIT_AS 1.5 GB (`epaperdesk check` of the sample
needs under 160 MB of address space, a proof or an import under 200 MB, the window's
screenshot under 600 MB), RLIMIT_CPU 10 s, and 20 s of wall time. The checks:

- the exit status is one the manifest allows: a refusal exits with the command's error status
  (1; 2 for check, proof and import-comments, whose 1 means "done, with findings"), a legal
  input with 0;
- a refusal's message (stderr) names the problem: it matches the entry's `names` pattern;
- no Python traceback (the runs set EPAPERDESK_DEBUG=1, so an unexpected exception shows as
  one instead of the command line's one-line "this is a bug" note, which fails too), no
  MemoryError, no crash, no wrapped unexpected exception ("damaged (KeyError: …)");
- no file outside the run's folder is written, and none outside it, the Python installation,
  EpaperDesk's own package and the system's libraries and data is read. Every file system
  call is seen with strace where it works; otherwise Python's audit hooks see Python's own.

Peak memory is the resident peak GNU time reports for the command (where /usr/bin/time is
missing: wait4's figure, which cannot be lower than this test process's own size).
Entries run in parallel (WORKERS processes at a time). Set EPAPERDESK_HOSTILE_REPORT=path to
get a Markdown table of every run: input, surface, result, exit status, wall time, peak memory;
EPAPERDESK_HOSTILE_TRACE=audit uses the audit hooks even where strace works.
"""

from __future__ import annotations

import codecs
import concurrent.futures
import json
import lzma
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "hostile"
SAMPLE = ROOT / "resources" / "samples" / "meridian-weekly.epd"
MANIFEST: dict[str, dict] = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))

ADDRESS_SPACE = 1536 * 1024**2
CPU_SECONDS = 10
WALL_SECONDS = 20.0
WORKERS = 3
CORPUS_BYTES = 3 * 1024**2
LOCK_NAME = ".~lock.edition.epd#"

TRACEBACK = "Traceback (most recent call last)"
MEMORY = re.compile(r"MemoryError|not enough memory|bad_alloc|allocat\w* (memory|output buffer)|out of memory", re.I)
NEAR_THE_LIMIT = 0.9  # of ADDRESS_SPACE: a peak this high means the run met the limit
BUG_NOTE = re.compile(r"could not finish \(|this is a bug in EpaperDesk")
WRAPPED = re.compile(r"\b([A-Z]\w*(?:Error|Exception))\b: ")

WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND")
OPENS = {"open", "openat", "openat2", "creat"}
CHANGES = {
    "truncate", "rename", "renameat", "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat", "rmdir", "link",
    "linkat", "symlink", "symlinkat", "chmod", "fchmodat", "chown", "lchown", "fchownat", "utimensat", "mknod",
    "mknodat",
}  # fmt: skip
SYSCALLS = ",".join("?" + name for name in sorted(OPENS | CHANGES))
STRACE_LINE = re.compile(r"^(\d+)\s+(?:<\.\.\. (\w+) resumed>(.*)|(\w+)\((.*))$")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
FD_PATH = re.compile(r"^(?:\d+|AT_FDCWD)<(.*)>$")  # a directory descriptor as strace -y shows it

# what a run may read besides its own folder: Python, EpaperDesk and the system's libraries
SYSTEM_READS = (
    "/usr/", "/lib/", "/lib32/", "/lib64/", "/libx32/", "/etc/ld.so.cache", "/etc/ld.so.preload", "/etc/localtime",
    "/etc/fonts/", "/etc/locale.alias", "/etc/gai.conf", "/proc/", "/sys/", "/dev/null", "/dev/urandom",
    "/dev/random", "/dev/shm/", "/dev/tty", "/dev/dri/", "/var/cache/fontconfig/", "/etc/machine-id",
    "/var/lib/dbus/machine-id",
)  # fmt: skip
# what a run may write besides its own folder
SYSTEM_WRITES = ("/dev/null", "/dev/shm/", "/dev/tty", "/proc/self/")

AUDIT_HOOK = """\
import os, sys
_log = os.open(os.environ["EPAPERDESK_HOSTILE_AUDIT"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_CHANGES = {"os.rename": 2, "os.remove": 1, "os.mkdir": 1, "os.rmdir": 1, "os.symlink": 2, "os.link": 2,
            "os.truncate": 1, "os.chmod": 1, "os.chown": 1, "os.utime": 1, "shutil.rmtree": 1}
def _note(kind, path):
    if isinstance(path, (str, bytes, os.PathLike)):
        text = os.path.abspath(os.fsdecode(path)).replace("\\n", "?")
        os.write(_log, f"{kind}\\t{text}\\n".encode("utf-8", "replace"))
def _hook(event, args):
    if event == "open":
        path, mode, flags = args
        writes = bool(mode and set(mode) & set("wax+")) or bool(isinstance(flags, int) and flags & _WRITE)
        _note("write" if writes else "read", path)
    elif event in _CHANGES:
        for path in args[: _CHANGES[event]]:
            _note("write", path)
sys.addaudithook(_hook)
"""


def _strace() -> list[str]:
    """The strace command that works here (with a seccomp filter, so that only the traced
    calls stop the process: ptrace on every call makes a run ten times slower), or []."""
    strace = shutil.which("strace")
    if strace is None:
        return []
    for options in (["--seccomp-bpf"], []):
        command = [strace, *options, "-f", "-qq", "-o", os.devnull, "-e", "trace=?openat", "true"]
        try:
            if subprocess.run(command, capture_output=True, timeout=20).returncode == 0:
                return [strace, *options]
        except (OSError, subprocess.SubprocessError):
            return []
    return []


STRACE = [] if os.environ.get("EPAPERDESK_HOSTILE_TRACE") == "audit" else _strace()


def _timer() -> list[str]:
    """GNU time, which reports the peak memory of the command it forks. (The rusage of our own
    child would not do: a process forked from pytest starts with pytest's resident size as
    its peak, and keeps it through exec.)"""
    timer = shutil.which("time", path="/usr/bin:/bin")
    if timer is None:
        return []
    try:
        done = subprocess.run([timer, "-f", "%M", "-o", os.devnull, "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return []
    return [timer] if done.returncode == 0 else []


TIMER = _timer()
KILLED_BY = re.compile(r"Command terminated by signal (\d+)")


@dataclass
class Run:
    name: str
    folder: Path
    args: list[str]
    args_file: str  # the input as the command sees it (left out where a message must name the problem)
    status: int | None = None  # exit status; negative: killed by that signal
    timed_out: bool = False
    wall: float = 0.0
    peak_kb: int = 0
    stdout: str = ""
    stderr: str = ""
    touched: list[str] = field(default_factory=list)  # "read PATH" / "write PATH" outside what it may
    problems: list[str] = field(default_factory=list)

    def shorten(self, text: str) -> str:
        """Text with the run's folders written as {tmp} and {in}."""
        return text.replace(str(self.folder / "out"), "{tmp}").replace(str(self.folder / "in"), "{in}")


def limit_resources() -> None:
    """preexec_fn of every run (only calls into C: safe between fork and exec)."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (2 * 1024**3, 2 * 1024**3))


# -- one run -------------------------------------------------------------------------------------


def prepare(name: str, entry: dict, folder: Path) -> tuple[list[str], Path, list[Path]]:
    """Make the run's folders and input; the command's arguments, the input, and paths to
    remove after."""
    out, given = folder / "out", folder / "in"
    for part in ("in", "out", "home", "cache", "config", "data", "tmp"):
        (folder / part).mkdir(parents=True)
    (folder / "runtime").mkdir(mode=0o700)
    setup = entry.get("setup", {})
    cleanup: list[Path] = []
    if "edition" in setup:
        path = out / "edition.epd"
        shutil.copyfile(CORPUS / setup["edition"], path)
        lock = out / LOCK_NAME
        kind = setup.get("lock")
        if kind == "symlink-dev-zero":
            lock.symlink_to("/dev/zero")
        elif kind == "fifo":
            os.mkfifo(lock)
        elif kind == "directory":
            lock.mkdir()
        elif kind is not None:
            raise ValueError(f"{name}: unknown lock kind {kind!r}")
    else:
        stored = CORPUS / entry.get("stored", name)
        path = given / name
        if stored.name != name and stored.suffix == ".xz":
            path.write_bytes(lzma.decompress(stored.read_bytes()))
        else:
            shutil.copyfile(stored, path)
    if "fifo" in setup:
        fifo = Path(setup["fifo"])
        if fifo.exists() or fifo.is_symlink():
            fifo.unlink()
        os.mkfifo(fifo)
        cleanup.append(fifo)
    sample = out / "sample.epd"
    if any("{sample}" in a for a in entry["command"]):
        shutil.copyfile(SAMPLE, sample)
    args = [
        a.replace("{file}", str(path)).replace("{tmp}", str(out)).replace("{sample}", str(sample))
        for a in entry["command"]
    ]
    return args, path, cleanup


def child_environment(folder: Path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder / "home"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_RUNTIME_DIR": str(folder / "runtime"),
        "TMPDIR": str(folder / "tmp"),
        "USER": "hostile",
        "LOGNAME": "hostile",
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONFAULTHANDLER": "1",
        "EPAPERDESK_DEBUG": "1",  # an unexpected exception shows as a traceback, not as one line
    }
    if not STRACE:
        (folder / "audit").mkdir()
        (folder / "audit" / "sitecustomize.py").write_text(AUDIT_HOOK, encoding="utf-8")
        env["PYTHONPATH"] = str(folder / "audit")
        env["EPAPERDESK_HOSTILE_AUDIT"] = str(folder / "audit.log")
    return env


def group_members(group: int) -> list[int]:
    """The processes of a process group (from /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == group:
                members.append(int(entry.name))
    return members


def _finished(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split() or ["Z"])[0] == "Z"
    except OSError:
        return True


def _command_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def stop(pid: int) -> None:
    """Kill a run that is over its time: the processes strace traces first (so that it writes
    down what they were doing and GNU time what they used), then the whole group."""
    for member in group_members(pid):
        if member != pid and _command_name(member) not in ("strace", "time"):
            try:
                os.kill(member, signal.SIGKILL)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 3
    while not _finished(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_entry(name: str, entry: dict, folder: Path) -> Run:
    args, path, cleanup = prepare(name, entry, folder)
    run = Run(name, folder, args, str(path))
    command = [sys.executable, "-m", "epaperdesk", *args]
    if STRACE:
        command = [*STRACE, "-f", "-qq", "-y", "-o", str(folder / "trace.log"), "-e", f"trace={SYSCALLS}", *command]
    if TIMER:
        command = [*TIMER, "-f", "%M", "-o", str(folder / "time.txt"), *command]
    env = child_environment(folder)
    try:
        with open(folder / "stdout", "wb") as out, open(folder / "stderr", "wb") as err:
            started = time.monotonic()
            process = subprocess.Popen(
                command, cwd=folder / "out", env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                preexec_fn=limit_resources, start_new_session=True,
            )  # fmt: skip
            while True:
                pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() - started > WALL_SECONDS:
                    run.timed_out = True
                    stop(process.pid)
                    pid, wait_status, usage = os.wait4(process.pid, 0)
                    break
                time.sleep(0.02)
            run.wall = time.monotonic() - started
            run.status = process.returncode = os.waitstatus_to_exitcode(wait_status)
            run.peak_kb = usage.ru_maxrss
            if TIMER:  # the command's own status and peak, as GNU time saw them
                report = (folder / "time.txt").read_text().split() if (folder / "time.txt").exists() else []
                killed = KILLED_BY.search(" ".join(report))
                run.status = -int(killed.group(1)) if killed else run.status
                run.peak_kb = int(report[-1]) if report and report[-1].isdigit() else run.peak_kb
    finally:
        run.stdout = (folder / "stdout").read_text("utf-8", "replace") if (folder / "stdout").exists() else ""
        run.stderr = (folder / "stderr").read_text("utf-8", "replace") if (folder / "stderr").exists() else ""
        run.touched = outside(folder, trace_events(folder))
        for path in cleanup:
            path.unlink(missing_ok=True)
    run.problems = judge(entry, run)
    return run


# -- what a run touched --------------------------------------------------------------------------


def _unescape(text: str) -> str:
    try:
        return codecs.escape_decode(text.encode("latin-1", "backslashreplace"))[0].decode("utf-8", "replace")
    except ValueError:
        return text


def _strace_event(call: str, args: str, result: str, cwd: Path) -> list[tuple[str, str]]:
    """("read"|"write", path) for one finished (or never finished) call that succeeded."""
    if result.startswith("-") or (call not in OPENS and call not in CHANGES):
        return []
    paths = [_unescape(p) for p in STRING.findall(args)]
    base = cwd
    first = args.split(",", 1)[0].strip()
    decorated = FD_PATH.match(first)
    if decorated and call.endswith("at"):
        base = Path(_unescape(decorated.group(1)))
    if call.startswith("symlink"):
        paths = paths[1:]
    full = [str(base / p) if not p.startswith("/") else p for p in paths]
    if call in OPENS:
        if "O_DIRECTORY" in args or not full:
            return []
        kind = "write" if call == "creat" or any(flag in args for flag in WRITE_FLAGS) else "read"
        return [(kind, full[0])]
    return [("write", p) for p in full]


def trace_events(folder: Path) -> list[tuple[str, str]]:
    """Every file the run opened or changed, as ("read"|"write", path)."""
    cwd = folder / "out"
    if not STRACE:
        log = folder / "audit.log"
        lines = log.read_text("utf-8", "replace").splitlines() if log.exists() else []
        noted = [line.split("\t", 1) for line in lines if "\t" in line]
        return [(kind, path) for kind, path in noted if kind == "write" or os.path.exists(path)]
    log = folder / "trace.log"
    if not log.exists():
        return []
    events: list[tuple[str, str]] = []
    pending: dict[str, tuple[str, str]] = {}
    for line in log.read_text("utf-8", "replace").splitlines():
        match = STRACE_LINE.match(line)
        if not match:
            continue
        pid, resumed, rest, call, args = match.groups()
        if resumed:
            call, args = pending.pop(pid, (resumed, ""))
            result = rest.rsplit("= ", 1)[1] if "= " in rest else "?"
        elif args.endswith("<unfinished ...>"):
            pending[pid] = (call, args)
            continue
        else:
            result = args.rsplit(") = ", 1)[1] if ") = " in args else "?"
        events += _strace_event(call, args, result, cwd)
    for call, args in pending.values():  # blocked until the run was killed: it was opened
        events += _strace_event(call, args, "?", cwd)
    return events


def _roots() -> tuple[tuple[str, ...], tuple[str, ...]]:
    python = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    python |= {os.path.realpath(p) for p in python}
    own = {str(ROOT / "epaperdesk"), str(ROOT / "resources"), str(ROOT / "epaperdesk.egg-info")}
    reads = tuple(p.rstrip("/") + "/" for p in python | own) + SYSTEM_READS
    return reads, SYSTEM_WRITES


READ_ROOTS, WRITE_ROOTS = _roots()


def _under(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root.rstrip("/") or path.startswith(root) for root in roots)


def outside(folder: Path, events: list[tuple[str, str]]) -> list[str]:
    """The events outside what a run may touch (its folder; for reads also Python, EpaperDesk
    and the system), each once."""
    mine = (str(folder) + "/", os.path.realpath(folder) + "/")
    found: list[str] = []
    for kind, path in events:
        normal = os.path.normpath(path)
        candidates = {normal, os.path.realpath(normal) if os.path.lexists(normal) else normal}
        allowed = mine + (READ_ROOTS if kind == "read" else WRITE_ROOTS)
        if not any(_under(c, allowed) for c in candidates):
            note = f"{kind} {normal}"
            if note not in found:
                found.append(note)
    return found


# -- the verdict ---------------------------------------------------------------------------------


def judge(entry: dict, run: Run) -> list[str]:
    """What is wrong with a run (nothing: it passed)."""
    problems = []
    status, stderr = run.status, run.stderr
    if run.timed_out:
        problems.append(f"hang: still running after {WALL_SECONDS:.0f} s, killed")
    elif status is not None and status < 0:
        killer = signal.Signals(-status).name
        if -status == signal.SIGXCPU or (-status == signal.SIGKILL and not run.timed_out):
            problems.append(f"CPU: over the {CPU_SECONDS} s CPU limit ({killer})")
        else:
            problems.append(f"crash: killed by {killer}")
    if TRACEBACK in stderr:
        problems.append(f"traceback: {last_line(stderr)}")
    elif "Fatal Python error" in stderr:
        problems.append(f"crash: {first_line(stderr[stderr.index('Fatal Python error') :])}")
    memory = MEMORY.search(stderr)
    if memory:
        problems.append(f"memory: ran out of the {ADDRESS_SPACE // 1024**2} MB address space ({memory.group(0)})")
    elif run.peak_kb * 1024 >= NEAR_THE_LIMIT * ADDRESS_SPACE:
        problems.append(f"memory: peak {run.peak_kb // 1024} MB, at the {ADDRESS_SPACE // 1024**2} MB limit")
    if BUG_NOTE.search(stderr):
        problems.append(f"unexpected exception: {first_line(stderr)}")
    elif TRACEBACK not in stderr:
        wrapped = WRAPPED.search(stderr)
        if wrapped:
            problems.append(f"unexpected exception wrapped into the message: {wrapped.group(1)}")
    if status is not None and status >= 0 and status not in entry["exit"]:
        problems.append(f"exit status {status}, expected {' or '.join(map(str, entry['exit']))} ({entry['expect']})")
    refusal = status is not None and status > 0 and entry["expect"] != "accepted"
    refusal = refusal and (entry["expect"] == "refused" or status == max(entry["exit"]))
    message = stderr.replace(run.args_file, "{file}").replace(Path(run.args_file).name, "{file}")
    if refusal and entry.get("names") and not re.search(entry["names"], message, re.I) and TRACEBACK not in stderr:
        problems.append(f"the message does not name the problem (/{entry['names']}/): {first_line(stderr) or '(none)'}")
    if run.touched:
        problems.append("touched outside the run's folder: " + "; ".join(run.touched[:5]))
    return problems


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith(" ")]
    return lines[-1] if lines else ""


def result_text(run: Run) -> str:
    if run.timed_out:
        text = f"hang: killed after {WALL_SECONDS:.0f} s"
    elif run.status is not None and run.status < 0:
        text = f"killed by {signal.Signals(-run.status).name}"
    elif TRACEBACK in run.stderr:
        text = f"Traceback: {last_line(run.stderr)}"
    else:
        text = first_line(run.stderr) or first_line(run.stdout) or "(no output)"
    return run.shorten(text)


# -- the report ----------------------------------------------------------------------------------


def _cell(text: str, width: int = 180) -> str:
    text = " ".join(text.split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.replace("|", "\\|")


def write_report(path: Path, runs: dict[str, Run]) -> None:
    lines = [
        f"Hostile corpus: {len(runs)} runs, limits {ADDRESS_SPACE // 1024**2} MB address space, "
        f"{CPU_SECONDS} s CPU, {WALL_SECONDS:.0f} s wall; file access seen with {'strace' if STRACE else 'audit hooks'}; "
        f"peak memory (resident) {'from GNU time' if TIMER else 'from wait4 (at least the test process: an upper bound)'}.",
        "",
        "| input | surface | expect | result (first line of the message) | exit | wall s | peak MB | verdict |",
        "| --- | --- | --- | --- | --- | ---: | ---: | --- |",
    ]
    for name, run in sorted(runs.items()):
        entry = MANIFEST[name]
        status = "killed" if run.timed_out else ("" if run.status is None else str(run.status))
        verdict = "ok" if not run.problems else "FAIL: " + "; ".join(run.problems)
        lines.append(
            f"| {name} | {entry['surface']} | {entry['expect']} | {_cell(result_text(run))} | {status} | "
            f"{run.wall:.1f} | {run.peak_kb / 1024:.0f} | {_cell(run.shorten(verdict), 300)} |"
        )
    failing = sum(1 for run in runs.values() if run.problems)
    lines += ["", f"{len(runs) - failing} passed, {failing} failed."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the tests -----------------------------------------------------------------------------------


def _selected(request: pytest.FixtureRequest) -> list[str]:
    names = [
        item.callspec.params["name"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_hostile_entry" and hasattr(item, "callspec")
    ]
    return names or sorted(MANIFEST)


@pytest.fixture(scope="module")
def corpus_runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Run every selected entry once, WORKERS at a time; the report is written when all are done."""
    base = tmp_path_factory.mktemp("hostile")
    names = _selected(request)
    slow_first = sorted(names, key=lambda n: (MANIFEST[n]["surface"] != "lock", n))  # the window starts slowly
    runs: dict[str, Run] = {}
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        futures = {
            pool.submit(run_entry, name, MANIFEST[name], base / re.sub(r"[^\w.-]", "_", name)): name
            for name in slow_first
        }
        for future in concurrent.futures.as_completed(futures):
            runs[futures[future]] = future.result()
    report = os.environ.get("EPAPERDESK_HOSTILE_REPORT")
    if report:
        write_report(Path(report), runs)
    return runs


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_hostile_entry(name: str, corpus_runs: dict[str, Run]) -> None:
    run = corpus_runs[name]
    entry = MANIFEST[name]
    details = (
        f"{name} ({entry['surface']}: {entry['what']})\n  command: epaperdesk {' '.join(run.shorten(a) for a in run.args)}\n"
        f"  exit {run.status}, {run.wall:.1f} s, peak {run.peak_kb / 1024:.0f} MB\n"
        f"  stderr: {run.shorten(run.stderr[-1500:]).strip() or '(none)'}"
    )
    assert not run.problems, "\n".join(["", *("  - " + p for p in run.problems), details])


def test_manifest_and_files_agree() -> None:
    stored = {entry.get("stored", name) for name, entry in MANIFEST.items() if "made_by_test" not in entry}
    present = {path.name for path in CORPUS.iterdir()} - {"MANIFEST.json"}
    assert stored == present, "run scripts/make_hostile.py: the manifest and tests/data/hostile differ"
    total = sum((CORPUS / name).stat().st_size for name in present)
    assert total < CORPUS_BYTES, f"the corpus is {total / 1e6:.1f} MB on disk; keep it under 3 MB"
    for name, entry in MANIFEST.items():
        assert {"surface", "what", "command", "expect", "exit"} <= set(entry), name
        assert entry["expect"] in ("refused", "accepted", "either"), name
        assert "{file}" in entry["command"], name
