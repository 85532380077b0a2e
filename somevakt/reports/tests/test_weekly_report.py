import datetime
import json
import tomllib

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from pydantic import ValidationError

from conftest import oslo
from somevakt.audit.models import AuditEntry
from somevakt.policy.schema import Policy
from somevakt.reports.models import WeeklyReportDelivery
from somevakt.reports.pdf import weekly_report_pdf
from somevakt.reports.periods import Period
from somevakt.reports.services import weekly_report_due, weekly_report_send


def test_report_week_writes_a_pdf(policy, tmp_path):
    target = tmp_path / "uke48.pdf"
    call_command("report", "--week", "2026-W48", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_bad_week_or_folder_is_a_clear_error(policy, tmp_path):
    with pytest.raises(CommandError, match="no week 54. Fix"):
        call_command("report", "--week", "2026-W54", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="not a week"):
        call_command("report", "--week", "2026-11")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("report", "--week", "2026-W48", "--output", str(tmp_path / "no" / "x.pdf"))


def test_report_exports_every_figure_as_json(policy, tmp_path):
    target = tmp_path / "nov.json"
    call_command("report", "--period", "2026-11", "--format", "json", "--output", str(target))
    document = json.loads(target.read_text())
    assert document["kind"] == "month"
    assert {"dialogue", "reach", "answer_times", "bans", "compliance"} <= {
        figure["key"] for figure in document["figures"]
    }


def test_the_weekly_report_is_due_after_the_send_time_and_sent_once(policy, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The default policy sends on Monday at 07:00 the report on the week before.
    assert weekly_report_due(now=oslo(2026, 11, 30, 6, 59)) is None
    week = weekly_report_due(now=oslo(2026, 11, 30, 7, 0))
    assert week == Period.parse("2026-W48")

    pdf = weekly_report_pdf(actor=None, week=week)
    delivery = weekly_report_send(actor=None, week=week, pdf=pdf, now=oslo(2026, 11, 30, 7, 0))

    assert delivery is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["post@rakkestad.kommune.no"]
    assert message.attachments[0][0] == "somevakt-2026-W48.pdf"
    assert message.attachments[0][1].startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="reports.weekly_sent").count() == 1
    # A second scheduler finds nothing due and sends nothing.
    assert weekly_report_due(now=oslo(2026, 11, 30, 8, 0)) is None
    assert weekly_report_send(actor=None, week=week, pdf=pdf) is None
    assert len(mail.outbox) == 1


def test_a_refused_mail_records_nothing_so_the_next_run_tries_again(policy, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with pytest.raises(OSError):
        weekly_report_send(actor=None, week=Period.parse("2026-W48"), pdf=b"%PDF-1.7")
    assert not WeeklyReportDelivery.objects.exists()


def _policy_with(reports: dict) -> dict:
    with open(settings.SOMEVAKT_DEFAULT_POLICY, "rb") as file:
        document = tomllib.load(file)
    document["reports"] = reports
    return document


def test_the_shipped_policy_names_recipients_and_a_send_time():
    reports = Policy.model_validate(_policy_with({})).reports
    with open(settings.SOMEVAKT_DEFAULT_POLICY, "rb") as file:
        shipped = Policy.model_validate(tomllib.load(file)).reports
    assert shipped.recipients == ("post@rakkestad.kommune.no",)
    assert (str(shipped.send_day), shipped.send_time) == ("monday", datetime.time(7, 0))
    assert reports.recipients == ()


def test_a_bad_recipient_or_day_says_how_to_fix_it():
    with pytest.raises(ValidationError) as error:
        Policy.model_validate(
            _policy_with({"recipients": ["ingrid"], "send_day": "mandag", "send_time": "7"})
        )
    text = str(error.value)
    assert '"ingrid" is not an e-mail address. Fix' in text
    assert "send_day" in text and "send_time" in text


def test_the_emailed_pdf_leaves_secret_groups_out(policy, make_channel, make_event):
    from somevakt.inbox.services import item_ingest
    from somevakt.reports.pdf import weekly_report_html
    from somevakt.reports.selectors import report_figures
    from somevakt.sources.models import ChannelType

    make_channel(ChannelType.SECRET_GROUP, name="Rektorer internt", external_id="secret1")
    moment = oslo(2026, 11, 24, 10, 0)
    item_ingest(event=make_event("s1", channel="secret1", published_at=moment,
                                 occurred_at=moment))  # fmt: skip
    week = Period.parse("2026-W48")

    assert "Rektorer internt" in report_figures(actor=None, period=week).figure("reach").labels
    assert "Rektorer internt" not in weekly_report_html(actor=None, week=week)


def test_the_schedule_hands_the_due_report_to_the_worker_at_the_send_time(policy):
    import io

    import time_machine

    # Week 47 went out last Monday.
    WeeklyReportDelivery.objects.create(
        week=datetime.date(2026, 11, 16), sent_at=oslo(2026, 11, 23, 7, 0), size=1
    )
    out = io.StringIO()
    with time_machine.travel(oslo(2026, 11, 30, 6, 59), tick=False):
        call_command("report", "--schedule", stdout=out)
    assert out.getvalue() == ""  # before Monday 07:00 nothing is due
    with time_machine.travel(oslo(2026, 11, 30, 7, 5), tick=False):
        call_command("report", "--schedule", stdout=out)
    assert out.getvalue() == "Weekly report 2026-W48 handed to the worker.\n"
