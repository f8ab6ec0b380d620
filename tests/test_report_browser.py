"""report.html in a real browser (headless Chromium, no network): the filter script runs, a link
with a filter in its hash opens filtered, and the page renders to a screenshot."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

BROWSERS = ("chromium", "chromium-browser")


@pytest.fixture(scope="module")
def chromium():
    binary = next((b for b in map(shutil.which, BROWSERS) if b), None)
    if binary is None:
        pytest.skip("no chromium binary: `make test` installs Debian's chromium when run as root")
    return binary


def headless(chromium: str, profile, *args: str) -> subprocess.CompletedProcess:
    """Chromium with every route to the network closed: names resolve nowhere, no proxy reachable."""
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--proxy-server=127.0.0.1:9", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120)


def test_filter_script_runs_and_reads_the_hash(chromium, samples_run, tmp_path):
    out, results = samples_run
    url = (out / "report.html").resolve().as_uri()
    total = sum(len(r.findings) for r in results)
    hierarchy = sum(f["rule"] == "hierarchy_sum" for r in results for f in r.findings)

    dom = headless(chromium, tmp_path / "p1", "--dump-dom", url).stdout
    assert f"{total} of {total} findings shown" in dom  # written by the script, not the template
    assert len(re.findall(r'<article class="finding"[^>]*>', dom)) == total

    dom = headless(chromium, tmp_path / "p2", "--dump-dom", url + "#rule=hierarchy_sum").stdout
    assert f"{hierarchy} of {total} findings shown" in dom
    articles = re.findall(r'<article class="finding"[^>]*>', dom)
    hidden = [a for a in articles if " hidden" in a]
    assert len(hidden) == total - hierarchy and not any('data-rule="hierarchy_sum"' in a for a in hidden)


def test_report_renders_to_a_screenshot(chromium, samples_run, tmp_path):
    from PIL import Image

    out, _ = samples_run
    shot = tmp_path / "report.png"
    headless(chromium, tmp_path / "p", "--hide-scrollbars", "--window-size=1280,1600", f"--screenshot={shot}",
             (out / "report.html").resolve().as_uri())
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(shot).convert("RGB")
    assert img.size == (1280, 1600)
    assert len(img.getcolors(1 << 20)) > 50  # a rendered page, not a blank canvas
