"""What every benchmark here measures of one backlab process: wall time and peak memory.

The peak is the child's ru_maxrss from wait4. It is the child's own only because the parent is
this small Python process: a child spawned from a large process (a test runner, say) reports
the parent's memory too, which it shares until exec.
"""
import os
import subprocess
import sys
import tempfile
import time


def run(argv, cwd, capture=True):
    """Runs argv in cwd; returns (seconds, peak RSS in MB, stdout, stderr), or exits with the
    command's stderr when it fails. Without `capture` the output goes to /dev/null ("", "")."""
    out, err = (tempfile.TemporaryFile(), tempfile.TemporaryFile()) if capture else (subprocess.DEVNULL, subprocess.DEVNULL)
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stdout = stderr = ""
    if capture:
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed in {cwd} with {os.waitstatus_to_exitcode(status)}: {stderr}")
    return seconds, usage.ru_maxrss / 1024, stdout, stderr
