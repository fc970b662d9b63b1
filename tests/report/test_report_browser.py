"""Open the report in headless Chromium (Debian's chromium): no console errors, fits a phone, prints on A4."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from anchorspend.pipelines.report import render_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser
MAY = dt.date(2017, 5, 1)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _open(browser, html: Path, width: int, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(html.as_uri(), wait_until="load")
    return page, problems, requests


def _keep(png: Path) -> None:
    """Copy a screenshot to $ANCHORSPEND_SCREENSHOTS when set, for people to look at."""
    target = os.environ.get("ANCHORSPEND_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(target) / png.name)


def test_report_renders_in_chromium(browser, report_warehouse, tmp_path):
    out = render_report(report_warehouse, MAY, tmp_path / "out")

    page, problems, requests = _open(browser, out["html"], 1280)
    assert problems == []
    assert requests == [], "the report must need no network"
    assert page.locator("svg").count() >= 2
    # The SVG charts draw at a real size on a desktop.
    box = page.locator("#local-trend figure .wide svg").bounding_box()
    assert box and box["width"] > 500 and box["height"] > 150
    png = tmp_path / "anchorspend-report-2017-05-desktop.png"
    page.screenshot(path=str(png), full_page=True)
    _keep(png)
    # Every scorecard row is on screen, one status pill each.
    assert page.locator("#table-scorecard tr[data-scorecard]").count() == page.locator("#table-scorecard .badge").count() > 20
    png = tmp_path / "anchorspend-report-2017-05-scorecard.png"
    page.locator("#scorecard").screenshot(path=str(png))
    _keep(png)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    # A4 is 595 x 842 PDF points (Chromium rounds to whole CSS pixels: 595.92 x 842.88).
    boxes = {tuple(float(v) for v in m.split()) for m in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
    assert boxes and all(abs(w - 595) < 2 and abs(h - 842) < 2 for _, _, w, h in boxes), boxes
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 12, pages  # the scorecard starts a page and may run onto a second
    page.close()


def test_report_prints_on_a4(browser, report_warehouse, tmp_path):
    """Print styles at A4 width (210 mm = 794 CSS px): nothing sticks out of the page."""
    out = render_report(report_warehouse, MAY, tmp_path / "out")
    page, problems, _ = _open(browser, out["html"], 794 - 2 * 45)  # less the 12 mm margins
    page.emulate_media(media="print")
    assert problems == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert page.locator("#local-trend figure .wide svg").is_visible()
    # The scorecard starts a printed page of its own.
    assert page.evaluate("getComputedStyle(document.getElementById('scorecard')).breakBefore") == "page"
    png = tmp_path / "anchorspend-report-2017-05-print.png"
    page.screenshot(path=str(png), full_page=True)
    _keep(png)
    page.close()


def test_report_fits_a_phone(browser, report_warehouse, tmp_path):
    out = render_report(report_warehouse, MAY, tmp_path / "out")
    page, problems, _ = _open(browser, out["html"], 375, 740)
    assert problems == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px on a 375px phone"
    # The narrow chart is the one shown on a phone, and it fits the screen.
    box = page.locator("#local-trend figure .narrow svg").bounding_box()
    assert box and 250 < box["width"] <= 375
    assert not page.locator("#local-trend figure .wide svg").is_visible()
    # The scorecard's rows stack into blocks that fit the screen.
    box = page.locator("#table-scorecard").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
    png = tmp_path / "anchorspend-report-2017-05-phone-scorecard.png"
    page.locator("#scorecard").screenshot(path=str(png))
    _keep(png)
    png = tmp_path / "anchorspend-report-2017-05-phone.png"
    page.screenshot(path=str(png), full_page=True)
    _keep(png)
    page.close()
