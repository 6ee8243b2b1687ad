"""Capture: the inbox and the sent folder turned into leads, exactly once.

The orchestration above mail transport and reading (leakdesk.mail) and the
store: ``sync`` walks an account's folders batch by batch (history first),
``ingest`` routes each message read into a lead, a conversation, a set-aside
or quarantine in one transaction per batch, and ``watch`` keeps a live
connection (IDLE, polling, backoff) on the app's mail thread.
"""
