# -*- coding: utf-8 -*-
"""report.html of the seed case, written by playbooks/check.yml, opened in headless Chromium (Debian's
package): the page a browser builds shows the timeline with the failing Azure-started rekey marked, and
its screenshot is not blank.

Chromium comes from tests/integration/browser_setup.sh (apt-get, root). Without it the test is skipped,
saying so, except in CI (CI=true), where it installs it and must run.
"""

import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "examples/seed-asa-azure-pfs"
BROWSER_TIMEOUT = 120


def _chromium():
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        subprocess.run(["bash", os.path.join(HERE, "browser_setup.sh")], stdin=subprocess.DEVNULL, check=True,
                       timeout=1800)
        return shutil.which("chromium")
    pytest.skip("chromium is not installed (run tests/integration/browser_setup.sh as root, or apt-get install "
                "chromium); in CI the test installs it")
    return None


def _browser(chromium, *args):
    """Run headless Chromium with a throw-away profile (removed after: it is no test artifact); returns its stdout."""
    profile = tempfile.mkdtemp(prefix="vpnalign-chromium-")
    cmd = [chromium, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
           "--user-data-dir=%s" % profile] + list(args)
    try:
        proc = subprocess.run(cmd, env=dict(os.environ, HOME=profile), stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=BROWSER_TIMEOUT, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert proc.returncode == 0, "chromium exited %d: %s" % (proc.returncode, proc.stderr[-2000:])
    return proc.stdout


def _png_pixels(path):
    """(width, height, rows of pixel tuples) of an 8-bit, non-interlaced RGB/RGBA PNG (what Chromium
    writes), decoded with zlib and struct: no imaging library needed."""
    with open(path, "rb") as handle:
        data = handle.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        pos += 12 + length
    width, height, depth, colour, _compression, _filter, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format %r" % (header,)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


@pytest.fixture(scope="module")
def chromium():
    return _chromium()


def test_seed_report_html_in_headless_chromium(run_playbook, tmp_path, chromium):
    out = tmp_path / "report"
    run_playbook("playbooks/check.yml", {"asa_config_file": SEED + "/asa_running_config.txt",
                                         "azure_resources_file": SEED + "/azure_resources.json",
                                         "report_dir": str(out), "fail_on": "never"})
    page = out / "report.html"
    assert sorted(os.listdir(str(out))) == ["report.html", "report.json", "report.md", "report.xml"]
    url = "file://" + str(page)

    # The DOM as Chromium built it: the failing exchange is Azure's Child SA rekey under load, marked.
    dom = _browser(chromium, "--dump-dom", url)
    failing = re.search(r'<g id="azure_[^"]*_CRYPTO-MAP_2-load-2" class="exchange fail initiator-azure" data-exchange="CREATE_CHILD_SA" '
                        r'data-initiator="Azure">(.*?)</g>', dom, re.S)
    assert failing, "the failing Azure-started rekey is not marked in the DOM"
    assert "FAILS: PFS_MISMATCH (INVALID_KE_PAYLOAD)" in failing.group(1)
    assert "t = 1.6 s, 2 MB" in failing.group(1)
    assert "#c62828" in failing.group(1)  # drawn red
    text = re.sub(r"<[^>]+>", " ", dom)
    assert re.search(r"t = 1\.6 s \(2 MB through the tunnel\): CREATE_CHILD_SA Child SA rekey 1, started by Azure "
                     r"\(Azure's data lifetime 2048 KB\), FAILS \[PFS_MISMATCH\]", text)
    assert "10 Mbit/s" in text and "crypto map CRYPTO-MAP 2 set pfs group19" in text
    assert "<script" not in dom

    # The screenshot: a page with drawing on it, not a blank or single-colour image.
    shot = tmp_path / "report.png"
    _browser(chromium, "--screenshot=%s" % shot, "--window-size=1200,2000", "--hide-scrollbars", url)
    width, height, rows = _png_pixels(str(shot))
    assert (width, height) == (1200, 2000)
    colours, ink, red = set(), 0, 0
    for row in rows[::2]:
        for pixel in row[::2]:
            colours.add(pixel)
            if pixel != (255, 255, 255):
                ink += 1
            if pixel[0] > 170 and pixel[1] < 80 and pixel[2] < 80:
                red += 1
    sampled = len(rows[::2]) * len(rows[0][::2])
    assert len(colours) > 50, "only %d colours: a blank page?" % len(colours)
    assert ink > sampled // 50, "only %d of %d sampled pixels are not white" % (ink, sampled)
    assert red > 200, "no red to speak of (%d pixels): the failure is not drawn" % red
