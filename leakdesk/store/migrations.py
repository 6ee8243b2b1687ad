"""The schema, as numbered migrations. Never edit one that has landed."""

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils import Migrations

MIGRATIONS = Migrations("leakdesk")


def _run(db: sqlite_utils.Database, script: str) -> None:
    """Each statement of ``script`` in turn, cut where SQLite says a statement is complete (a ";" inside
    a string, a comment or a trigger body does not end one). Not executescript(): it COMMITs first,
    which would end the migration's transaction before its bookkeeping row is written."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if any(line.strip() and not line.strip().startswith("--") for line in statement.splitlines()):
        db.execute(statement)  # the last statement may go without its ";" (SQLite says if it is broken)


@MIGRATIONS(name="0001_initial")
def initial(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            initials TEXT NOT NULL,
            colour TEXT NOT NULL,
            emails TEXT NOT NULL DEFAULT '[]',      -- JSON array of addresses
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            host TEXT NOT NULL,
            port INTEGER NOT NULL,
            username TEXT NOT NULL,
            security TEXT NOT NULL DEFAULT 'ssl',
            cafile TEXT,
            inbox TEXT NOT NULL DEFAULT 'INBOX',
            sent_folder TEXT,
            team_addresses TEXT NOT NULL DEFAULT '[]',
            connected_at TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE leads (
            id INTEGER PRIMARY KEY,
            contact_name TEXT NOT NULL DEFAULT '',
            contact_email TEXT,
            contact_phone TEXT,
            channel TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            received_at TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            owner_id INTEGER REFERENCES people(id),
            owned_at TEXT,
            first_response_at TEXT,
            stage TEXT NOT NULL DEFAULT 'new',
            outcome TEXT,
            lost_reason TEXT,
            revisit_on TEXT,
            closed_at TEXT,
            next_step TEXT,
            next_step_due TEXT,
            last_activity_at TEXT,
            handoff_without_context INTEGER NOT NULL DEFAULT 0,
            handoff_note TEXT,
            outbound_touches INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX leads_outcome ON leads(outcome, closed_at);
        CREATE INDEX leads_received ON leads(received_at);
        CREATE INDEX leads_owner ON leads(owner_id) WHERE outcome IS NULL;
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            lead_id INTEGER NOT NULL REFERENCES leads(id),
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            actor_id INTEGER REFERENCES people(id),
            details TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX events_lead ON events(lead_id, id);
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            account_id INTEGER REFERENCES accounts(id),
            folder TEXT NOT NULL,
            uid INTEGER,
            uidvalidity INTEGER,
            message_id TEXT,
            fingerprint TEXT,
            lead_id INTEGER REFERENCES leads(id),
            role TEXT NOT NULL,
            reason TEXT,
            internal_date TEXT,
            stored_at TEXT NOT NULL
        );
        -- ifnull: in a unique index NULLs are all distinct, which would let
        -- the same message in (no account) be stored twice.
        CREATE UNIQUE INDEX messages_location
            ON messages(ifnull(account_id, 0), folder, ifnull(uidvalidity, 0), uid) WHERE uid IS NOT NULL;
        CREATE INDEX messages_message_id ON messages(message_id);
        CREATE INDEX messages_lead ON messages(lead_id);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE sync_state (
            account_id INTEGER NOT NULL REFERENCES accounts(id),
            folder TEXT NOT NULL,
            uidvalidity INTEGER,
            highest_uid INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT,
            PRIMARY KEY (account_id, folder)
        );
        """
    )


@MIGRATIONS(name="0002_mail_capture")
def mail_capture(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        ALTER TABLE messages ADD COLUMN sender TEXT;
        ALTER TABLE messages ADD COLUMN subject TEXT;
        ALTER TABLE messages ADD COLUMN in_reply_to TEXT;
        ALTER TABLE messages ADD COLUMN refs TEXT;               -- Message-IDs, space separated
        ALTER TABLE messages ADD COLUMN size INTEGER;
        -- One message across folders and re-deliveries: Message-ID plus a content
        -- fingerprint (two different messages that reuse a Message-ID stay two).
        CREATE UNIQUE INDEX messages_identity
            ON messages(ifnull(account_id, 0), ifnull(message_id, ''), fingerprint)
            WHERE fingerprint IS NOT NULL;
        CREATE TABLE message_raw (
            message_row INTEGER PRIMARY KEY REFERENCES messages(id),
            raw BLOB NOT NULL
        );
        CREATE INDEX leads_contact ON leads(contact_email, received_at);
        """,
    )


@MIGRATIONS(name="0003_understanding")
def understanding(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE rules (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,        -- ignore_sender, ignore_domain, form_sender, lead_sender, channel
            pattern TEXT NOT NULL,     -- an address, a domain, or text found in sender/subject
            value TEXT,                -- the channel, for channel rules
            created_at TEXT NOT NULL,
            UNIQUE(kind, pattern)
        );
        ALTER TABLE messages ADD COLUMN channel TEXT;
        ALTER TABLE messages ADD COLUMN attachments TEXT;  -- JSON [[name, type, size], ...]
        ALTER TABLE message_raw ADD COLUMN path TEXT;      -- raw kept in a file above the inline limit
        CREATE INDEX leads_phone ON leads(contact_phone, received_at);
        """,
    )


@MIGRATIONS(name="0004_lead_facts")
def lead_facts(db: sqlite_utils.Database) -> None:
    """What the weekly report needs of each lead, derived once (leakdesk.report.facts).

    Deadlines and business minutes need the calendar, which SQL cannot do,
    so they are derived in Python and kept here. So is each lead's *settled*
    state: the figures it shows for any ``as_of`` at or after ``settled_at``
    (every deadline passed, every known fact in). Most leads of past weeks
    are settled, so the report sums stored flags and evaluates the leak
    rules in SQL only for the rest. Triggers queue a lead whose row changes;
    the report derives the queued leads before it aggregates, and all of them
    when the settings they depend on change (``settings_derived``).
    """
    _run(
        db,
        """
        CREATE TABLE lead_facts (
            week TEXT NOT NULL,                 -- Monday of received_at's ISO week, business time zone
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            counted INTEGER NOT NULL,           -- 0 for not_a_lead
            channel TEXT NOT NULL,
            received_at TEXT NOT NULL,
            first_response_at TEXT,
            live INTEGER NOT NULL,              -- received at or after the first account was connected
            owner_due TEXT NOT NULL,            -- ownership deadline
            response_due TEXT NOT NULL,         -- first-response deadline
            speed_min REAL,                     -- business minutes received -> first response (counted leads)
            stall_step_at TEXT,                 -- next step due + 1 business day
            stall_quiet_at TEXT NOT NULL,       -- last activity (else received) + stale window
            stall_received_at TEXT NOT NULL,    -- received + stale window
            captured_late INTEGER NOT NULL,     -- captured later than the ownership target (wall clock)
            settled_at TEXT NOT NULL,           -- from here on the figures below hold
            primary_kind TEXT,
            unanswered INTEGER NOT NULL, late_response INTEGER NOT NULL, unowned INTEGER NOT NULL,
            stalled INTEGER NOT NULL, went_cold INTEGER NOT NULL, late_capture INTEGER NOT NULL,
            handoff_without_context INTEGER NOT NULL,
            responded INTEGER NOT NULL, within_sla INTEGER NOT NULL, booked INTEGER NOT NULL,
            ownership_missed INTEGER NOT NULL, follow_up_missed INTEGER NOT NULL,
            PRIMARY KEY (week, lead_id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX lead_facts_lead ON lead_facts(lead_id);
        -- Finds the leads still moving at as_of: for a report as of now, a few recent ones.
        CREATE INDEX lead_facts_settled ON lead_facts(settled_at);
        -- Speed percentiles walk this in order instead of sorting a week's leads.
        CREATE INDEX lead_facts_speed ON lead_facts(week, speed_min, first_response_at, received_at)
            WHERE speed_min IS NOT NULL;
        CREATE TABLE settings_derived (
            name TEXT PRIMARY KEY,
            key TEXT NOT NULL
        );
        """,
    )
    # Every new or changed lead queues itself to be derived again (and loses its
    # old facts at once, so nothing reads them stale); the report drains the queue.
    db.execute("CREATE TABLE lead_facts_stale (lead_id INTEGER PRIMARY KEY)")
    db.execute("INSERT INTO lead_facts_stale SELECT id FROM leads")
    for event in ("INSERT", "UPDATE"):
        db.execute(
            f"""
            CREATE TRIGGER leads_facts_stale_on_{event.lower()} AFTER {event} ON leads
            BEGIN
                DELETE FROM lead_facts WHERE lead_id = NEW.id;
                INSERT OR IGNORE INTO lead_facts_stale (lead_id) VALUES (NEW.id);
            END
            """
        )


@MIGRATIONS(name="0005_follow_up")
def follow_up(db: sqlite_utils.Database) -> None:
    """Cadences and reply templates (leakdesk.followup).

    A lead carries the cadence planning it, the index of the step that is
    its next step, that step's template, and whether a draft for it waits
    in the Drafts folder. ``templates`` holds the business's own templates
    and its edits of the shipped ones (a shipped template without a row is
    used as shipped). The events index finds the lead of a sent copy by the
    Message-ID of the draft it was sent from.
    """
    _run(
        db,
        """
        ALTER TABLE leads ADD COLUMN cadence TEXT;
        ALTER TABLE leads ADD COLUMN cadence_step INTEGER;
        ALTER TABLE leads ADD COLUMN next_step_template TEXT;
        ALTER TABLE leads ADD COLUMN draft_ready_at TEXT;
        CREATE INDEX leads_next_step_template ON leads(next_step_due) WHERE next_step_template IS NOT NULL;
        CREATE TABLE templates (
            name TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX events_draft_message_id ON events(json_extract(details, '$.message_id'))
            WHERE kind = 'draft_prepared';
        -- A draft prepared before this migration and not followed by a reply or a new step still waits.
        UPDATE leads SET draft_ready_at = (
            SELECT e.at FROM events e WHERE e.lead_id = leads.id AND e.kind = 'draft_prepared'
               AND NOT EXISTS (SELECT 1 FROM events x WHERE x.lead_id = e.lead_id AND x.id > e.id
                               AND x.kind IN ('replied', 'next_step_set', 'next_step_done'))
             ORDER BY e.id DESC LIMIT 1)
        WHERE id IN (SELECT lead_id FROM events WHERE kind = 'draft_prepared')
        """,
    )


@MIGRATIONS(name="0006_reading")
def reading(db: sqlite_utils.Database) -> None:
    """Evidence for every verdict, Check these, re-deliveries, and what people decided.

    A message keeps the evidence it was read with (JSON ``[[weight, words],
    ...]``) and its confidence. ``duplicate_of`` points a re-delivery's row at
    the message it repeats (the re-delivery keeps no raw copy and no
    fingerprint, so it never counts as a second message). ``reading_examples``
    holds each message a person decided on, with the tokens it is remembered
    by (leakdesk.mail.learned).
    """
    _run(
        db,
        """
        ALTER TABLE messages ADD COLUMN evidence TEXT;
        ALTER TABLE messages ADD COLUMN confidence REAL;
        ALTER TABLE messages ADD COLUMN duplicate_of INTEGER REFERENCES messages(id);
        CREATE INDEX messages_undecided ON messages(id) WHERE role = 'undecided';
        CREATE TABLE reading_examples (
            message_row INTEGER PRIMARY KEY REFERENCES messages(id),
            label TEXT NOT NULL,            -- lead | not_a_lead
            tokens TEXT NOT NULL,           -- JSON array
            decided_at TEXT NOT NULL,
            decided_by INTEGER
        )
        """,
    )


@MIGRATIONS(name="0007_inbox_address")
def inbox_address(db: sqlite_utils.Database) -> None:
    """The inbox's own address (drafts are written from it; it is the business's, not a prospect's),
    and a small key/value table for what a data folder remembers about itself (the settings
    moved out of the demo database, once)."""
    _run(
        db,
        """
        ALTER TABLE accounts ADD COLUMN address TEXT;
        UPDATE accounts SET address = lower(username) WHERE username LIKE '%_@_%.%';
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    )


@MIGRATIONS(name="0008_activity_is_working_the_lead")
def activity_is_working_the_lead(db: sqlite_utils.Database) -> None:
    """Each lead's last activity again, by the rule of issue 17 (lifecycle.ACTIVITY): claiming,
    assigning, handing off, notes, corrections and planning no longer count, so a lead moved between
    people stays as stale as it was. The same fold as lifecycle.apply (the latest of the lead's receipt
    and its activity events; UTC text with microseconds sorts as time). The update marks each lead's
    stored facts stale, so the figures follow."""
    _run(
        db,
        """
        WITH activity AS (
            SELECT l.id, max(l.received_at, coalesce(max(e.at), l.received_at)) AS at
            FROM leads l LEFT JOIN events e ON e.lead_id = l.id
              AND e.kind IN ('inbound', 'replied', 'contact_logged', 'next_step_done', 'stage_changed',
                             'outcome_set', 'reopened')
              AND NOT (e.kind = 'next_step_done' AND (json_extract(e.details, '$.cadence') IS NOT NULL
                                                      OR json_extract(e.details, '$.replaced_by') IS NOT NULL))
            GROUP BY l.id
        )
        UPDATE leads SET last_activity_at = activity.at FROM activity
        WHERE activity.id = leads.id AND leads.last_activity_at IS NOT activity.at
        """,
    )


@MIGRATIONS(name="0009_oauth2_sign_in")
def oauth2_sign_in(db: sqlite_utils.Database) -> None:
    """How each account signs in (password, or OAuth2 with Microsoft or Google) and, for OAuth2, who
    signed in (a delegate of a shared mailbox signs in as themself) with which app registration (a
    refresh token works only with the client id it was issued to). The token itself lives only in the
    OS keyring."""
    _run(
        db,
        """
        ALTER TABLE accounts ADD COLUMN sign_in TEXT NOT NULL DEFAULT 'password';
        ALTER TABLE accounts ADD COLUMN signed_in_as TEXT;
        ALTER TABLE accounts ADD COLUMN oauth_client_id TEXT
        """,
    )


@MIGRATIONS(name="0010_team_journal")
def team_journal(db: sqlite_utils.Database) -> None:
    """Several seats, one inbox (issue 19): what this seat sent to the team journal and has not yet
    seen come back (the outbox), every entry it applied in journal order with its decision, each lead's
    version (the last accepted entry that changed it: what an action is made on), accepted entries
    waiting for a lead this seat has not captured yet, the local events of each entry (to undo one), a
    cross-seat key for each lead, and the other seats as last heard from."""
    _run(
        db,
        """
        CREATE TABLE journal_outbox (
            seq INTEGER PRIMARY KEY,
            entry_id TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            sent INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE journal_applied (
            seq INTEGER PRIMARY KEY,
            entry_id TEXT NOT NULL UNIQUE,
            seat TEXT NOT NULL,
            kind TEXT NOT NULL,
            lead_key TEXT,
            accepted INTEGER NOT NULL,
            server_at TEXT,
            body TEXT NOT NULL
        );
        CREATE TABLE lead_versions (
            lead_key TEXT PRIMARY KEY,
            version TEXT NOT NULL
        );
        CREATE TABLE journal_waiting (
            entry_id TEXT PRIMARY KEY,
            lead_key TEXT NOT NULL
        );
        CREATE INDEX journal_waiting_lead ON journal_waiting(lead_key);
        CREATE TABLE journal_events (
            entry_id TEXT PRIMARY KEY,
            lead_id INTEGER NOT NULL,
            event_ids TEXT NOT NULL
        );
        CREATE TABLE lead_keys (
            lead_id INTEGER PRIMARY KEY REFERENCES leads(id),
            key TEXT NOT NULL UNIQUE
        );
        CREATE TABLE seats (
            seat_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            last_heard TEXT,
            removed INTEGER NOT NULL DEFAULT 0
        )
        """,
    )
