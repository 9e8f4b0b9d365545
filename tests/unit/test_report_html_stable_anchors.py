# -*- coding: utf-8 -*-
"""report.html's anchors, links and timeline ids name a tunnel by its report.json id, not by its position: with
``tunnel-N`` a tunnel added or removed one night moved every id after it, so a diff of two nights' pages was noise and
a bookmarked link (``report.html#tunnel-2``) opened another tunnel."""

import os
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import to_html
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "examples", "seed-asa-azure-pfs")
SUB = "5f0c2d1e-8a4b-4c3d-9e2f-6a7b8c9d0e1f"


@pytest.fixture(scope="module")
def tunnel():
    return run_check(asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.txt")),
                     azure_facts_from({}, paths=os.path.join(SEED, "azure_resources.json")))["tunnels"][0]


def _site(tunnel, n):
    return dict(tunnel, name="hub-to-site%d" % n, id="azure:%s/rg-vpn-weu/hub-to-site%d asa:fw-site%d/outside_map/%d"
                % (SUB, n, n, 10 * n))


def _report(tunnels):
    verdicts = [t["verdict"] for t in tunnels]
    return {"schema_version": 1, "tunnels": tunnels, "unpaired": [],
            "summary": {"tunnels": len(tunnels), "fail": verdicts.count("fail"), "degraded": 0, "pass": verdicts.count("pass")}}


def _section(page, name):
    """The section headed by ``name`` and the link to it in the list at the top."""
    section = re.search(r'<section [^>]*id="([^"]+)"><h2>%s \(' % re.escape(name), page)
    start = section.start()
    end = page.find("</section>", start)
    link = re.search(r'<li><a href="#([^"]+)">%s \(' % re.escape(name), page).group(1)
    return section.group(1), link, page[start:end]


def test_a_tunnels_anchors_stay_when_a_tunnel_before_it_is_removed(tunnel):
    three = to_html(_report([_site(tunnel, 1), _site(tunnel, 2), _site(tunnel, 3)]))
    two = to_html(_report([_site(tunnel, 2), _site(tunnel, 3)]))  # site 1 decommissioned
    for name in ("hub-to-site2", "hub-to-site3"):
        anchor_three, link_three, body_three = _section(three, name)
        anchor_two, link_two, body_two = _section(two, name)
        assert anchor_three == anchor_two == link_three == link_two
        assert body_three == body_two  # its timeline, findings and fixes keep their ids: nothing to diff
    # the anchor is the stable id, made safe for an id and a URL fragment
    anchor = _section(two, "hub-to-site2")[0]
    assert re.fullmatch(r"[A-Za-z0-9._-]+", anchor) and "hub-to-site2" in anchor and "fw-site2" in anchor


def test_every_id_of_the_page_is_unique_and_every_link_leads_somewhere(tunnel):
    tunnels = [_site(tunnel, 1), _site(tunnel, 2),
               # ids that differ only in characters an anchor cannot keep still get their own anchors
               dict(tunnel, name="a", id="azure:-/rg/a b asa:fw/m/1"), dict(tunnel, name="a", id="azure:-/rg/a_b asa:fw/m/1")]
    page = to_html(_report(tunnels))
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'href="#([^"]+)"', page) + re.findall(r'url\(#([^)]+)\)', page):
        assert target in ids, target
