"""report.html of the samples run (what `make run` writes) in a real browser — headless Debian
Chromium, no network: the interface is Chinese and drawn with a CJK font, the filter script runs
and reads the hash, a table grid marks its failing cells, a cascade is grouped, and the scanned
sample is shown as not checked."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PIL import Image, ImageChops

BROWSERS = ("chromium", "chromium-browser")
CJK_STACK = ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC")


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


def screenshot(chromium, profile, url, shot, size="1280,900") -> Image.Image:
    headless(chromium, profile, "--hide-scrollbars", f"--window-size={size}", f"--screenshot={shot}", url)
    return Image.open(shot).convert("RGB")


def installed_cjk_font() -> str:
    """The first family of the report's font stack fontconfig has (Debian: fonts-noto-cjk)."""
    if not shutil.which("fc-list"):
        pytest.skip("no fontconfig")
    families = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    found = next((f for f in CJK_STACK if f in families), None)
    if found is None:
        pytest.skip("no CJK font installed: `make test` installs fonts-noto-cjk when run as root")
    return found


@pytest.fixture(scope="module")
def dom(chromium, samples_run, tmp_path_factory):
    out, _ = samples_run
    return headless(chromium, tmp_path_factory.mktemp("p0"), "--dump-dom", (out / "report.html").resolve().as_uri()).stdout


def test_filter_script_runs_and_reads_the_hash(chromium, samples_run, dom, tmp_path):
    out, results = samples_run
    url = (out / "report.html").resolve().as_uri()
    total = sum(len(r.findings) for r in results)
    hierarchy = sum(f["rule"] == "hierarchy_sum" for r in results for f in r.findings)

    assert f"显示 {total} / {total} 项发现" in dom  # written by the script, not the template
    assert len(re.findall(r'<article class="finding[^"]*"[^>]*>', dom)) == total

    dom2 = headless(chromium, tmp_path / "p2", "--dump-dom", url + "#rule=hierarchy_sum").stdout
    assert f"显示 {hierarchy} / {total} 项发现" in dom2
    articles = re.findall(r'<article class="finding[^"]*"[^>]*>', dom2)
    hidden = [a for a in articles if " hidden" in a]
    assert len(hidden) == total - hierarchy and not any('data-rule="hierarchy_sum"' in a for a in hidden)


def test_chinese_interface_is_drawn_with_a_cjk_font(chromium, samples_run, tmp_path):
    """The header, drawn with the report's own font stack, is pixel for pixel the header drawn
    with the first installed CJK font of that stack forced on every element — and differs from
    the same header forced to another CJK font, so the comparison can tell fonts apart."""
    font = installed_cjk_font()
    out, _ = samples_run
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<h1>审核报告</h1>" in page and 'lang="zh-CN"' in page

    def forced(family: str):
        path = tmp_path / f"forced-{len(family)}.html"
        path.write_text(page.replace("</head>", f'<style>* {{ font-family: "{family}" !important; }}</style></head>'),
                        encoding="utf-8")
        return path.as_uri()

    box = (0, 0, 640, 48)  # the dark header band with the title 审核报告
    own = screenshot(chromium, tmp_path / "a", (out / "report.html").resolve().as_uri(), tmp_path / "a.png").crop(box)
    ref = screenshot(chromium, tmp_path / "b", forced(font), tmp_path / "b.png").crop(box)
    assert sum(n for n, px in own.getcolors(1 << 16) if min(px) > 200) > 150  # white text drawn on the band
    assert ImageChops.difference(own, ref).getbbox() is None
    other = next((f for f in ("WenQuanYi Zen Hei", "Noto Serif CJK SC") if f != font), None)
    families = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    if other in families:
        alt = screenshot(chromium, tmp_path / "c", forced(other), tmp_path / "c.png").crop(box)
        assert ImageChops.difference(own, alt).getbbox() is not None


def test_a_table_grid_marks_its_failing_cells(dom):
    grid = re.search(r'<details class="table" id="t-[^"]+" data-table="[^"]+" data-failing="\d+">.*?</details>', dom, re.S)
    assert grid is not None
    cell = re.search(r'<td class="num fail-total" title="([^"]+)"><a href="#([^"]+)">([^<]+)</a></td>', grid.group(0))
    assert cell and cell.group(2) in cell.group(1).split() and re.fullmatch(r"[\d,.-]+", cell.group(3))
    assert f'id="{cell.group(2)}"' in dom  # the mark links to its finding


def test_a_cascade_shows_one_finding_and_folds_the_others(dom):
    block = re.search(r'<div class="cascade" data-size="(\d+)">(.*?)<details class="consequences">(.*?)</details>\s*</div>',
                      dom, re.S)
    assert block is not None
    n = int(block.group(1))
    assert "一处印刷，%d 项发现" % n in block.group(2)
    assert len(re.findall(r"<article ", block.group(2))) == 1
    assert len(re.findall(r'<article class="finding folded"', block.group(3))) == n - 1


def test_the_scanned_sample_reads_as_not_checked(dom):
    row = re.search(r'<tr data-doc="[0-9a-f]+" data-state="(\w+)">\s*<td><a href="#doc-\d+">scanned_cover_2022_qiaokou_media.pdf</a>'
                    r'.*?</tr>', dom, re.S)
    assert row and row.group(1) == "unchecked"
    assert '<span class="state state-unchecked">未核对</span>' in row.group(0) and "1 页经 OCR 识别" in row.group(0)
    states = re.findall(r'data-state="(\w+)"', dom)
    assert "findings" in states  # the other samples are not shown the same way


def test_report_renders_to_a_screenshot(chromium, samples_run, tmp_path):
    out, _ = samples_run
    img = screenshot(chromium, tmp_path / "p", (out / "report.html").resolve().as_uri(), tmp_path / "r.png", "1280,1600")
    assert img.size == (1280, 1600)
    assert len(img.getcolors(1 << 20)) > 50  # a rendered page, not a blank canvas
