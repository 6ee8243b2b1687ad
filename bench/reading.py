"""Reads the fixture corpus in process (no server) and prints every message
whose verdict differs from its manifest: a quick loop while tuning the
reading. The real measurement is tests/mail/test_corpus.py (Dovecot,
`sync --once`, conversations and duplicates included).

    .venv/bin/python bench/reading.py [name-prefix]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leakdesk.mail.classify import Decision, classify
from leakdesk.mail.content import extract
from leakdesk.mail.parse import UnparseableMessage, parse_message
from tests.fixtures.mail.corpus_kit import BUSINESSES

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mail"


def main(prefix: str = "") -> None:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    wrong = total = undecided = 0
    for entry in manifest:
        if entry["folder"] != "INBOX" or not entry["file"].startswith(prefix) or entry["role"] in (
                "duplicate", "quarantined", "inbound_reply", "outbound_reply"):
            continue
        business = BUSINESSES[entry.get("business", "clinic")]
        context = business.context()
        raw = (CORPUS / entry["file"]).read_bytes()
        try:
            parsed = parse_message(raw)
        except UnparseableMessage:
            continue
        verdict = classify(parsed, extract(raw), context)
        total += 1
        undecided += verdict.decision is Decision.UNDECIDED
        problems = []
        if entry["role"] == "enquiry":
            if verdict.decision is Decision.NOT_A_LEAD:
                problems.append("LOST")
            elif verdict.decision is Decision.UNDECIDED:
                problems.append("undecided")
            for key in ("contact_email", "contact_phone", "channel", "contact_name"):
                got = getattr(verdict, key) if key != "channel" else verdict.channel.value
                if verdict.decision is Decision.LEAD and got != entry.get(key):
                    problems.append(f"{key}: {got!r} != {entry.get(key)!r}")
        elif entry["role"] == "not_a_lead":
            if verdict.decision is Decision.LEAD:
                problems.append("MADE A LEAD")
            elif verdict.decision is Decision.UNDECIDED:
                problems.append("undecided")
        if problems:
            wrong += 1
            print(f"{entry['file']}: {', '.join(problems)}  [{verdict.decision}: {verdict.reason}] "
                  f"{'; '.join(str(e) for e in verdict.evidence[:4])}")
    print(f"{wrong} of {total} differ; {undecided} undecided")


if __name__ == "__main__":
    main(*sys.argv[1:])
