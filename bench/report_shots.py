"""Screenshots of the reports: the overview page (Chromium) and the first page of the
weekly PDF, as PNG files. Builds the demo installation in a database of its own.
Usage: python bench/report_shots.py [--out DIR] [--week 2026-W48]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "report-shots")
    parser.add_argument("--week", default=None, help="the week of the PDF; default: last week")
    parser.add_argument(
        "--catalog",
        type=Path,
        help="a bokmål .po file to use before somevakt/locale (e.g. one not merged yet)",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="somevakt-shots-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'shots.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "somevakt.settings")
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    if args.catalog:
        messages = workdir / "locale" / "nb" / "LC_MESSAGES"
        messages.mkdir(parents=True)
        # gettext's msgfmt compiles it, as `make messages` does for somevakt/locale.
        subprocess.run(["msgfmt", "-o", str(messages / "django.mo"), str(args.catalog)], check=True)
        settings.LOCALE_PATHS = [str(workdir / "locale"), *settings.LOCALE_PATHS]
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    from somevakt.demo.setup import demo_setup
    from somevakt.policy.services import policy_load
    from somevakt.reports.pdf import weekly_report_pdf
    from somevakt.reports.periods import Period

    call_command("migrate", verbosity=0)
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    password = demo_setup().password

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(locale="nb-NO", viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/accounts/login/?next=/reports/")
        page.locator("#id_username").fill("ingrid")
        page.locator("#id_password").fill(password)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url("**/reports/")
        overview = args.out / "reports-overview.png"
        page.screenshot(path=str(overview), full_page=True)
        browser.close()
    server.shutdown()
    print(f"Wrote {overview}")

    import pypdfium2

    week = Period.parse(args.week) if args.week else Period.current("week").previous()
    pdf_path = args.out / f"weekly-{week.name}.pdf"
    pdf_path.write_bytes(weekly_report_pdf(actor=None, week=week))
    document = pypdfium2.PdfDocument(str(pdf_path))
    first_page = args.out / f"weekly-{week.name}-page1.png"
    document[0].render(scale=2).to_pil().save(first_page)
    document.close()
    print(f"Wrote {pdf_path} and {first_page}")


if __name__ == "__main__":
    main()
