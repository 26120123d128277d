"""Gadget extraction per reply: CPU microseconds of GadgetMatcher.find on the real labelled texts
(tests/replies/realset/*.jsonl), ours against a peer revision.

    python benchmarks/bench_extract.py [--repeat 50] [--rounds 5] [--peer-rev REV]

Each round runs one child process per variant (see peer.py), interleaved; a child builds the
bundled lexicon's matcher once, reads every text once to warm up, then times ``repeat`` passes
over all texts with the process CPU clock, each pass with a mark appended to every text so the
matcher's cache of texts it has read does not answer. Printed: the median with min-max over
rounds, and the change against the peer. The import of 100,000 replies has a 10 s bar, so this must not grow.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from peer import REPO, run_child, spread, variants

PEER_REV = "e8ce6cf"
CHILD = """
import time
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.lexicon import bundled_lexicon
texts = json.loads(open(ARGS["texts_file"], encoding="utf-8").read())
matcher = GadgetMatcher(bundled_lexicon())
for text in texts:
    matcher.find(text)
# find() keeps what it found per text: each pass reads texts it has not seen, or it would time
# that cache instead of the matcher
passes = [[f"{text} #{k}" for text in texts] for k in range(ARGS["repeat"])]
start = time.process_time()
for batch in passes:
    for text in batch:
        matcher.find(text)
spent = time.process_time() - start
print(json.dumps({"us": spent / (len(texts) * ARGS["repeat"]) * 1e6}))
"""


def realset_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((REPO / "tests" / "replies" / "realset").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--peer-rev", default=PEER_REV)
    opts = parser.parse_args()
    texts = realset_texts()
    times: dict[str, list[float]] = {"peer": [], "ours": []}
    with tempfile.TemporaryDirectory() as work:
        roots = variants(opts.peer_rev, Path(work))
        texts_file = Path(work) / "texts.json"  # too many for a command line
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        for _ in range(opts.rounds):
            for name, root in roots.items():
                out, _rss = run_child(root, CHILD, {"texts_file": str(texts_file), "repeat": opts.repeat})
                times[name].append(out["us"])
    print(f"extraction, {len(texts)} real texts x {opts.repeat}, {opts.rounds} rounds (CPU µs per reply)")
    for name in ("peer", "ours"):
        label = f"peer {opts.peer_rev}" if name == "peer" else "ours"
        print(f"  {label:<14} {spread(times[name], ' µs', 1)}")
    change = statistics.median(times["ours"]) / statistics.median(times["peer"]) - 1
    print(f"  change         {change * 100:+.1f} % (medians)")


if __name__ == "__main__":
    main()
