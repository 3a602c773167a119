"""Executes one notebook with nbclient, saving it after every cell and reporting progress as JSON lines.

Usage: execute_notebook.py NOTEBOOK CWD CELL_TIMEOUT_SECONDS RUNNER_PID
The notebook is executed in place. Exit status: 0 done, 1 a cell raised, 2 the kernel died or a cell timed out,
3 the runner was already gone.
"""
import ctypes
import json
import os
import signal
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def save(notebook, path):
    temporary = f"{os.path.dirname(path)}/.{os.path.basename(path)}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        nbformat.write(notebook, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def die_with_runner(runner_pid):
    """Asks Linux to SIGKILL this driver when the runner dies, however it dies (kill -9, out of memory).

    The kernel's launcher (tools/tslab-kernel) does the same for the kernel when this driver dies, so a killed run
    leaves no training process behind to compete for the CPU or write into the model cache later.
    """
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != runner_pid:  # the runner died before the request above took effect
        sys.exit(3)


class ReportingClient(NotebookClient):
    """Streams cell progress and stdout/stderr to the runner while the kernel works."""

    def __init__(self, notebook, path, **kwargs):
        super().__init__(notebook, **kwargs)
        self.path = path
        self.code_cells = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
        self.cell_started = 0.0
        self.on_cell_start = self.report_start
        self.on_cell_executed = self.report_done

    def report_start(self, cell, cell_index):
        self.cell_started = time.monotonic()
        if cell_index not in self.code_cells:
            return
        first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
        emit("cell_start", index=cell_index, ordinal=self.code_cells.index(cell_index) + 1,
             total=len(self.code_cells), first_line=first_line[:100])

    def report_done(self, cell, cell_index, execute_reply):
        if cell_index not in self.code_cells:
            return
        emit("cell_done", index=cell_index, seconds=round(time.monotonic() - self.cell_started, 2))
        save(self.nb, self.path)

    def output(self, outs, msg, display_id, cell_index):
        if msg["msg_type"] == "stream":
            emit("stream", name=msg["content"]["name"], text=msg["content"]["text"])
        return super().output(outs, msg, display_id, cell_index)


def main():
    path, cwd, timeout, runner_pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    die_with_runner(runner_pid)
    notebook = nbformat.read(path, as_version=4)
    client = ReportingClient(notebook, path, timeout=timeout, kernel_name="tslab",
                             resources={"metadata": {"path": cwd}}, record_timing=False)
    status = 0
    try:
        client.execute()
    except CellExecutionError as error:
        emit("cell_error", message=str(error)[-4000:])
        status = 1
    except CellTimeoutError as error:
        emit("kernel_failed", reason=f"a cell ran longer than the {timeout} s timeout", message=str(error)[-2000:])
        status = 2
    except DeadKernelError as error:
        emit("kernel_failed", reason="the kernel died", message=str(error)[-2000:])
        status = 2
    finally:
        save(notebook, path)
    sys.exit(status)


if __name__ == "__main__":
    main()
