# -*- coding: utf-8 -*-
"""report.html's anchors of an unpaired end's findings name the end, not its position among the unpaired ends: with
``u0-finding-0`` an end added or removed one night moved every anchor after it, so a diff of two nights' pages was
noise and a bookmarked link opened another end's finding."""

import os
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import to_html
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "examples", "seed-asa-azure-pfs")
SUB_B = "3c9d7e21-5b4a-4f6e-8d2c-1a0b9c8d7e6f"


@pytest.fixture(scope="module")
def finding():
    report = run_check(asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.txt")),
                       azure_facts_from({}, paths=os.path.join(SEED, "azure_resources.json")))
    return [f for f in report["tunnels"][0]["findings"] if f["severity"] == "error"][0]


def _asa_end(host, seq, finding):
    return {"asa": {"host": host, "crypto_map": "outside_map", "seq": seq, "peer": "192.0.2.%d" % seq},
            "reason": "no Azure connection has this peer address", "verdict": "fail", "findings": [finding]}


def _azure_end(connection, finding, subscription=None):
    end = {"connection": connection, "gateway": "vng-hub", "resource_group": "rg-vpn-weu"}
    if subscription:  # there when the run read several subscriptions (compat._azure_id)
        end["subscription"] = subscription
    return {"azure": end, "reason": "no ASA of this run is at its peer address", "verdict": "fail", "findings": [finding]}


def _page(unpaired):
    return to_html({"schema_version": 1, "tunnels": [], "unpaired": unpaired,
                    "summary": {"tunnels": 0, "fail": 0, "degraded": 0, "pass": 0}})


def _anchors(page, text):
    """The finding anchors of the unpaired end whose line names ``text``."""
    start = page.rindex("<li>", 0, page.index(text))
    return re.findall(r'<div class="finding [^"]*" id="([^"]+)"', page[start:page.index("</li>", start)])


def test_an_unpaired_ends_finding_anchors_stay_when_an_end_before_it_is_gone(finding):
    three = _page([_asa_end("fw-site1", 10, finding), _asa_end("fw-site2", 20, finding), _azure_end("to-site3", finding)])
    two = _page([_asa_end("fw-site2", 20, finding), _azure_end("to-site3", finding)])  # site 1 decommissioned
    for text in ("ASA fw-site2", "Azure to-site3"):
        assert _anchors(three, text) and _anchors(three, text) == _anchors(two, text)
        assert all(re.fullmatch(r"[A-Za-z0-9._~-]+", a) for a in _anchors(two, text))
    assert "fw-site2" in _anchors(two, "ASA fw-site2")[0] and "to-site3" in _anchors(two, "Azure to-site3")[0]


def test_unpaired_anchors_do_not_move_when_another_subscription_is_read_and_are_unique(finding):
    alone = _page([_azure_end("to-branch", finding)])
    # the next night a second subscription is read: the report names each end's subscription, and the same
    # landing-zone template left a connection of one name unpaired in each
    both = _page([_azure_end("to-hq", finding, "00000000-0000-0000-0000-000000000000"), _azure_end("to-branch", finding, SUB_B),
                  _azure_end("to-hq", finding, SUB_B), _asa_end("fw-site2", 20, finding)])
    assert _anchors(alone, "Azure to-branch") == _anchors(both, "Azure to-branch")
    ids = re.findall(r' id="([^"]+)"', both)
    assert len(ids) == len(set(ids)) and len([i for i in ids if "-finding-" in i]) == 4
    for target in re.findall(r'href="#([^"]+)"', both):
        assert target in ids, target
