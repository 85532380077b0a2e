"""The author export as JSON (complete, machine-readable) and as PDF (bokmål, for reading)."""

import copy
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.translation import override
from weasyprint import HTML

from somevakt.archive.documents.render import RefusingFetcher
from somevakt.archive.models import Outcome
from somevakt.inbox.models import ItemKind
from somevakt.moderation.models import BanState, CaseState
from somevakt.policy.selectors import policy_in_force_or_none


def export_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode() + b"\n"


def _labelled(data: dict[str, Any]) -> dict[str, Any]:
    """A copy with the stored codes ("hidden", "comment") also in words, for the PDF."""
    data = copy.deepcopy(data)
    for item in data["items"]:
        item["kind_label"] = ItemKind(item["kind"]).label
        if item["moderation_case"]:
            item["moderation_case"]["state_label"] = CaseState(
                item["moderation_case"]["state"]
            ).label
    for ban in data["bans"]:
        ban["state_label"] = BanState(ban["state"]).label
    for decision in data["archive"]:
        decision["outcome_label"] = Outcome(decision["outcome"]).label
    return data


def export_pdf(data: dict[str, Any]) -> bytes:
    """The same data laid out in DejaVu Sans; nothing is fetched from outside."""
    version = policy_in_force_or_none()
    with override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "privacy/export_pdf.html",
            {
                "data": _labelled(data),
                "municipality": version.document["municipality"]["name"] if version else "",
            },
        )
    return HTML(string=html, url_fetcher=RefusingFetcher(), base_url=None).write_pdf()


def export_filename(data: dict[str, Any], suffix: str) -> str:
    first = data["authors"][0]
    return f"innsyn-{first['platform']}-{first['id_on_platform']}.{suffix}".replace("/", "_")
