"""Runs one measured child process: wall time, exit code, output and the
child's own peak resident memory (ru_maxrss from wait4, so nothing the
harness itself allocates is counted)."""

import dataclasses
import os
import signal
import subprocess
import tempfile
import threading
import time


@dataclasses.dataclass
class Outcome:
    command: list
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_bytes: int
    timed_out: bool = False

    @property
    def ok(self):
        return self.returncode == 0 and not self.timed_out

    def failure(self):
        """One line saying why the child failed ('' when it did not)."""
        if self.timed_out:
            return f"timed out after {self.seconds:.0f}s"
        if self.returncode != 0:
            last = [line for line in self.stderr.strip().splitlines() if line.strip()]
            reason = last[-1] if last else "no message"
            return f"exit status {self.returncode}: {reason}"
        return ""


def run(command, timeout=None, env=None, cwd=None):
    """Runs `command` (a list) to completion, or kills its process group after
    `timeout` seconds. Output goes through temporary files so that a chatty
    child can never block on a full pipe."""
    command = [str(part) for part in command]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   env=env, cwd=cwd, start_new_session=True)
        expired = threading.Event()

        def kill():
            expired.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Outcome(command=command, returncode=process.returncode,
                       stdout=out.read().decode("utf-8", "replace"),
                       stderr=err.read().decode("utf-8", "replace"),
                       seconds=seconds, peak_rss_bytes=usage.ru_maxrss * 1024,
                       timed_out=expired.is_set())
