"""The checked blocks of an import waiting to be stored, and the finding of their gadgets shared
between this process and the worker processes, so that both stay busy.

While the file is read and checked, every block goes to a spool (a temporary file), and the
workers are handed blocks as fast as they take them; their answers wait in a spool of their own,
in the same order. While the blocks are stored, in order, the workers keep taking the next blocks
from the front, and this process, whenever the block it is to store next is not found yet, finds
one itself from the back of the file (its answer waits in a third spool): the two meet somewhere
in the middle, wherever the split of the work puts them, however busy the machine is. Memory
holds a few blocks at a time, whatever the size of the file.
"""

from __future__ import annotations

import marshal
import pickle
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future

from tipqueue.replies.extraction import Extractor, Found, find_block, loads_found
from tipqueue.replies.import_rows import Row

#: A checked block as it waits in the spool: its new rows, the rows stored before (and whether
#: they name a gadget), and those of them to file under the import's post.
Checked = tuple[list[Row], dict[str, bool], list[str]]

_NOTHING = Found([], False)


class Spool:
    """Records in a temporary file, in memory up to ``memory`` bytes; read in order or by the
    offset :meth:`put` returned."""

    def __init__(self, memory: int) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=memory)  # noqa: SIM115 (closed by __exit__)
        self._end = 0

    def put(self, data: bytes) -> int:
        file = self._file
        file.seek(self._end)
        file.write(len(data).to_bytes(8, "little"))
        file.write(data)
        offset, self._end = self._end, self._end + 8 + len(data)
        return offset

    def get(self, offset: int) -> bytes:
        file = self._file
        file.seek(offset)
        return file.read(int.from_bytes(file.read(8), "little"))

    def records(self) -> Iterator[bytes]:
        offset = 0
        while offset < self._end:
            data = self.get(offset)
            offset += 8 + len(data)
            yield data

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


class Blocks:
    """The checked blocks of one import, and their gadgets (see the module notes).

    :meth:`add` each block as the file is read, then iterate: each block in order, with the
    gadgets of its new rows. ``ahead``: blocks waiting for each worker to take them."""

    def __init__(self, extractor: Extractor, memory: int, ahead: int) -> None:
        self._extractor = extractor
        self._ahead = ahead
        # the answers are smaller than the rows: a quarter of the memory each is ample
        self._spools = (Spool(memory), Spool(memory // 4), Spool(memory // 4))
        self._checked, self._found, self._mine = self._spools
        self._offsets: list[int] = []
        #: per block: 0 no new rows, 1 to find, 2 handed to the workers while reading
        self._kind = bytearray()
        self._handed: deque[Future[Found | bytes]] = deque()

    def add(self, checked: Checked) -> None:
        new = checked[0]
        extractor = self._extractor
        kind = 1 if new else 0
        if new and extractor.parallel and extractor.queued < self._ahead * extractor.workers:
            self._handed.append(extractor.submit_kept([row[1] for row in new]))
            kind = 2
        self._offsets.append(self._checked.put(marshal.dumps(checked)))
        self._kind.append(kind)
        handed = self._handed
        while handed and handed[0].done():
            self._keep(handed.popleft().result())

    def _keep(self, answer: Found | bytes) -> None:
        self._found.put(answer if isinstance(answer, bytes) else pickle.dumps(answer))

    def _read(self, index: int) -> Checked:
        checked: Checked = marshal.loads(self._checked.get(self._offsets[index]))
        return checked

    def __iter__(self) -> Iterator[tuple[Checked, Found]]:
        extractor = self._extractor
        kind = self._kind
        count = len(kind)
        # what the workers found while the file was read, in order: in the spool, then the rest
        found_before = (loads_found(data) for data in self._found.records())
        later = iter(self._handed)
        handed: dict[int, tuple[Checked, Future[Found | bytes]]] = {}
        mine: dict[int, int] = {}  # found here, from the back: offset in its spool
        front, back = 0, count - 1  # next block to hand to the workers, next one to find here

        def hand() -> None:
            nonlocal front
            while front <= back and extractor.queued < self._ahead * extractor.workers:
                if kind[front] == 1:
                    checked = self._read(front)
                    handed[front] = (checked, extractor.submit_kept([row[1] for row in checked[0]]))
                front += 1

        def find_one(index: int) -> bool:
            """Find a block from the back of those nobody has taken; False when there is none."""
            nonlocal back
            while back >= front and back > index and kind[back] != 1:
                back -= 1
            if back < front or back <= index:
                return False
            texts = [row[1] for row in self._read(back)[0]]
            mine[back] = self._mine.put(pickle.dumps(find_block(extractor.matcher, texts)))
            back -= 1
            return True

        def wait(index: int, future: Future[Found | bytes]) -> Found:
            while not future.done() and find_one(index):
                hand()
            return extractor.wait(future)

        for index in range(count):
            if not extractor.parallel:
                checked = self._read(index)
                new = checked[0]
                yield checked, extractor.submit([row[1] for row in new])() if new else _NOTHING
                continue
            hand()
            if kind[index] == 0:
                yield self._read(index), _NOTHING
            elif kind[index] == 2:
                answer = next(found_before, None)
                if answer is None:
                    answer = wait(index, next(later))
                yield self._read(index), answer
            elif index in mine:
                yield self._read(index), loads_found(self._mine.get(mine.pop(index)))
            elif index in handed:
                checked, future = handed.pop(index)
                yield checked, wait(index, future)
            else:  # not handed yet (the workers had all they could take): found here
                checked = self._read(index)
                yield checked, find_block(extractor.matcher, [row[1] for row in checked[0]])

    def __enter__(self) -> Blocks:
        return self

    def __exit__(self, *exc: object) -> None:
        for spool in self._spools:
            spool.__exit__()
