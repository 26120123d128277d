"""A long article's per-part work shared with forked child processes, with the same result.

Splitting a long article is pure Python bound by one core: cutting each section into ideas and
scoring every idea. :func:`fan_out` runs the parts of such a step in child processes forked from
this one (they inherit the article, the lexicons and the compiled code, so nothing is sent to
them), this process taking the first part, and the children send their results back through a
pipe, pickled. The result is the list the same calls make in this process, in the same order.

When forking is not available (not Linux, one core) or a child fails for any reason (killed, out
of memory, a result that cannot be pickled), its part is done again in this process: a fan-out
is never the reason a split fails, and an error in the work itself is raised here as it would be
without children.

A compiled (mypyc) frozen dataclass cannot be unpickled the default way (it sets fields one by
one); :func:`picklable` registers one that calls its constructor with its fields.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Most children a fan-out starts (the machine's other cores, up to this).
MAX_CHILDREN = 3
#: Text shorter than this (characters) is worked on in this process alone: a fork would cost
#: more than it saves.
SHARED_FROM_CHARS = 50_000


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says, else all)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def spare_cores() -> int:
    """Children worth forking: one fewer than the cores this process may use, at most
    :data:`MAX_CHILDREN`; 0 where fork is not safe to use: off Linux, and in a process running
    other threads (a web server's: a child forked there could wait forever on a lock one of them
    held)."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 0
    return max(0, min(usable_cores() - 1, MAX_CHILDREN))


def children_for(chars: int) -> int:
    """Children worth forking for work on ``chars`` characters of text: the spare cores from
    :data:`SHARED_FROM_CHARS` on, else none."""
    return spare_cores() if chars >= SHARED_FROM_CHARS else 0


def picklable(*classes: type) -> None:
    """Pickle each dataclass in ``classes`` as a call of its constructor with its fields."""
    for cls in classes:
        names = tuple(f.name for f in dataclasses.fields(cls))

        def reduce(obj: Any, cls: type = cls, names: tuple[str, ...] = names) -> tuple[Any, ...]:
            return cls, tuple(getattr(obj, n) for n in names)

        copyreg.pickle(cls, reduce)


def chunks(weights: Sequence[int], parts: int) -> list[range]:
    """``parts`` runs of consecutive indexes of ``weights`` of about equal total weight (fewer
    when there are fewer items); together they cover every index once, in order."""
    parts = max(1, min(parts, len(weights)))
    total = sum(weights)
    out: list[range] = []
    start = 0
    done = 0
    for k in range(1, parts):
        goal = total * k / parts
        done += weights[start]
        end = start + 1
        # leave at least one item for each part still to come
        while end < len(weights) - (parts - k) and done + weights[end] <= goal:
            done += weights[end]
            end += 1
        out.append(range(start, end))
        start = end
    out.append(range(start, len(weights)))
    return out


def fan_out(
    work: Callable[[T], R], parts: Sequence[T], *, children: int, known: Sequence[object] = ()
) -> list[R]:
    """``[work(p) for p in parts]``: with ``children`` > 0, the parts after the first are worked
    on by forked children (one each, at most ``children``; the rest here), the first here.

    ``known``: objects this process holds that results may hold too (the ideas a score is of):
    a child sends each of them back as its place in ``known``, not pickled."""
    if children <= 0 or len(parts) < 2:
        return [work(p) for p in parts]
    forked: dict[int, tuple[int, int]] = {}  # part -> (pid, read end of its pipe)
    for index in range(1, min(len(parts), children + 1)):
        started = _fork(work, parts[index], known)
        if started is not None:
            forked[index] = started
    try:
        results: list[R] = [work(parts[0])]
    finally:
        answers = {index: _collect(*started, known) for index, started in forked.items()}
    for index in range(1, len(parts)):
        answer = answers.get(index)
        results.append(answer[0] if answer is not None else work(parts[index]))
    return results


def _fork(work: Callable[[T], R], part: T, known: Sequence[object]) -> tuple[int, int] | None:
    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid:
        os.close(write)
        return pid, read
    # the child: work, send, and leave without running this process's exit handlers
    code = 1
    try:
        os.close(read)
        result = work(part)
        with os.fdopen(write, "wb") as pipe:
            pickler = pickle.Pickler(pipe, protocol=pickle.HIGHEST_PROTOCOL)
            if known:
                # the objects are the parent's own (this process is its copy): the same ids
                places = {id(obj): n for n, obj in enumerate(known)}
                pickler.persistent_id = lambda obj: places.get(id(obj))  # type: ignore[method-assign]
            pickler.dump(result)
        code = 0
    except BaseException:  # the parent does the part again and raises there
        pass
    finally:
        os._exit(code)


def _collect(pid: int, read: int, known: Sequence[object]) -> tuple[Any] | None:
    """The child's result (in a 1-tuple), or None when it failed."""
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        unpickler = pickle.Unpickler(io.BytesIO(data))
        unpickler.persistent_load = known.__getitem__  # type: ignore[method-assign]
        return (unpickler.load(),)
    except Exception:  # a truncated or foreign result: do the part again
        return None
