"""Precision and recall of the claims rules on real clinic marketing text.

Data: benchmarks/data/clinic_marketing.jsonl, sentences from public clinic web pages and ad
texts quoted in advertising-regulator rulings, each with its source address and the topics a
clinic's reviewer should be shown (labelled by hand: pom = a prescription-only medicine named or
clearly meant; price = a price, discount or promotion; absolute-safety = an unhedged safety or
painlessness claim without a cited source; and so on, see docs/compliance.md).

A fired topic is counted once per sentence. Precision: fired topics that were labelled; recall:
labelled topics that fired. The patient-data guard runs too: none of these sentences carries a
patient identifier, so every refusal it makes here is a false alarm.

    python benchmarks/bench_compliance.py [--sets us,uk,meta] [--show] [--heldout | --pages]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from tipqueue.posts.compliance import check_outgoing, check_text, load_rules

DATA = Path(__file__).with_name("data") / "clinic_marketing.jsonl"
#: Sentences from other clinics' pages, labelled before any rule was tuned on the first set.
HELDOUT = Path(__file__).with_name("data") / "clinic_marketing_heldout.jsonl"
#: Whole page excerpts (every sentence, none picked) and a person's verdict on each flag raised.
PAGES = Path(__file__).with_name("data") / "clinic_pages.jsonl"
JUDGED = Path(__file__).with_name("data") / "clinic_pages_judged.jsonl"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pages_precision(rules: Any) -> None:
    """Every flag raised on whole page excerpts, against the verdicts in clinic_pages_judged.jsonl."""
    from tipqueue.posts.compliance.rules import sentences

    verdicts = _lines(JUDGED)
    right = wrong = unjudged = count = 0
    for page in _lines(PAGES):
        for sentence in sentences(page["text"]):
            count += 1
            for topic in sorted({f.topic for f in check_text(sentence, rules)}):
                found = [
                    v["right"]
                    for v in verdicts
                    if v["topic"] == topic and sentence.startswith(v["sentence_starts"])
                ]
                if not found:
                    unjudged += 1
                    print(f"UNJUDGED {topic:<16} {sentence[:90]}")
                elif found[0]:
                    right += 1
                else:
                    wrong += 1
                    print(f"WRONG    {topic:<16} {sentence[:90]}")
    judged = right + wrong
    print(
        f"{PAGES.name}: {count} sentences (every one of {len(_lines(PAGES))} page excerpts); "
        f"{judged + unjudged} flags, {right} right, {wrong} wrong, {unjudged} not judged yet; "
        f"precision {right / max(1, judged):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="us,uk,meta")
    parser.add_argument("--show", action="store_true", help="List every false positive and miss.")
    parser.add_argument("--heldout", action="store_true", help="Measure on the held-out set instead.")
    parser.add_argument("--pages", action="store_true", help="Precision on whole page excerpts instead.")
    args = parser.parse_args()
    rules = load_rules(args.sets.split(","))
    if args.pages:
        pages_precision(rules)
        return
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
