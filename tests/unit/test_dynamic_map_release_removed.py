# -*- coding: utf-8 -*-
"""The release an ASA runs removes algorithms from what it negotiates (ASA 9.16(1) removed DH groups 2, 5 and 24 from
IKEv2 policies: Cisco ASA release notes; asa/versions.py REMOVED). A static entry's proposals lose them and the line
is ASA_VERSION_UNSUPPORTED's; a dynamic crypto map entry's kept them: on 9.16 an IKEv2 policy 'group 2 14' was judged
to negotiate group 2 with an Azure connection on DHGroup2, a tunnel that never comes up, given as degraded (WEAK_CRYPTO)
instead of failed. Now a dynamic entry's proposals are filtered by the release as a static entry's are."""

from scenario_builders import azure_resources
from test_dynamic_map_serves_azure import dynamic_asa
from test_scenarios import report_for

AZURE_GROUP2 = {"dhGroup": "DHGroup2", "ikeEncryption": "AES256", "ikeIntegrity": "SHA256"}


def _found(version):
    text = dynamic_asa().replace("ASA Version 9.14(4)", "ASA Version %s" % version).replace(
        "crypto ikev2 policy 10\n encryption aes-256\n integrity sha256\n group 14\n",
        "crypto ikev2 policy 10\n encryption aes-256\n integrity sha256\n group 2 14\n")
    [tunnel] = report_for(text, azure_resources(policy_changes=AZURE_GROUP2))["tunnels"]
    return tunnel, {f["code"]: f for f in tunnel["findings"]}


def test_a_group_the_release_removed_is_not_what_the_dynamic_entry_negotiates():
    tunnel, found = _found("9.16(4)")
    assert tunnel["verdict"] == "fail", [(f["code"], f["summary"]) for f in tunnel["findings"]]
    assert found["IKE_NO_COMMON_PROPOSAL"]["severity"] == "error"
    removed = found["ASA_VERSION_UNSUPPORTED"]
    assert "DH group 2" in removed["summary"] and "dynamic-map DYN 20" in removed["summary"]
    # no fix brings back a group the release cannot use
    assert "group 2" not in " ".join(found["IKE_NO_COMMON_PROPOSAL"]["remediation"].get("asa") or [])


def test_an_earlier_release_still_negotiates_it():
    tunnel, found = _found("9.14(4)")
    assert "IKE_NO_COMMON_PROPOSAL" not in found and tunnel["verdict"] == "degraded"
