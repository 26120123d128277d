"""Precision and recall of the claims rules on real clinic marketing text.

Data: benchmarks/data/clinic_marketing.jsonl, sentences from public clinic web pages and ad
texts quoted in advertising-regulator rulings, each with its source address and the topics a
clinic's reviewer should be shown (labelled by hand: pom = a prescription-only medicine named or
clearly meant; price = a price, discount or promotion; absolute-safety = an unhedged safety or
painlessness claim without a cited source; and so on, see docs/compliance.md).

A fired topic is counted once per sentence. Precision: fired topics that were labelled; recall:
labelled topics that fired. The patient-data guard runs too: none of these sentences carries a
patient identifier, so every refusal it makes here is a false alarm.

    python benchmarks/bench_compliance.py [--sets us,uk,meta] [--show] [--heldout]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from tipqueue.posts.compliance import check_outgoing, check_text, load_rules

DATA = Path(__file__).with_name("data") / "clinic_marketing.jsonl"
#: Sentences from other clinics' pages, labelled before any rule was tuned on the first set.
HELDOUT = Path(__file__).with_name("data") / "clinic_marketing_heldout.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="us,uk,meta")
    parser.add_argument("--show", action="store_true", help="List every false positive and miss.")
    parser.add_argument("--heldout", action="store_true", help="Measure on the held-out set instead.")
    args = parser.parse_args()
    rules = load_rules(args.sets.split(","))
    path = HELDOUT if args.heldout else DATA
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    wrong: list[str] = []
    guard_alarms = 0
    for row in rows:
        fired = {f.topic for f in check_text(row["text"], rules)}
        labels = set(row["labels"])
        for topic in fired & labels:
            tp[topic] += 1
        for topic in fired - labels:
            fp[topic] += 1
            wrong.append(f"FP {topic:<16} {row['text'][:100]}")
        for topic in labels - fired:
            fn[topic] += 1
            wrong.append(f"FN {topic:<16} {row['text'][:100]}")
        if check_outgoing(row["text"]):
            guard_alarms += 1
            wrong.append(f"GUARD            {row['text'][:100]}")
    topics = sorted(set(tp) | set(fp) | set(fn))
    print(
        f"{path.name}: {len(rows)} real clinic sentences from {len({r['source'] for r in rows})} pages; rule sets {args.sets}"
    )
    print(f"{'topic':<18}{'fired':>6}{'right':>6}{'labelled':>9}{'precision':>10}{'recall':>8}")
    for topic in topics:
        fired_n, right, labelled = tp[topic] + fp[topic], tp[topic], tp[topic] + fn[topic]
        p = f"{right / fired_n:.2f}" if fired_n else "-"
        r = f"{right / labelled:.2f}" if labelled else "-"
        print(f"{topic:<18}{fired_n:>6}{right:>6}{labelled:>9}{p:>10}{r:>8}")
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(
        f"{'all':<18}{all_tp + all_fp:>6}{all_tp:>6}{all_tp + all_fn:>9}"
        f"{all_tp / max(1, all_tp + all_fp):>10.2f}{all_tp / max(1, all_tp + all_fn):>8.2f}"
    )
    print(f"patient-data guard: {guard_alarms} false alarm(s) in {len(rows)} sentences without patient data")
    if args.show:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
