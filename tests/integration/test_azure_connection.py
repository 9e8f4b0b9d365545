# -*- coding: utf-8 -*-
"""azure_vpn_connection through ansible-playbook against the ARM lab: idempotent PUT with If-Match,
check mode, diff, shared key never shown."""

import json
import os
import sys

import pytest

LAB_ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lab")
if LAB_ROOT not in sys.path:
    sys.path.insert(0, LAB_ROOT)

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from arm_connection_play import run_connection  # noqa: E402  pylint: disable=wrong-import-position

SEED = "examples/seed-asa-azure-pfs/azure_resources.json"
SECRET = "Conn-S3cret+/=42"
SHARED_KEY = "Psk-Never-Shown-7731"


ALIGN_TO_ASA = dict(
    name="UKSouth-HQ-S2S", resource_group="RG",
    ike={"encryption": ["AES-CBC-128"], "integrity": ["SHA256"], "dh_groups": [19]},
    esp={"encryption": ["AES-GCM-128"], "integrity": []},
    pfs_group=0, child_lifetime_seconds=3600, child_lifetime_kilobytes=102400000,
    use_policy_based_traffic_selectors=True,
)


@pytest.fixture
def apply(run_playbook, tmp_path, arm):
    count = [0]

    def run(conn_args, check_mode=False, fails=False):
        count[0] += 1
        result, proc = run_connection(run_playbook, tmp_path, arm, SECRET, conn_args, "r%d.json" % count[0],
                                      args=["-vvv"] + (["--check"] if check_mode else []), check=not fails)
        output = proc.stdout + proc.stderr
        assert SECRET not in output and SHARED_KEY not in output, "a secret leaked"
        assert "Traceback" not in output, proc
        return result, proc

    return run


def policy(arm):
    return arm.resource("UKSouth-HQ-S2S")["properties"]["ipsecPolicies"][0]


def test_align_to_asa_changes_pfs_then_reports_no_change(arm, apply):
    result, _proc = apply(ALIGN_TO_ASA)
    assert result["changed"] is True
    assert set(result["changes"]) == {"ipsecPolicies"}
    assert policy(arm)["pfsGroup"] == "None" and policy(arm)["saDataSizeKilobytes"] == 102400000
    puts = [r for r in arm.requests() if r["method"] == "PUT"]
    assert len(puts) == 1 and puts[0]["if_match"], "PUT must carry If-Match"
    again, _proc = apply(ALIGN_TO_ASA)
    assert again["changed"] is False and again["changes"] == {}
    assert len([r for r in arm.requests() if r["method"] == "PUT"]) == 1


def test_check_mode_changes_nothing_and_shows_the_diff(arm, apply):
    before = policy(arm)
    result, proc = apply(ALIGN_TO_ASA, check_mode=True)
    assert result["changed"] is True
    assert policy(arm) == before
    assert not [r for r in arm.requests() if r["method"] in ("PUT", "POST") and "/subscriptions/" in r["path"]]
    assert '"pfsGroup": "None"' in proc.stdout


def test_shared_key_is_set_once_and_never_shown(arm, apply):
    result, _proc = apply(dict(name="UKSouth-HQ-S2S", resource_group="RG", shared_key=SHARED_KEY))
    assert result["shared_key_changed"] is True
    [stored] = [v for k, v in arm.shared_keys().items() if k.lower().endswith("/connections/uksouth-hq-s2s")]
    assert stored == SHARED_KEY
    # one write, the connection's own PUT under If-Match: the sharedkey endpoint has no ETag, so a
    # key set there would overwrite a concurrent run's key unnoticed
    writes = [r for r in arm.requests() if r["method"] in ("PUT", "POST") and "/subscriptions/" in r["path"]]
    assert [(w["path"].rsplit("/", 1)[-1], bool(w["if_match"])) for w in writes] == [("UKSouth-HQ-S2S", True)]
    assert result["applied"] == ["sharedKey"]
    again, _proc = apply(dict(name="UKSouth-HQ-S2S", resource_group="RG", shared_key=SHARED_KEY))
    assert again["changed"] is False


def test_check_mode_of_a_key_only_change_shows_it_in_the_diff_masked(arm, apply):
    result, proc = apply(dict(name="UKSouth-HQ-S2S", resource_group="RG", shared_key=SHARED_KEY), check_mode=True)
    assert result["changed"] is True and result["shared_key_changed"] is True and result["changes"] == {}
    assert result["diff"]["before"] != result["diff"]["after"] and "sharedKey" in result["diff"]["after"]
    assert '"sharedKey": "(differs, not shown)"' in proc.stdout, "the diff shows that the key changes"
    assert not [r for r in arm.requests() if r["method"] in ("PUT", "POST") and "/subscriptions/" in r["path"]]


def test_policy_azure_refuses_is_a_clear_failure(arm, apply):
    bad = dict(ALIGN_TO_ASA, child_lifetime_seconds=100)
    result, proc = apply(bad, fails=True)
    assert result is None or result.get("failed")
    assert "IpsecPolicySaLifeTimeOutOfRange" in proc.stdout or "saLifeTimeSeconds" in proc.stdout
    assert policy(arm)["pfsGroup"] == "ECP256"


def test_unknown_connection_is_a_clear_failure(arm, apply):
    _result, proc = apply(dict(ALIGN_TO_ASA, name="NoSuchConnection"), fails=True)
    assert "ResourceNotFound" in proc.stdout and "NoSuchConnection" in proc.stdout


def test_what_azure_cannot_express_fails_before_any_request(arm, apply):
    _result, proc = apply(dict(ALIGN_TO_ASA, ike=dict(ALIGN_TO_ASA["ike"], dh_groups=[21])), fails=True)
    assert "no Azure equivalent" in proc.stdout
    assert [r for r in arm.requests() if "/subscriptions/" in r["path"]] == []


# ---------------------------------------------------------------------------------------------
# enable_bgp on a route-based connection (tests/fixtures/route_based/vti_bgp_single, BGP off)
# ---------------------------------------------------------------------------------------------
ROUTE_BASED = "tests/fixtures/route_based/vti_bgp_single/azure_resources.json"
VTI_CONNECTION = dict(name="weu-to-branch-asa", resource_group="rg-hub-weu")


@pytest.fixture
def bgp_off(repo_root):
    """The seed lab's resources plus the route-based pair, whose connection has BGP off."""
    with open(os.path.join(repo_root, ROUTE_BASED), encoding="utf-8") as handle:
        extra = json.load(handle)
    for resource in extra:
        if resource["type"].endswith("/connections"):
            resource["properties"]["enableBgp"] = False
    with open(os.path.join(repo_root, SEED), encoding="utf-8") as handle:
        seed = json.load(handle)
    with start_arm_lab(seed + extra, client_secret=SECRET) as running:
        yield running


@pytest.fixture
def apply_bgp(run_playbook, tmp_path, bgp_off):
    count = [0]

    def run(conn_args, check_mode=False, fails=False):
        count[0] += 1
        result, proc = run_connection(run_playbook, tmp_path, bgp_off, SECRET, conn_args, "b%d.json" % count[0],
                                      args=["-vvv", "--diff"] + (["--check"] if check_mode else []), check=not fails)
        assert SECRET not in proc.stdout + proc.stderr and "Traceback" not in proc.stdout + proc.stderr
        return result, proc

    return run


def _writes(arm):
    return [r for r in arm.requests() if r["method"] in ("PUT", "POST") and "/subscriptions/" in r["path"]]


def test_enable_bgp_check_mode_then_one_put_then_no_change(bgp_off, apply_bgp):
    before = bgp_off.resource("weu-to-branch-asa")
    result, proc = apply_bgp(dict(VTI_CONNECTION, enable_bgp=True), check_mode=True)
    assert result["changed"] is True and result["changes"] == {"enableBgp": {"before": False, "after": True}}
    assert '+  "enableBgp": true' in proc.stdout, "the diff shows the property"
    assert bgp_off.resource("weu-to-branch-asa") == before and _writes(bgp_off) == []

    result, _proc = apply_bgp(dict(VTI_CONNECTION, enable_bgp=True))
    assert result["changed"] is True
    props = bgp_off.resource("weu-to-branch-asa")["properties"]
    assert props["enableBgp"] is True
    assert props["ipsecPolicies"] == before["properties"]["ipsecPolicies"], "the policy is left as it was"
    puts = _writes(bgp_off)
    assert len(puts) == 1 and puts[0]["if_match"]

    again, _proc = apply_bgp(dict(VTI_CONNECTION, enable_bgp=True))
    assert again["changed"] is False and len(_writes(bgp_off)) == 1


def test_enable_bgp_where_azure_would_refuse_fails_before_the_put(bgp_off, apply_bgp):
    # The seed's gateway has no BGP and its local network gateway no bgpSettings.
    result, proc = apply_bgp(dict(name="UKSouth-HQ-S2S", resource_group="RG", enable_bgp=True), fails=True)
    assert result is None or result.get("failed")
    assert "does not have BGP enabled" in proc.stdout and "has no bgpSettings" in proc.stdout
    assert _writes(bgp_off) == []
