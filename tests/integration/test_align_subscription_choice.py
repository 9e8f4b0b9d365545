# -*- coding: utf-8 -*-
"""playbooks/align.yml with a managed identity that sees two Enabled subscriptions holding the same resource group
and connection (prod and staging mirrored), and no subscription_id: the gather reads the first one and says so;
every Azure job then names that subscription (the one its facts came from), so azure_vpn_connection - which takes
no pick among several Enabled subscriptions - changes that one and the mirror gets no request at all.
On the ASA SSH lab and the ARM lab (its ``subscription_states`` fault; all Enabled here).
"""

import json
import sys

import pytest

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_lab  # noqa: E402  pylint: disable=wrong-import-position
from test_align import PSK, SECRET, SEED_ARM, SEED_ASA, run_playbook  # noqa: E402  pylint: disable=wrong-import-position

SUB_A = "11111111-0000-4000-8000-0000000000a1"
SUB_B = "22222222-0000-4000-8000-0000000000b2"
# what AWX's Azure credential injects: left out, the host signs in with the managed identity only
CREDENTIAL_ENV = ("AZURE_SUBSCRIPTION_ID", "AZURE_CLIENT_ID", "AZURE_SECRET", "AZURE_TENANT", "AZURE_AUTHORITY_HOST")


def mirrored(sub):
    return json.loads(json.dumps(SEED_ARM).replace("00000000-0000-0000-0000-000000000000", sub))


@pytest.fixture(scope="module")
def aligned(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("align-subscription-choice")
    with start_asa_lab(SEED_ASA) as asa, start_arm_lab({SUB_A: mirrored(SUB_A), SUB_B: mirrored(SUB_B)},
                                                       client_secret=SECRET) as arm, pytest.MonkeyPatch.context() as env:
        # azure-identity's App Service managed identity: the lab's /msi/token
        env.setenv("IDENTITY_ENDPOINT", arm.base_url + "/msi/token")
        env.setenv("IDENTITY_HEADER", SECRET)
        env.setenv("NO_PROXY", "127.0.0.1,localhost")
        arm.set_faults({"subscription_states": {SUB_A: "Enabled", SUB_B: "Enabled"}})
        inventory = str(tmp / "inventory.json")
        with open(inventory, "w", encoding="utf-8") as handle:
            json.dump({"all": {"children": {
                "asa": {"hosts": {"asa": asa.ansible_host_vars(network_os="vpnalign.s2s.asa")}},
                "azure": {"hosts": {"sub-msi": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                                                "auth_source": "msi", "resource_group": "RG", "azure_retries": 0}}}}}},
                      handle)
        mirror_before = connections_of(arm, SUB_B)
        arm.clear_requests()
        rc, output, summary, _report = run_playbook(inventory, arm, str(tmp), {"align_fail_on": "never"}, ["-v"],
                                                    name="run", env_without=CREDENTIAL_ENV)
        with open(str(tmp / "run.log"), "w", encoding="utf-8") as handle:
            handle.write(output)
        yield {"rc": rc, "output": output, "align": summary, "requests": arm.requests(),
               "mirror_before": mirror_before,
               "mirror_after": connections_of(arm, SUB_B)}


def connections_of(arm, sub):
    return [r["properties"] for r in arm.resources(sub) if r["type"].endswith("/connections")]


def test_the_run_changes_the_subscription_it_read_and_says_how_it_was_chosen(aligned):
    output = aligned["output"]
    assert aligned["rc"] == 0 and "Traceback (most recent call last)" not in output, output[-6000:]
    assert "the first of 2 usable subscriptions (Enabled, Warned or PastDue) the managed identity can see" in " ".join(
        output.split()) and SUB_B in output
    puts = [r["path"] for r in aligned["requests"] if r["method"] == "PUT"]
    assert puts and all(path.startswith("/subscriptions/%s/" % SUB_A) for path in puts), puts
    changed = {(c["side"], c["changed"]) for c in aligned["align"]["changes"]}
    assert ("azure", True) in changed, aligned["align"]["changes"]


def test_the_mirrored_subscription_gets_no_request(aligned):
    assert not [r for r in aligned["requests"] if r["path"].startswith("/subscriptions/%s/" % SUB_B)]
    assert aligned["mirror_after"] == aligned["mirror_before"] and aligned["mirror_before"]


def test_no_secret_in_the_output(aligned):
    everything = aligned["output"] + json.dumps(aligned["align"])
    assert PSK not in everything and SECRET not in everything
