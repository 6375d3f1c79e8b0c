"""Output stage helper: one build at a time per output folder, on Linux, macOS and Windows.

The lock is the file .standgen/lock, held with the operating system's own lock where
there is one (flock on POSIX, msvcrt on Windows), which the system releases when its
process dies. Where neither exists, creating the file exclusively stands for the lock.
The file names its holder ("pid N on HOST"), so a waiting build can say whom it waits
for; a lock whose holder has died on this host is taken over, because a lock file
outlives its process and forked workers of a killed build may still hold the OS lock.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from pathlib import Path
from typing import IO
from collections.abc import Iterator

try:
    import fcntl
except ImportError:  # Windows, or a Python without it
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # every system but Windows
    msvcrt = None  # type: ignore[assignment]

from generator.diag import Diagnostic, Problems
from generator.messages import msg, register

LOCK = "lock"
# msvcrt locks a byte range and nobody else may read it: lock a byte far past the holder's line.
_WINDOWS_LOCK_OFFSET = 1 << 30

register({
    "lock.busy": ("ein anderer Build schreibt hier ({holder})", "another build is writing here ({holder})"),
    "lock.busy.hint": ("{seconds} s gewartet; versuche es erneut, wenn er fertig ist",
                       "waited {seconds} s; try again when it has finished"),
    "lock.unknown": ("ein anderer Build", "another build"),
})


def mechanism() -> str:
    """Which lock this process uses: 'flock', 'msvcrt' or 'file'."""
    return "flock" if fcntl is not None else "msvcrt" if msvcrt is not None else "file"


def holder_line() -> str:
    return f"pid {os.getpid()} on {socket.gethostname()}"


@contextlib.contextmanager
def locked(state: Path, wait_s: float, where: str) -> Iterator[None]:
    """Hold the lock in the folder `state` for the body; `where` names the output folder in messages."""
    state.mkdir(parents=True, exist_ok=True)
    path = state / LOCK
    handle = _acquire(path, wait_s, where)
    try:
        yield
    finally:
        _release(path, handle)


def _acquire(path: Path, wait_s: float, where: str) -> IO[str] | None:
    deadline = time.monotonic() + wait_s
    while True:
        acquired, handle = _try_lock(path)
        if acquired:
            return handle
        holder = _read_holder(path)
        if holder_is_dead(holder):
            time.sleep(0.1)  # a build that has just taken the lock may not have written its line yet
            if _read_holder(path) == holder:
                with contextlib.suppress(OSError):  # Windows refuses while someone has it open: then wait
                    path.unlink()
                continue
        if time.monotonic() >= deadline:
            raise Problems([Diagnostic(where, msg("lock.busy", holder=holder or msg("lock.unknown")),
                                       msg("lock.busy.hint", seconds=f"{wait_s:g}"))])
        time.sleep(0.1)


def _try_lock(path: Path) -> tuple[bool, IO[str] | None]:
    if mechanism() == "file":
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False, None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(holder_line() + "\n")
        return True, None
    handle = open(path, "a+", encoding="utf-8")
    try:
        _os_lock(handle)
    except OSError:
        handle.close()
        return False, None
    handle.seek(0)
    handle.truncate()
    handle.write(holder_line() + "\n")
    handle.flush()
    return True, handle


def _os_lock(handle: IO[str]) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    else:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)


def _release(path: Path, handle: IO[str] | None) -> None:
    if handle is None:  # the exclusively created file is the lock
        with contextlib.suppress(OSError):
            path.unlink()
        return
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate()  # a holder's line is only there while it holds the lock
        if fcntl is not None:  # forked workers share the lock; closing only our descriptor would not release it
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    handle.close()  # on Windows, closing releases the lock


def _read_holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def holder_is_dead(holder: str) -> bool:
    """The line names a process on this host that no longer runs."""
    parts = holder.split()
    if len(parts) != 4 or parts[0] != "pid" or parts[2] != "on" or not parts[1].isdigit():
        return False
    return parts[3] == socket.gethostname() and not pid_alive(int(parts[1]))


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, but belongs to someone else
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes  # os.kill(pid, 0) would send Ctrl-C on Windows
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(kernel32.GetLastError() == 5)  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
