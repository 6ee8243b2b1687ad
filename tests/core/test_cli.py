"""The command line contract of DESIGN.md."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from leakdesk import cli
from leakdesk.clock import FakeClock

LEAD_FIELDS = {
    "id", "contact_name", "contact_email", "contact_phone", "channel", "subject", "received_at", "captured_at",
    "owner", "owned_at", "stage", "outcome", "first_response_at", "next_step", "next_step_due", "leaks",
    "message_ids",
}
ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], clock: FakeClock) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.run(cli.build_parser().parse_args(argv), clock, out)
    return code, out.getvalue()


def test_leads_json_has_every_field(tmp_path: Path, clock: FakeClock) -> None:
    code, text = run(["--data-dir", str(tmp_path), "--demo", "leads", "--json"], clock)
    assert code == 0
    leads = json.loads(text)
    assert len(leads) > 250
    for lead in leads:
        assert set(lead) >= LEAD_FIELDS
        assert lead["channel"] in {"web_form", "email", "referral", "phone", "whatsapp", "chat", "other"}
        assert lead["received_at"][-6:] in ("+00:00", "+01:00")  # ISO with the business's offset
    assert any(lead["message_ids"] for lead in leads)
    assert any("unanswered" in lead["leaks"] for lead in leads)
    owned = [lead for lead in leads if lead["owner"]]
    assert owned and all(isinstance(lead["owner"], str) for lead in owned)


def test_without_demo_flag_the_existing_demo_is_used(tmp_path: Path, clock: FakeClock) -> None:
    run(["--data-dir", str(tmp_path), "--demo", "leads", "--json"], clock)
    (tmp_path / "marker").touch()
    code, text = run(["--data-dir", str(tmp_path), "leads", "--json"], clock)
    assert code == 0 and len(json.loads(text)) > 250
    assert (tmp_path / "demo.sqlite").exists() and not (tmp_path / "leakdesk.sqlite").exists()


def test_export_csv(tmp_path: Path, clock: FakeClock) -> None:
    target = tmp_path / "leads.csv"
    code, _ = run(["--data-dir", str(tmp_path), "--demo", "export", "--csv", str(target)], clock)
    assert code == 0
    with target.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 250 and rows[0]["received_at"][4] == "-" and len(rows[0]["received_at"]) == 16


def test_settings_commands(tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--data-dir", str(tmp_path)]
    assert run([*base, "settings", "set", "sla.response_minutes", "30"], clock)[0] == 0
    assert run([*base, "settings", "get", "sla.response_minutes"], clock) == (0, "30\n")
    _, listing = run([*base, "settings", "list"], clock)
    assert "sla.response_minutes" in listing and "(set)" in listing
    assert run([*base, "settings", "set", "figures.currency", "pounds"], clock)[0] == 2
    assert "figures.currency must be a three-letter code" in capsys.readouterr().err


REPORT_FIELDS = {
    "week", "start", "provisional", "leads", "leaked", "leakage_rate", "by_kind", "responded_within_sla",
    "speed_to_lead_median_min", "speed_to_lead_p90_min", "unanswered", "booked", "booking_rate", "leak_cost",
    "lost_opportunities", "stages", "score", "weakest_stage",
}


def test_report_json_is_the_weekly_objects_oldest_first(tmp_path: Path, clock: FakeClock) -> None:
    code, text = run(["--data-dir", str(tmp_path), "--demo", "report", "--weeks", "4", "--json"], clock)
    weeks = json.loads(text)
    assert code == 0 and [w["week"] for w in weeks] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    assert all(set(w) == REPORT_FIELDS for w in weeks)
    assert [w["provisional"] for w in weeks] == [False, False, False, True]
    assert all(w["leads"] > 0 and w["leaked"] == sum(w["by_kind"].values()) for w in weeks)


def test_report_as_of_a_past_day(tmp_path: Path, clock: FakeClock) -> None:
    base = ["--data-dir", str(tmp_path), "--demo", "report", "--weeks", "2", "--json"]
    code, text = run([*base, "--as-of", "2026-11-08"], clock)  # a Sunday: its week is the last, still provisional
    weeks = json.loads(text)
    assert code == 0 and [(w["week"], w["provisional"]) for w in weeks] == [("2026-W44", False), ("2026-W45", True)]
    _, again = run([*base[:-1], "--json", "--as-of", "2026-11-08T23:59:59.999999+00:00"], clock)
    assert json.loads(again) == weeks


def test_report_table_and_csv(tmp_path: Path, clock: FakeClock) -> None:
    code, table = run(["--data-dir", str(tmp_path), "--demo", "report", "--weeks", "3"], clock)
    assert code == 0 and table.splitlines()[0].split()[:3] == ["Week", "Leads", "Leaked"]
    assert "2026-W47*" in table and "provisional" in table
    code, text = run(["--data-dir", str(tmp_path), "report", "--weeks", "3", "--csv", "-"], clock)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and [r["From"] for r in rows] == ["Mon 2 Nov 2026", "Mon 9 Nov 2026", "Mon 16 Nov 2026"]
    assert rows[-1]["Provisional"] == "yes" and rows[0]["Leakage rate"].endswith("%")


@pytest.mark.parametrize(("argv", "says"), [
    (["--weeks", "0"], "--weeks must be a number of weeks from 1 to 520, not 0."),
    (["--as-of", "last tuesday"], "--as-of must be a date or time such as 2026-11-15"),
])
def test_report_refuses_bad_arguments_in_one_sentence(tmp_path: Path, clock: FakeClock,
                                                       capsys: pytest.CaptureFixture[str],
                                                       argv: list[str], says: str) -> None:
    code, _ = run(["--data-dir", str(tmp_path), "report", "--json", *argv], clock)
    err = capsys.readouterr().err
    assert code == 2 and says in err and err.count("\n") == 1


def test_pipeline_json_and_table_are_the_cores_figures(tmp_path: Path, clock: FakeClock) -> None:
    from leakdesk.report.pipeline import pipeline_of, to_json
    from leakdesk.store import Store

    code, text = run(["--data-dir", str(tmp_path), "--demo", "pipeline", "--weeks", "4", "--json"], clock)
    got = json.loads(text)
    assert code == 0 and [s["stage"] for s in got["stages"]] == ["new", "contacted", "qualified", "proposal"]
    store = Store.open(next(tmp_path.glob("*.sqlite")))
    try:
        assert got == json.loads(json.dumps(to_json(pipeline_of(store, clock.now(), 4))))
    finally:
        store.close()
    assert got["open"] == sum(s["open"] for s in got["stages"]) > 0
    code, table = run(["--data-dir", str(tmp_path), "pipeline"], clock)
    lines = table.splitlines()
    assert code == 0 and lines[0].split()[:3] == ["Stage", "Open", "Median"]
    assert [line.split()[0] for line in lines[1:5]] == ["New", "Contacted", "Qualified", "Proposal"]
    assert lines[5].startswith(("Leads stall most at", "No lead is stuck"))
    code, _ = run(["--data-dir", str(tmp_path), "pipeline", "--weeks", "0"], clock)
    assert code == 2


def test_the_installed_command(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "leakdesk"
    done = subprocess.run([str(exe), "--data-dir", str(tmp_path), "settings", "get", "nope"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "leakdesk: There is no setting called 'nope'; 'leakdesk settings list' shows them all."
    )
    assert (tmp_path / "logs" / "leakdesk.log").exists()


def test_rules_commands(tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--data-dir", str(tmp_path)]
    assert run([*base, "rules", "add", "channel", "callrail", "phone"], clock)[0] == 0
    assert run([*base, "rules", "add", "ignore_domain", "Spam.Test"], clock)[0] == 0
    assert run([*base, "rules", "list"], clock) == (0, "channel        callrail  -> phone\nignore_domain  spam.test\n")
    assert run([*base, "rules", "add", "channel", "x"], clock)[0] == 2
    assert "needs a channel" in capsys.readouterr().err
    assert run([*base, "rules", "remove", "channel", "callrail"], clock)[0] == 0
    assert run([*base, "rules", "list"], clock) == (0, "ignore_domain  spam.test\n")
