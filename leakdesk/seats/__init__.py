"""Several seats, one inbox, no server of LeakDesk's own: the team's work travels through a journal
folder on the business's own IMAP server (issue 19).

``crypto`` seals entries with the team key (PyNaCl) and pairs a new seat with a short code; ``entries``
is an entry and the message that carries it; ``publish`` turns a person's action into an entry in the
outbox; ``apply`` applies entries in journal order with the conflict rule; ``exchange`` sends the
outbox, reads new entries by UID, writes snapshots and compacts; ``seat`` sets a seat up (init, pair).
"""
