"""A process pool with a time and a memory limit per document.

`concurrent.futures` cannot stop one task, so a document that loops or inflates (a decompression
bomb) would hold its worker — or the machine — forever. Here each worker is a process of its
own that this one watches: past the time limit, or above the memory limit (resident size, read
from /proc), the worker is killed, the document is `failed` with that reason, a fresh worker
takes its place and the batch goes on. A worker that dies by itself (a crash in a C library)
costs only its document too.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.process import Result, process_file

POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Limits:
    """Per-document bounds; None means unbounded."""

    seconds: float | None = None
    memory_mb: int | None = None


@dataclass(frozen=True)
class Task:
    doc_id: str
    path: Path
    size: int = 0


def _context():
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["pipeline.process"])
    return ctx


def _work(conn, options: dict, env: dict) -> None:
    """Worker loop: receive a path, send back its Result, until told to stop (None). `env` is
    the parent's environment when the worker started (settings such as the reader live there;
    a forkserver child would otherwise see the forkserver's)."""
    os.environ.clear()
    os.environ.update(env)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(process_file(task.path, **options))


def failed(task: Task, reason: str, seconds: float | None = None) -> Result:
    path = Path(task.path)
    return Result({"doc_id": task.doc_id, "path": str(path), "file": path.name, "kind": "other", "issuer": None,
                   "year": None, "scope": None, "pages": None, "status": "failed", "error": reason,
                   "text_pages": 0, "scanned_pages": 0, "garbled_pages": 0, "ocr_pages": 0,
                   "seconds": round(seconds, 3) if seconds is not None else None})


class _Slot:
    def __init__(self, ctx, options: dict):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_work, args=(child, options, dict(os.environ)), daemon=True)
        self.proc.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MiB (Linux /proc); None where that is not available."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def run(tasks: Iterable[Task], jobs: int, options: dict, limits: Limits = Limits(),
        on_start: Callable[[Task], None] | None = None) -> Iterator[tuple[Task, Result]]:
    """Process every task on `jobs` workers; yields (task, result) as each document finishes."""
    pending = deque(tasks)
    if not pending:
        return
    ctx = _context()
    slots = [_Slot(ctx, options) for _ in range(max(1, min(jobs, len(pending))))]
    try:
        while True:
            for i, slot in enumerate(slots):
                if slot.task is None and pending:
                    if not slot.proc.is_alive():
                        slots[i] = slot = _Slot(ctx, options)
                    slot.give(pending.popleft())
                    if on_start:
                        on_start(slot.task)
            busy = [s for s in slots if s.task is not None]
            if not busy:
                return
            ready = wait([s.conn for s in busy], timeout=POLL_SECONDS)
            for i, slot in enumerate(slots):
                if slot.task is None:
                    continue
                task, elapsed = slot.task, time.monotonic() - slot.started
                outcome = None
                if slot.conn in ready:
                    try:
                        outcome = slot.conn.recv()
                    except (EOFError, OSError):
                        outcome = failed(task, _died(slot.proc), elapsed)
                        slot.stop(kill=True)
                        slots[i] = _Slot(ctx, options)
                else:
                    reason = _over(slot, elapsed, limits)
                    if reason:
                        slot.stop(kill=True)
                        slots[i] = _Slot(ctx, options)
                        outcome = failed(task, reason, elapsed)
                if outcome is not None:
                    slot.task = None
                    yield task, outcome
    finally:
        for slot in slots:
            slot.stop(kill=slot.task is not None)


def _over(slot: _Slot, elapsed: float, limits: Limits) -> str | None:
    if limits.seconds is not None and elapsed > limits.seconds:
        return f"took longer than the time limit ({limits.seconds:g} s per document); stopped"
    if limits.memory_mb is not None:
        rss = rss_mb(slot.proc.pid)
        if rss is not None and rss > limits.memory_mb:
            return (f"needed more memory than the limit ({limits.memory_mb} MB per document; "
                    "a decompression bomb or an oversized page?); stopped")
    return None


def _died(proc) -> str:
    proc.join(1)
    code = proc.exitcode
    if code is not None and code < 0:
        return f"the worker reading this file crashed (signal {-code})"
    return f"the worker reading this file crashed (exit code {code})"
