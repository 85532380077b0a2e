from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from somevakt.inbox.models import Author
from somevakt.privacy.export import export_filename, export_json, export_pdf
from somevakt.privacy.selectors import authors_find, exports_recent
from somevakt.privacy.services import author_export


def authors(request: HttpRequest) -> HttpResponse:
    """Find a person's author records and download what is held about them."""
    query = request.GET.get("q", "")[:200]
    return render(
        request,
        "privacy/authors.html",
        {
            "query": query,
            "found": authors_find(actor=request.user, query=query),
            "exports": exports_recent(actor=request.user),
        },
    )


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    export_format = request.POST.get("format")
    ids = [value for value in request.POST.getlist("author") if value.isdigit()]
    chosen = list(Author.objects.filter(pk__in=ids))
    if export_format not in ("json", "pdf") or not chosen:
        messages.error(request, _("Choose at least one author record and a format."))
        return redirect("privacy:authors")
    data = author_export(actor=request.user, authors=chosen, export_format=export_format)
    if export_format == "json":
        content, mime = export_json(data), "application/json"
    else:
        content, mime = export_pdf(data), "application/pdf"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(data, export_format)}"'
    )
    return response
