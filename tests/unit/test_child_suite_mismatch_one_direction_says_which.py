# -*- coding: utf-8 -*-
"""CHILD_NO_COMMON_PROPOSAL where one direction works: the ASA's only ESP suite (AES-128/SHA-256, no PFS) is one
Azure's default policy accepts as responder (azure/tables._ROUTE_BASED_CHILD_RESPONDER, DOC_VPN_DEVICES), while none
of Azure's six initiator offers is one the ASA accepts. The error stays, and its text says which direction fails and
when, instead of "no traffic passes" (review D, finding 4; RFC 7296 sections 1.2 and 2.7: the responder picks from
the initiator's offers)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def test_an_asa_suite_azure_accepts_only_as_responder_names_azure_started_child_sas():
    report = report_for(asa_config(ike_group="2", esp_enc="aes", esp_integ="sha-256", global_seconds="28800"),
                        azure_resources(policy=None))
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "CHILD_NO_COMMON_PROPOSAL"]
    assert (finding["severity"], finding["phase"]) == ("error", "child_init")
    assert "no traffic passes" not in finding["summary"]
    assert finding["summary"] == (
        "The Child SA comes up only when ASA initiates: ASA accepts none of the ESP proposals Azure offers (no common "
        "combination), so the first Child SA of a tunnel Azure brings up (IKE_AUTH) is refused, and traffic stops at "
        "every Child SA rekey Azure starts; Azure starts the time-based rekey after 27000 s.")


def test_a_suite_neither_direction_takes_still_says_no_traffic_passes():
    report = report_for(asa_config(esp_enc="des", esp_integ="md5"), azure_resources(policy=None))
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "CHILD_NO_COMMON_PROPOSAL"]
    assert finding["summary"].startswith("No ESP proposal is acceptable to both ASA and Azure")
    assert finding["summary"].endswith("the first Child SA is refused and no traffic passes.")
