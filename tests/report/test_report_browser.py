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


# Every table, at a desktop's and a phone's width: inside a .table-wrap that stays on screen, and
# either fitting it or scrolling inside it. A stacked table's head, clipped to nothing for screen
# readers, is skipped.
_CLIPPING = """() => {
  const vw = document.documentElement.clientWidth;
  const problems = [], scrolling = [];
  for (const table of document.querySelectorAll('table')) {
    const wrap = table.closest('.table-wrap');
    if (!wrap) { problems.push(`${table.id}: not inside a .table-wrap`); continue; }
    const box = wrap.getBoundingClientRect();
    if (box.left < -0.5 || box.right > vw + 0.5) problems.push(`${table.id}: its box runs off the screen`);
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      if (!['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX)) problems.push(`${table.id}: cut off`);
      scrolling.push(table.id);
      continue;
    }
    for (const cell of table.querySelectorAll('th, td')) {
      const r = cell.getBoundingClientRect();
      const head = cell.closest('thead');
      if (r.width <= 1 || r.height <= 1 || (head && getComputedStyle(head).clip !== 'auto')) continue;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5) problems.push(`${table.id}: a cell sticks out`);
    }
  }
  return {problems, scrolling};
}"""


def _strip_brightness(png: bytes, x0: int, x1: int) -> float:
    from io import BytesIO

    from PIL import Image

    img = Image.open(BytesIO(png)).convert("L")
    w, h = img.size
    pixels = [img.getpixel((x, y)) for x in range(max(0, x0 if x0 >= 0 else w + x0), x1 if x1 > 0 else w + x1)
              for y in range(h)]
    return sum(pixels) / len(pixels)


@pytest.mark.parametrize("width", [1280, 375])
def test_no_table_is_clipped_and_wide_ones_show_they_scroll(browser, report_warehouse, tmp_path, width):
    out = render_report(report_warehouse, MAY, tmp_path / "out")
    page, problems, _ = _open(browser, out["html"], width, 800)
    assert problems == []
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    found = page.evaluate(_CLIPPING)
    assert found["problems"] == []
    assert page.locator("table").count() >= 10
    if width == 1280:
        assert found["scrolling"] == [], "on a desktop every table fits"
    else:
        # The monthly figures and the supplier evidence are wider than a phone: they scroll.
        assert {"table-monthly-trend", "table-supplier-evidence"} <= set(found["scrolling"])
    for table_id in found["scrolling"]:
        # The cue is the box's own background: hide the table and look at the edges. At the
        # start a shadow shows on the right (more that way) and none on the left.
        page.evaluate("id => { const t = document.getElementById(id); t.style.visibility = 'hidden';"
                      " t.closest('.table-wrap').scrollLeft = 0; }", table_id)
        wrap = page.locator(f"#{table_id}").locator("xpath=ancestor::div[contains(@class, 'table-wrap')][1]")
        png = wrap.screenshot()
        right, left = _strip_brightness(png, -5, -1), _strip_brightness(png, 0, 4)
        assert left > 250 and right < left - 15, (table_id, left, right)
        # Scrolled to the end, the right shadow goes and the left one comes.
        page.evaluate("id => { const w = document.getElementById(id).closest('.table-wrap'); w.scrollLeft = w.scrollWidth; }",
                      table_id)
        png = wrap.screenshot()
        right, left = _strip_brightness(png, -5, -1), _strip_brightness(png, 0, 4)
        assert right > 250 and left < right - 15, (table_id, left, right)
        page.evaluate("id => { document.getElementById(id).style.visibility = ''; }", table_id)
    png = tmp_path / f"anchorspend-report-2017-05-{width}.png"
    page.screenshot(path=str(png), full_page=True)
    _keep(png)
    page.close()
