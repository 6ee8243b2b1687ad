"""Benchmark: parse + classify rate on the fixture corpus (messages per second).

Run by hand; prints figures. Each round reads every corpus message the way
ingest does: capture facts (parse), readable content (extract) and the
verdict (classify). Printed for the whole corpus and for its first part
(``corpus_base``, the 68 messages earlier sessions measured on), so a
figure can be compared with the notes of those sessions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leakdesk.mail.classify import Context, classify
from leakdesk.mail.content import extract
from leakdesk.mail.fields import normalise_phone
from leakdesk.mail.parse import UnparseableMessage, parse_message

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mail"


def measure(raws: list[bytes], rounds: int) -> tuple[int, dict[str, float]]:
    context = Context(frozenset({"tom@clinic.test", "front@clinic.test"}), region="GB")
    timings: dict[str, float] = {"parse": 0.0, "content": 0.0, "classify": 0.0}
    count = 0
    for _ in range(rounds):
        normalise_phone.cache_clear()  # each round reads the corpus as a new mailbox: nothing remembered
        for raw in raws:
            t0 = perf_counter()
            try:
                parsed = parse_message(raw)
            except UnparseableMessage:
                timings["parse"] += perf_counter() - t0
                count += 1
                continue
            t1 = perf_counter()
            content = extract(raw)
            t2 = perf_counter()
            classify(parsed, content, context)
            t3 = perf_counter()
            timings["parse"] += t1 - t0
            timings["content"] += t2 - t1
            timings["classify"] += t3 - t2
            count += 1
    return count, timings


def main(rounds: int = 50) -> None:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    base = [e["file"] for e in manifest if not e["file"].startswith(("forms_", "chan_", "ppl_", "nl_"))]
    for title, files in (("whole corpus", [e["file"] for e in manifest]), ("corpus_base (68)", base)):
        raws = [(CORPUS / f).read_bytes() for f in files]
        best: dict[str, float] = {}
        count, timings = 0, {}
        for _ in range(rounds):  # the best round of each stage: a shared machine's noise only ever adds time
            round_count, round_timings = measure(raws, 1)
            count += round_count
            for name, seconds in round_timings.items():
                timings[name] = timings.get(name, 0.0) + seconds
                best[name] = min(best.get(name, seconds), seconds)
        total = sum(timings.values())
        print(f"{title}: {len(raws)} messages x {rounds} rounds = {count:,} messages")
        print(f"  parse + content + classify: {count / total:,.0f} messages/s ({total / count * 1e6:.0f} us each)"
              f"; best round {len(raws) / sum(best.values()):,.0f} messages/s")
        for name, seconds in timings.items():
            print(f"    {name:<9} {seconds / count * 1e6:7.1f} us a message")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
