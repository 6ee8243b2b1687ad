"""Benchmark: parse + classify rate on the fixture corpus (messages per second).

Run by hand; prints figures. Each round reads every corpus message as a new
mailbox would (phone numbers not yet remembered), the way ingest does:
``readers.read_all`` over a batch, which parses every message, then extracts
every content (the readable text), then classifies every one.

The headline reads each business's mail with that business's own settings,
as ingest and tests/mail/test_corpus.py do: its team addresses, its phone
region, inbox mail classified and sent mail only parsed. For comparison with
earlier notes it also prints the rate with every message read as inbox mail
of one British clinic (how this bench read until issue 13's fourth session;
a German writer's number is then read as British first, then as German), and
the rate on ``corpus_base``, the 68 messages earlier sessions measured on.
The stage lines time parse, content and classify separately.

These machines are shared and noisy: the best round is the steadier figure
(noise only ever adds time); the mean is printed beside it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leakdesk.mail.classify import Context, classify
from leakdesk.mail.content import extract
from leakdesk.mail.fields import normalise_phone
from leakdesk.mail.parse import UnparseableMessage, parse_message
from leakdesk.mail.readers import read_all
from tests.fixtures.mail.corpus_kit import BUSINESSES

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mail"
CONTEXT = Context(frozenset({"tom@clinic.test", "front@clinic.test"}), region="GB")


def one_at_a_time(raws: list[bytes]) -> None:
    for raw in raws:
        try:
            parsed = parse_message(raw)
        except UnparseableMessage:
            continue
        classify(parsed, extract(raw), CONTEXT)


def stages(raws: list[bytes]) -> dict[str, float]:
    """Seconds of each stage over ``raws``, a stage at a time as read_all does."""
    t0 = perf_counter()
    parsed = []
    for raw in raws:
        with suppress(UnparseableMessage):
            parsed.append((raw, parse_message(raw)))
    t1 = perf_counter()
    contents = [extract(raw) for raw, _ in parsed]
    t2 = perf_counter()
    for (_, message), content in zip(parsed, contents, strict=True):
        classify(message, content, CONTEXT)
    t3 = perf_counter()
    return {"parse": t1 - t0, "content": t2 - t1, "classify": t3 - t2}


def timed(work: Callable[[list[bytes]], object], raws: list[bytes], rounds: int) -> tuple[float, float]:
    """(best, mean) seconds of a round."""
    times = []
    for _ in range(rounds):
        normalise_phone.cache_clear()  # each round reads the corpus as a new mailbox: nothing remembered
        t0 = perf_counter()
        work(raws)
        times.append(perf_counter() - t0)
    return min(times), sum(times) / len(times)


def by_business(manifest: list[dict[str, str]]) -> list[tuple[list[bytes], Context | None]]:
    """The corpus as ingest reads it: per business, its inbox mail with its context, its sent mail without."""
    batches: list[tuple[list[bytes], Context | None]] = []
    for key in dict.fromkeys(e.get("business", "clinic") for e in manifest):
        business = BUSINESSES[key]
        context = business.context()
        mine = [e for e in manifest if e.get("business", "clinic") == key]
        for folder, folder_context in (("INBOX", context), ("Sent", None)):
            raws = [(CORPUS / e["file"]).read_bytes() for e in mine if e["folder"] == folder]
            if raws:
                batches.append((raws, folder_context))
    return batches


def report(title: str, n: int, best: float, mean: float) -> None:
    print(f"  {title:<28} {n / best:,.0f} messages/s best round, {n / mean:,.0f} mean ({best / n * 1e6:.0f} us each)")


def main(rounds: int = 50) -> None:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    batches = by_business(manifest)
    n = sum(len(raws) for raws, _ in batches)
    print(f"whole corpus, each business's own settings (what ingest runs): {n} messages x {rounds} rounds")

    def own_settings(_: list[bytes]) -> None:
        for raws, context in batches:
            read_all(raws, context)

    report("read_all:", n, *timed(own_settings, [], rounds))
    base = [e["file"] for e in manifest if e["theme"] == "corpus_base"]
    for title, files in (("whole corpus as one British clinic", [e["file"] for e in manifest]),
                         ("corpus_base (68) as one British clinic", base)):
        raws = [(CORPUS / f).read_bytes() for f in files]
        n = len(raws)
        print(f"{title}: {n} messages x {rounds} rounds")
        report("read_all:", n, *timed(lambda batch: read_all(batch, CONTEXT), raws, rounds))
        report("one message at a time:", n, *timed(one_at_a_time, raws, rounds))
        split: dict[str, float] = {}
        for _ in range(rounds):
            normalise_phone.cache_clear()
            for name, seconds in stages(raws).items():
                split[name] = min(split.get(name, seconds), seconds)
        for name, seconds in split.items():
            print(f"    {name:<9} {seconds / n * 1e6:7.1f} us a message (best round)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
