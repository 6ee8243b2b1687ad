"""Mail capture: the IMAP source, parsing, ingest and the sync engine (no Qt)."""
