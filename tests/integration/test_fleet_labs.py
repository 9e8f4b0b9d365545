# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The labs at fleet scale (what benchmarks/fleet_bench.py runs on, small and fast):

* one ASA lab process serving 3 devices on 3 ports: each logs in with its own credentials, a
  change typed on one shows in that one's running config only, and each keeps its own log;
* the per-line latency is what a client waits;
* one ARM lab with 2 subscriptions of the same seed: each lists its own connection, a PUT in
  one leaves the other's ETag and policy alone, and an unknown subscription is 404.
"""

from __future__ import annotations

import copy
import os
import time

import pytest

paramiko = pytest.importorskip("paramiko")
pytest.importorskip("azure.identity")
pytest.importorskip("azure.mgmt.network")

from azure.core.exceptions import ResourceNotFoundError  # noqa: E402
from azure.identity import ClientSecretCredential  # noqa: E402
from azure.mgmt.network import NetworkManagementClient  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_fleet  # noqa: E402  pylint: disable=wrong-import-position

SEED_DIR = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
with open(os.path.join(SEED_DIR, "asa_running_config.txt"), encoding="utf-8") as _handle:
    SEED_CONFIG = _handle.read()
SUB_A = "11111111-aaaa-4000-8000-000000000001"
SUB_B = "22222222-bbbb-4000-8000-000000000002"


class Shell:
    """A bare interactive SSH shell to one lab device (what network_cli does, minus Ansible)."""

    def __init__(self, device):
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect(device.host, device.port, device.username, device.password, look_for_keys=False,
                            allow_agent=False, timeout=10)
        self.channel = self.client.invoke_shell()
        self.channel.settimeout(10)
        self.read_prompt()

    def read_prompt(self):
        data = b""
        while not data.rstrip().endswith((b"#", b">", b"Password:")):
            data += self.channel.recv(65536)
        return data.decode()

    def send(self, line):
        self.channel.send(line + "\r")
        return self.read_prompt()

    def close(self):
        self.client.close()


def config_of(hostname):
    return SEED_CONFIG.replace("hostname gateway", "hostname " + hostname)


def test_asa_fleet_devices_are_independent():
    configs = [config_of("edge-%d" % n) for n in range(3)]
    with start_asa_fleet(configs, latency=0, distinct_passwords=True) as fleet:
        assert fleet.names == ["edge-0", "edge-1", "edge-2"]
        assert len({device.port for device in fleet}) == 3 and len({device.password for device in fleet}) == 3
        shell = Shell(fleet["edge-1"])
        try:
            assert "edge-1#" in shell.send("enable") + shell.send(fleet["edge-1"].enable_password)
            shell.send("configure terminal")
            shell.send("crypto map CRYPTO-MAP 2 set pfs group19")
            shell.send("end")
        finally:
            shell.close()
        assert "crypto map CRYPTO-MAP 2 set pfs group19" in fleet[1].running_config()
        for other in (fleet[0], fleet[2]):
            assert "set pfs" not in other.running_config()
            assert other.commands() == []
        assert fleet[1].command_lines()[-2:] == ["crypto map CRYPTO-MAP 2 set pfs group19", "end"]

        # another device's password does not open this one
        with pytest.raises(paramiko.AuthenticationException):
            client = paramiko.SSHClient()
            client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
            try:
                client.connect(fleet[0].host, fleet[0].port, fleet[0].username, fleet[2].password,
                               look_for_keys=False, allow_agent=False, timeout=10)
            finally:
                client.close()

        # replacing one device's config (as a reboot with another config would) leaves the others
        fleet[2].set_running_config(config_of("edge-2").replace("group 19", "group 14"))
        assert " group 14" in fleet[2].running_config() and " group 19" in fleet[0].running_config()
    assert fleet[1].command_lines(), "the log stays readable after stop()"


def test_asa_fleet_latency_is_per_line():
    with start_asa_fleet([config_of("slow-a"), config_of("slow-b")], latency=0.2) as fleet:
        shell = Shell(fleet[0])
        try:
            began = time.monotonic()
            shell.send("show version")
            elapsed = time.monotonic() - began
        finally:
            shell.close()
    assert 0.2 <= elapsed < 1.5


def client_for(lab, subscription):
    credential = ClientSecretCredential(lab.tenant, lab.client_id, lab.client_secret, authority=lab.authority,
                                        disable_instance_discovery=True, connection_verify=lab.ca_file)
    return NetworkManagementClient(credential, subscription, base_url=lab.base_url, connection_verify=lab.ca_file,
                                   credential_scopes=[lab.base_url + "/.default"], retry_total=0)


def test_arm_lab_subscriptions_are_separate():
    seed = os.path.join(SEED_DIR, "azure_resources.json")
    with start_arm_lab({SUB_A: seed, SUB_B: seed}) as lab:
        assert lab.subscriptions == [SUB_A, SUB_B] and lab.subscription == SUB_A
        client_a, client_b = client_for(lab, SUB_A), client_for(lab, SUB_B)
        [conn_a] = list(client_a.virtual_network_gateway_connections.list("RG"))
        [conn_b] = list(client_b.virtual_network_gateway_connections.list("RG"))
        assert conn_a.id.startswith("/subscriptions/%s/" % SUB_A) and conn_b.id.startswith("/subscriptions/%s/" % SUB_B)
        # references between resources moved with them
        assert conn_b.virtual_network_gateway1.id.startswith("/subscriptions/%s/" % SUB_B)

        # a PUT in the second subscription (its operation is polled there) leaves the first alone
        changed = copy.deepcopy(conn_b)
        changed.ipsec_policies[0].sa_data_size_kilobytes = 102400000
        poller = client_b.virtual_network_gateway_connections.begin_create_or_update("RG", conn_b.name, changed)
        assert poller.result().ipsec_policies[0].sa_data_size_kilobytes == 102400000
        assert any("/subscriptions/%s/providers/Microsoft.Network/locations/" % SUB_B in r["path"] for r in lab.requests())

        after_a = client_a.virtual_network_gateway_connections.get("RG", conn_a.name)
        assert after_a.etag == conn_a.etag and after_a.ipsec_policies[0].sa_data_size_kilobytes == 2048
        assert [r["name"] for r in lab.resources(SUB_B)] == [r["name"] for r in lab.resources(SUB_A)]
        assert len(lab.resources()) == 2 * len(lab.resources(SUB_A))
        with pytest.raises(ResourceNotFoundError):
            client_for(lab, "33333333-cccc-4000-8000-000000000003").virtual_network_gateway_connections.get(
                "RG", conn_a.name)


def test_a_subscription_host_that_cannot_be_read_is_reported_and_fails_the_gate(run_playbook, tmp_path):
    """check.yml with two subscription hosts: one reads the seed's connection, the other names a subscription the
    tenant does not have. The report has the seed tunnel and an error naming the other host; no secret anywhere."""
    import json

    seed = os.path.join(SEED_DIR, "azure_resources.json")
    with start_arm_lab({SUB_A: seed}) as lab:
        def host(subscription):
            return {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                    "subscription_id": subscription, "client_id": lab.client_id, "secret": lab.client_secret,
                    "tenant": lab.tenant, "cloud_environment": lab.base_url, "adfs_authority_url": lab.authority,
                    "ca_bundle": lab.ca_file, "resource_group": "RG", "azure_retries": 0}
        inventory = tmp_path / "inventory.json"
        inventory.write_text(json.dumps({"all": {"children": {"azure": {"hosts": {
            "sub-ok": host(SUB_A), "sub-missing": host("33333333-cccc-4000-8000-000000000003")}}}}}))
        out = tmp_path / "report"
        result = run_playbook("playbooks/check.yml", {
            "asa_config_file": os.path.join(SEED_DIR, "asa_running_config.txt"), "report_dir": str(out),
            "fail_on": "error"}, args=["-i", str(inventory)], check=False,
            env={"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
        secret = lab.client_secret
    assert "Traceback" not in result.stdout + result.stderr, result
    with open(os.path.join(str(out), "report.json")) as handle:
        report = json.load(handle)
    names = [t["name"] for t in report["tunnels"]]
    assert "UKSouth-HQ-S2S" in names, names  # the subscription that was read is checked
    [unread] = [t for t in report["tunnels"] if t["name"] == "sub-missing (not read)"]
    assert unread["azure"] == {"host": "sub-missing"}
    [finding] = unread["findings"]
    assert finding["code"] == "HOST_NOT_READ" and "Azure subscription host sub-missing" in finding["summary"]
    assert result.rc != 0 and "Not read: Azure host sub-missing" in result.stdout, result
    everything = result.stdout + result.stderr + "".join((out / name).read_text() for name in ("report.json", "report.md"))
    assert secret not in everything
