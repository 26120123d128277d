"""Finding the gadgets of many replies at once, here or in worker processes.

An import hands the texts of its replies over in blocks. A small import finds them in this
process; a big one starts worker processes, each with a matcher of its own over the same lexicon,
which work through the blocks while this process reads the file and stores what was found. The
workers run the same code on the same lexicon, so what they find is what
:meth:`GadgetMatcher.find` finds here.

A worker is a fresh interpreter (``python -c``) speaking over its standard input and output in
length-prefixed pickles, one block at a time. Not multiprocessing: its "spawn" runs the caller's
main module again in every worker (a script without a ``__main__`` guard would import twice), and
"fork" is unsafe in a process running threads (the command line's progress bar runs one).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import IO, Any, NamedTuple

from tipqueue.posts.fanout import usable_cores
from tipqueue.posts.models import GadgetMention
from tipqueue.replies.context import anchors
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.lexicon import fold

#: Most worker processes an import starts (each holds its own matcher, some 40 MiB).
MAX_WORKERS = 3
#: Blocks handed to one worker process at a time: the one it works on and the next.
IN_FLIGHT = 2
#: Pipe buffer asked for (Linux allows an unprivileged process up to 1 MiB by default).
PIPE_BYTES = 1 << 20


class Found(NamedTuple):
    """The gadgets of each text of a block, and whether a text naming none refers back to
    something ("mine broke after a year"): only then can context give it a gadget."""

    mentions: list[tuple[GadgetMention, ...]]
    refers: bool


def find_block(matcher: GadgetMatcher, texts: Sequence[str]) -> Found:
    """The gadgets of ``texts`` found by ``matcher``."""
    find = matcher.find
    mentions = [find(text) for text in texts]
    # context.infer finds nothing where anchors() finds no words referring back
    refers = any(not found and anchors(fold(text)) for text, found in zip(texts, mentions, strict=True))
    return Found(mentions, refers)


def default_workers() -> int:
    """Worker processes for a big import: one fewer than the cores this process may use (the
    importing process reads and stores meanwhile), at most :data:`MAX_WORKERS`."""
    return max(0, min(usable_cores() - 1, MAX_WORKERS))


# --- the pipe between this process and a worker ----------------------------------------------


def _send(pipe: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(len(data).to_bytes(8, "little"))
    pipe.write(data)
    pipe.flush()


def _receive_bytes(pipe: IO[bytes]) -> bytes:
    head = pipe.read(8)
    if len(head) < 8:
        raise EOFError
    size = int.from_bytes(head, "little")
    data = pipe.read(size)
    if len(data) < size:
        raise EOFError
    return data


def _receive(pipe: IO[bytes]) -> Any:
    return pickle.loads(_receive_bytes(pipe))


def loads_found(found: Found | bytes) -> Found:
    """A block's gadgets from what :meth:`Extractor.submit_kept` gave: the worker's answer as it
    came over the pipe (kept so, it can wait in a file without being pickled again), or the
    block found in this process."""
    if isinstance(found, bytes):
        value: Found = pickle.loads(found)
        return value
    return found


def serve() -> None:
    """A worker's loop: a lexicon and a threshold, then blocks of texts until the input closes."""
    source = sys.stdin.buffer
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not break the pipe
    lexicon, threshold = _receive(source)
    matcher = GadgetMatcher(lexicon, fuzzy_threshold=threshold)
    while True:
        try:
            texts = _receive(source)
        except EOFError:
            return
        _send(answers, find_block(matcher, texts))


# The worker learns the importing process's module path before it imports tipqueue.
_BOOT = (
    "import pickle, sys\n"
    "size = int.from_bytes(sys.stdin.buffer.read(8), 'little')\n"
    "sys.path[:] = pickle.loads(sys.stdin.buffer.read(size))\n"
    "from tipqueue.replies.extraction import serve\n"
    "serve()\n"
)


class _Job:
    """A block of texts, done by whoever takes it first: a worker, or the importing process."""

    __slots__ = ("_taken", "future", "keep", "texts")
    _lock = threading.Lock()

    def __init__(self, texts: list[str], *, keep: bool = False) -> None:
        self.texts = texts
        #: the worker's answer is kept as the bytes it came in (see :func:`loads_found`)
        self.keep = keep
        self.future: Future[Found | bytes] = Future()
        self._taken = False

    def take(self) -> bool:
        with _Job._lock:
            if self._taken:
                return False
            self._taken = True
            return True

    @property
    def taken(self) -> bool:
        return self._taken


def _widen(pipe: IO[bytes]) -> None:
    """Let the pipe hold a whole block or answer (Linux), so neither side waits for the other."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


class _Worker:
    """One worker process and the two threads talking to it: one hands it jobs from the shared
    queue, the next one already on its way while it works on the last (so it never waits for
    this process, busy as that is), the other collects its answers."""

    def __init__(self, jobs: queue.SimpleQueue[_Job | None], matcher: GadgetMatcher) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in, self._out = self.process.stdin, self.process.stdout
        _widen(self._in)
        _widen(self._out)
        _send(self._in, sys.path)
        _send(self._in, (matcher.lexicon, matcher.threshold))
        self._jobs = jobs
        self._slots = threading.Semaphore(IN_FLIGHT)
        self._flight: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._failed: RuntimeError | None = None  # once the process is gone, every later job fails
        self.thread = threading.Thread(target=self._feed, name="gadget-worker", daemon=True)
        self._collector = threading.Thread(target=self._collect, name="gadget-answers", daemon=True)
        self.thread.start()
        self._collector.start()

    def _fail(self) -> RuntimeError:
        if self._failed is None:
            self._failed = RuntimeError(
                f"a gadget-finding worker process stopped (exit code {self.process.poll()})"
            )
        return self._failed

    def _feed(self) -> None:
        while True:
            self._slots.acquire()
            job = self._jobs.get()
            if job is None:
                self._flight.put(None)
                return
            if not job.take():
                self._slots.release()
                continue
            if self._failed is None:
                try:
                    _send(self._in, job.texts)
                except OSError:
                    self._fail()
            self._flight.put(job)

    def _collect(self) -> None:
        while (job := self._flight.get()) is not None:
            try:
                if self._failed is not None:
                    raise EOFError
                data = _receive_bytes(self._out)
                job.future.set_result(data if job.keep else pickle.loads(data))
            except (OSError, EOFError, pickle.UnpicklingError):
                job.future.set_exception(self._fail())
            finally:
                self._slots.release()

    def stop(self) -> None:
        self.thread.join()
        self._collector.join()
        with contextlib.suppress(OSError):  # the process is gone already
            self._in.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._out.close()


class Extractor:
    """Finds the gadgets of blocks of texts: :meth:`submit` returns a function giving the result.

    Until :meth:`start` is called (or when it starts no worker) a block is done at once, here;
    after it, the worker processes take the blocks in turn, and this process too while it waits
    for one (it takes the latest block nobody has started). Close it (or use it as a context
    manager) to stop the workers."""

    def __init__(self, matcher: GadgetMatcher) -> None:
        self.matcher = matcher
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._workers: list[_Worker] = []
        self._pending: deque[_Job] = deque()

    @property
    def parallel(self) -> bool:
        return bool(self._workers)

    def start(self, workers: int) -> None:
        """Start ``workers`` processes (none for 0, or for a matcher of a class of its own,
        which a worker could not rebuild from its lexicon)."""
        if self._workers or workers <= 0 or type(self.matcher) is not GadgetMatcher:
            return
        try:
            for _ in range(workers):
                self._workers.append(_Worker(self._jobs, self.matcher))
        except OSError:  # no process to be had: the blocks are found here
            self.close()

    @property
    def workers(self) -> int:
        return len(self._workers)

    @property
    def queued(self) -> int:
        """Blocks handed over that no one has started yet."""
        return sum(1 for job in self._pending if not job.taken)

    def submit(self, texts: Sequence[str]) -> Callable[[], Found]:
        if not self._workers:
            found = find_block(self.matcher, texts)
            return lambda: found
        job = self._queue(texts, keep=False)
        return lambda: loads_found(self._result(job))

    def submit_kept(self, texts: Sequence[str]) -> Future[Found | bytes]:
        """Hand a block to the workers (there must be some) without waiting for it, nor
        helping: its answer is kept as it comes from the worker (see :func:`loads_found`).
        :meth:`wait` helps with the other blocks meanwhile, should one wait for it."""
        return self._queue(texts, keep=True).future

    def _queue(self, texts: Sequence[str], *, keep: bool) -> _Job:
        job = _Job(list(texts), keep=keep)
        while self._pending and self._pending[0].future.done():
            self._pending.popleft()
        self._pending.append(job)
        self._jobs.put(job)
        return job

    def wait(self, future: Future[Found | bytes]) -> Found:
        """The result of a block handed over by :meth:`submit_kept`, helping meanwhile."""
        job = next((j for j in self._pending if j.future is future), None)
        return loads_found(self._result(job) if job is not None else future.result())

    def _result(self, job: _Job) -> Found | bytes:
        while not job.future.done():
            waiting = next((j for j in reversed(self._pending) if not j.taken and j.take()), None)
            if waiting is None:
                break
            try:
                waiting.future.set_result(find_block(self.matcher, waiting.texts))
            except Exception as exc:  # handed to whoever waits for that block
                waiting.future.set_exception(exc)
        return job.future.result()

    def close(self) -> None:
        """Stop the workers; blocks not started yet are dropped."""
        for job in self._pending:
            if job.take():
                job.future.cancel()
        for _ in self._workers:
            self._jobs.put(None)
        for worker in self._workers:
            worker.stop()
        self._workers = []
        self._pending.clear()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
