# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet benchmark: the live check over 100 ASAs and 3 Azure subscriptions on the labs, forks 1 vs N.

    .venv/bin/python benchmarks/fleet_bench.py [--asas 100] [--subscriptions 3] [--latency 0.3]
        [--forks 1,20] [--out out/bench/fleet] [--playbook PATH] [--align] [--network-cli-floor]
        [--sample-interval 0.5]

What it does, in one run:
1. writes 100 distinct ASA running-configs (own hostname, outside address, 1-3 LAN subnets, one of
   three crypto suites, its own crypto ACL / proposal / tunnel-group / key) and, per subscription,
   the matching Azure resources (4 gateways per subscription, a connection + local network gateway
   per ASA); about one ASA in five carries a fault (no PFS, a 2 MB Azure data lifetime, an ESP
   cipher Azure does not offer, a selector Azure does not have) so the report is not all PASS;
2. starts ONE ASA lab process serving every ASA on its own port, each answering every line after
   ``--latency`` seconds (tests/lab/asa_ssh fleet), and ONE ARM lab serving the subscriptions;
3. writes an inventory: group ``asa`` (network_cli, the collection's own cliconf/terminal, libssh,
   as tests/integration/test_asa_live.py does) and group ``azure`` (one local host per subscription
   with azure_vpn_facts' options as host vars);
4. runs ``playbooks/check.yml`` with each ``--forks`` value and reports, per run: wall time, the
   latency floor (every line each ASA answered x latency / forks: what a perfect scheduler would
   still wait), the CPU floor (CPU seconds of ansible-playbook and every process it started /
   cores), the ratio of wall time to the larger floor, CPU seconds per ASA, peak RSS (sum over the
   process tree, and the largest single process), the lab's own CPU, and whether the report has
   every tunnel.

Every run also reports the CPU seconds per kind of process (the controller, its forked workers, the
persistent connections, each module's AnsiballZ process), sampled from /proc every --sample-interval:
a lower bound per kind (what a process does after its last sample is missed).

With --align it runs playbooks/align.yml instead, twice per forks value from the faulty start (the lab
configs and the ARM lab are reset first): the first run fixes what align proves it can, the second
must change nothing (changed=0 on every ASA and subscription host, no changes in align.json); the
report align writes after its own re-check must hold every tunnel.

With --network-cli-floor it also runs benchmarks/network_cli_floor.yml per forks value: each ASA's
running-config read over network_cli by ansible.netcommon.cli_command and nothing else, the CPU that
ansible-core spends per host before any of this collection's work; the check's CPU per ASA over it is the
collection's share.

Until playbooks/check.yml has the fleet plays (a play over the ``asa`` group), it runs an
equivalent playbook written next to the inventory (gather on each host, check on localhost with
the facts templated in: the old, slow path) and says so.

Labs are test fixtures (tests/lab); this script imports nothing from plugins/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tests", "lab"))

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_fleet  # noqa: E402  pylint: disable=wrong-import-position
from process_tree import TreeSampler, become_subreaper, children_cpu, reap_adopted  # noqa: E402  pylint: disable=wrong-import-position

ANSIBLE_PLAYBOOK = os.path.join(REPO, ".venv", "bin", "ansible-playbook")
COLLECTIONS = os.path.join(REPO, ".collections")
CHECK_PLAYBOOK = os.path.join(REPO, "playbooks", "check.yml")
ALIGN_PLAYBOOK = os.path.join(REPO, "playbooks", "align.yml")
NETWORK_CLI_FLOOR_PLAYBOOK = os.path.join(REPO, "benchmarks", "network_cli_floor.yml")
GATEWAYS_PER_SUBSCRIPTION = 4
CLIENT_SECRET = "fleet-bench-client-secret"

# Crypto suites both ends accept, spelled per vendor.  Azure names: "IPsec/IKE policy for S2S VPN"
# (learn.microsoft.com/azure/vpn-gateway/ipsec-ike-policy-howto); ASA names: ASA 9.16 CLI book 3,
# "crypto ikev2 policy" / "crypto ipsec ikev2 ipsec-proposal".
SUITES = [
    {"asa_ike": ("aes", "sha256", "19", "sha256"), "asa_esp": ("aes-gcm", "null"), "asa_pfs": "group19",
     "azure": {"ikeEncryption": "AES128", "ikeIntegrity": "SHA256", "dhGroup": "ECP256",
               "ipsecEncryption": "GCMAES128", "ipsecIntegrity": "GCMAES128", "pfsGroup": "ECP256"}},
    {"asa_ike": ("aes-256", "sha256", "14", "sha256"), "asa_esp": ("aes-256", "sha-256"), "asa_pfs": "group14",
     "azure": {"ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
               "ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256", "pfsGroup": "PFS14"}},
    {"asa_ike": ("aes-256", "sha384", "20", "sha384"), "asa_esp": ("aes-gcm-256", "null"), "asa_pfs": "group20",
     "azure": {"ikeEncryption": "AES256", "ikeIntegrity": "SHA384", "dhGroup": "ECP384",
               "ipsecEncryption": "GCMAES256", "ipsecIntegrity": "GCMAES256", "pfsGroup": "ECP384"}},
]
# Which ASAs carry which fault (index modulo 10 / 20 / 25): about one in five.
FAULTS = (("no_pfs", 10, 3), ("azure_data_2mb", 10, 7), ("esp_cipher", 20, 13), ("selector", 25, 11))


def faults_of(index):
    return [name for name, modulo, rest in FAULTS if index % modulo == rest]


def subscription_ids(count):
    return ["%08x-f1ee-4000-8000-%012x" % (0x50b00000 + n, n + 1) for n in range(count)]


def dotted(prefix_len):
    bits = (0xFFFFFFFF << (32 - prefix_len)) & 0xFFFFFFFF
    return ".".join(str(bits >> shift & 255) for shift in (24, 16, 8, 0))


def plan(asas, subscriptions):
    """One dict per ASA: everything both ends need."""
    subs = subscription_ids(subscriptions)
    devices = []
    for i in range(asas):
        sub_index = i % subscriptions
        gateway = (i // subscriptions) % GATEWAYS_PER_SUBSCRIPTION
        outside = 0xC6120000 + 4 * i + 1  # 198.18.0.0/15 (RFC 2544 benchmarking space), a /30 each
        octet2 = i % 250
        lans = ["10.%d.%d.0/20" % (octet2, 16 * k) for k in range(1 + i % 3)]
        devices.append({
            "index": i, "name": "fw-%03d" % i, "subscription": subs[sub_index],
            "resource_group": "rg-hub-%d" % gateway, "gateway": "vng-hub-%d" % gateway,
            "gateway_ip": "203.0.113.%d" % (10 + 10 * sub_index + gateway),
            "vnet": ["172.%d.0.0/16" % (16 + 4 * sub_index + gateway)],
            "outside": "%d.%d.%d.%d" % (outside >> 24, outside >> 16 & 255, outside >> 8 & 255, outside & 255),
            "next_hop": "%d.%d.%d.%d" % ((outside + 1) >> 24, (outside + 1) >> 16 & 255, (outside + 1) >> 8 & 255,
                                         (outside + 1) & 255),
            "lans": lans, "suite": SUITES[i % len(SUITES)], "faults": faults_of(i),
            "key": "Fleet-%03d-psk-%x" % (i, (i * 2654435761) & 0xFFFFFF),
        })
    return devices


def asa_config(device):
    """A running-config as `more system:running-config` shows it (key in clear)."""
    ike_enc, ike_int, group, prf = device["suite"]["asa_ike"]
    esp_enc, esp_int = device["suite"]["asa_esp"]
    if "esp_cipher" in device["faults"]:
        esp_enc, esp_int = "3des", "sha-1"  # Azure offers no 3DES with SHA1 in a custom policy here
    vnet = device["vnet"][0]
    if "selector" in device["faults"]:
        vnet = "172.31.%d.0/24" % (device["index"] % 250)  # a network Azure's VNet does not hold
    seq = 10 + device["index"] % 7
    acl = "AZURE-%s" % device["name"].upper()
    lines = [": Saved", ":", "ASA Version 9.16(4)", "!", "hostname " + device["name"], "!",
             "interface GigabitEthernet0/0", " nameif outside", " security-level 0",
             " ip address %s %s" % (device["outside"], dotted(30)), "!",
             "interface GigabitEthernet0/1", " nameif inside", " security-level 100",
             " ip address 10.%d.240.1 255.255.255.0" % (device["index"] % 250), "!"]
    for k, lan in enumerate(device["lans"]):
        net, length = lan.split("/")
        lines += ["object network LAN-%d" % k, " subnet %s %s" % (net, dotted(int(length)))]
    net, length = vnet.split("/")
    lines += ["object network AZURE-VNET", " subnet %s %s" % (net, dotted(int(length)))]
    lines += ["object-group network LOCAL-NETS"] + [" network-object object LAN-%d" % k for k in range(len(device["lans"]))]
    lines += ["object-group network AZURE-NETS", " network-object object AZURE-VNET",
              "access-list %s extended permit ip object-group LOCAL-NETS object-group AZURE-NETS" % acl,
              "nat (inside,outside) source static LOCAL-NETS LOCAL-NETS destination static AZURE-NETS AZURE-NETS "
              "no-proxy-arp route-lookup",
              "route outside 0.0.0.0 0.0.0.0 %s 1" % device["next_hop"],
              "crypto ipsec ikev2 ipsec-proposal AZURE-ESP", " protocol esp encryption " + esp_enc,
              " protocol esp integrity " + esp_int,
              "crypto ipsec security-association lifetime seconds 3600",
              "crypto ipsec security-association lifetime kilobytes 102400000",
              "crypto map OUTSIDE-MAP %d match address %s" % (seq, acl),
              "crypto map OUTSIDE-MAP %d set peer %s" % (seq, device["gateway_ip"])]
    if "no_pfs" not in device["faults"]:
        lines.append("crypto map OUTSIDE-MAP %d set pfs %s" % (seq, device["suite"]["asa_pfs"]))
    lines += ["crypto map OUTSIDE-MAP %d set ikev2 ipsec-proposal AZURE-ESP" % seq,
              "crypto map OUTSIDE-MAP %d set security-association lifetime seconds 3600" % seq,
              "crypto map OUTSIDE-MAP %d set security-association lifetime kilobytes 102400000" % seq,
              "crypto map OUTSIDE-MAP interface outside",
              "crypto ikev2 policy 10", " encryption " + ike_enc, " integrity " + ike_int, " group " + group,
              " prf " + prf, " lifetime seconds 28800",
              "crypto ikev2 enable outside",
              "group-policy AZURE-GP internal", "group-policy AZURE-GP attributes", " vpn-tunnel-protocol ikev2",
              "tunnel-group %s type ipsec-l2l" % device["gateway_ip"],
              "tunnel-group %s general-attributes" % device["gateway_ip"], " default-group-policy AZURE-GP",
              "tunnel-group %s ipsec-attributes" % device["gateway_ip"],
              " ikev2 remote-authentication pre-shared-key " + device["key"],
              " ikev2 local-authentication pre-shared-key " + device["key"],
              "sysopt connection tcpmss 1350", ": end"]
    return "\n".join(lines) + "\n"


def _rid(device, kind, name):
    return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/%s/%s" % (
        device["subscription"], device["resource_group"], kind, name)


def azure_resources(devices):
    """subscription id -> list of ARM resources (GET shape) for those devices."""
    out, gateways_done = {}, set()
    for device in devices:
        resources = out.setdefault(device["subscription"], [])
        gw_key = (device["subscription"], device["gateway"])
        if gw_key not in gateways_done:
            gateways_done.add(gw_key)
            vnet = "vnet-hub-%s" % device["gateway"][-1]
            resources += [
                {"id": _rid(device, "virtualNetworkGateways", device["gateway"]), "name": device["gateway"],
                 "type": "Microsoft.Network/virtualNetworkGateways", "location": "uksouth",
                 "properties": {"gatewayType": "Vpn", "vpnType": "RouteBased", "vpnGatewayGeneration": "Generation1",
                                "sku": {"name": "VpnGw1", "tier": "VpnGw1", "capacity": 2}, "enableBgp": False,
                                "activeActive": False,
                                "ipConfigurations": [{"name": "default", "properties": {
                                    "privateIPAllocationMethod": "Dynamic",
                                    "publicIPAddress": {"id": _rid(device, "publicIPAddresses", device["gateway"] + "-pip")},
                                    "subnet": {"id": _rid(device, "virtualNetworks", vnet) + "/subnets/GatewaySubnet"}}}]}},
                {"id": _rid(device, "publicIPAddresses", device["gateway"] + "-pip"), "name": device["gateway"] + "-pip",
                 "type": "Microsoft.Network/publicIPAddresses", "location": "uksouth",
                 "properties": {"ipAddress": device["gateway_ip"], "publicIPAllocationMethod": "Static",
                                "publicIPAddressVersion": "IPv4"}},
                {"id": _rid(device, "virtualNetworks", vnet), "name": vnet, "type": "Microsoft.Network/virtualNetworks",
                 "location": "uksouth",
                 "properties": {"addressSpace": {"addressPrefixes": device["vnet"]},
                                "subnets": [{"name": "GatewaySubnet",
                                             "id": _rid(device, "virtualNetworks", vnet) + "/subnets/GatewaySubnet",
                                             "properties": {"addressPrefix": device["vnet"][0].replace(".0.0/16", ".255.0/27")}}]}},
            ]
        policy = dict(device["suite"]["azure"], saLifeTimeSeconds=3600,
                      saDataSizeKilobytes=2048 if "azure_data_2mb" in device["faults"] else 102400000)
        lng, conn = "lng-" + device["name"], "cn-" + device["name"]
        resources += [
            {"id": _rid(device, "localNetworkGateways", lng), "name": lng, "type": "Microsoft.Network/localNetworkGateways",
             "location": "uksouth",
             "properties": {"gatewayIpAddress": device["outside"],
                            "localNetworkAddressSpace": {"addressPrefixes": list(device["lans"])}}},
            {"id": _rid(device, "connections", conn), "name": conn, "type": "Microsoft.Network/connections",
             "location": "uksouth",
             "properties": {"connectionType": "IPsec", "connectionProtocol": "IKEv2", "connectionMode": "Default",
                            "virtualNetworkGateway1": {"id": _rid(device, "virtualNetworkGateways", device["gateway"])},
                            "localNetworkGateway2": {"id": _rid(device, "localNetworkGateways", lng)},
                            "routingWeight": 0, "enableBgp": False, "usePolicyBasedTrafficSelectors": True,
                            "ipsecPolicies": [policy], "trafficSelectorPolicies": [], "dpdTimeoutSeconds": 45,
                            "sharedKey": device["key"], "connectionStatus": "Connected"}},
        ]
    return out


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------

def fleet_playbook_ready():
    """True when the committed playbooks/check.yml has the fleet plays (engineer F1's change)."""
    try:
        committed = subprocess.run(["git", "-C", REPO, "show", "HEAD:playbooks/check.yml"], capture_output=True,
                                   text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return False
    return "vpnalign_asa_group" in committed


INTERIM_PLAYBOOK = """\
# Written by benchmarks/fleet_bench.py while playbooks/check.yml has no fleet plays yet: the same
# shape (gather on each host under forks, check on localhost), the facts templated into the check.
- name: Read the ASA ends
  hosts: asa
  gather_facts: false
  tasks:
    - vpnalign.s2s.asa_vpn_facts: {}
- name: Read the Azure ends
  hosts: azure
  gather_facts: false
  tasks:
    - vpnalign.s2s.azure_vpn_facts:
        subscription_id: "{{ subscription_id }}"
        client_id: "{{ client_id }}"
        secret: "{{ secret }}"
        tenant: "{{ tenant }}"
        cloud_environment: "{{ cloud_environment }}"
        adfs_authority_url: "{{ adfs_authority_url }}"
        ca_bundle: "{{ ca_bundle }}"
- name: Check
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Check every pair
      vpnalign.s2s.vpn_compat_check:
        asa_facts: "{{ groups['asa'] | map('extract', hostvars, 'vpnalign_asa') | list }}"
        azure_facts: "{{ groups['azure'] | map('extract', hostvars, 'vpnalign_azure') | list }}"
%(report_dir_arg)s      register: fleet_check
    - name: Write report.json (the module returns the report; the action plugin wrote it already)
      ansible.builtin.copy:
        content: "{{ fleet_check.report | to_json }}"
        dest: "{{ report_dir }}/report.json"
        mode: "0644"
      when: fleet_check.report is defined
"""


def write_inventory(path, fleet, arm):
    asa_hosts = fleet.ansible_hosts(network_os="vpnalign.s2s.asa", ssh_type="libssh")
    azure_hosts = {}
    for n, sub in enumerate(arm.subscriptions):
        azure_hosts["subscription-%d" % (n + 1)] = {
            "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
            "subscription_id": sub, "client_id": arm.client_id, "secret": arm.client_secret, "tenant": arm.tenant,
            "cloud_environment": arm.base_url, "adfs_authority_url": arm.authority, "ca_bundle": arm.ca_file}
    inventory = {"all": {"children": {"asa": {"hosts": asa_hosts}, "azure": {"hosts": azure_hosts}}}}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(inventory, handle, indent=1)


def run_check(playbook, inventory, forks, report_dir, lab_pids, log_path, extra_env=(), sample_interval=0.5,
              variables=None):
    """One ansible-playbook run (check.yml, or align.yml with ``variables``), measured."""
    home = tempfile.mkdtemp(prefix="fb-")  # short: network_cli's socket path must stay under the UNIX limit
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update({"ANSIBLE_CONFIG": os.path.join(REPO, "ansible.cfg"), "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
                "ANSIBLE_HOME": home, "ANSIBLE_LOCAL_TEMP": os.path.join(home, "tmp"),
                "ANSIBLE_REMOTE_TEMP": os.path.join(home, "remote-tmp"), "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_FORKS": str(forks), "PYTHONDONTWRITEBYTECODE": "1",
                "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    env.update(item.split("=", 1) for item in extra_env)
    os.makedirs(report_dir, exist_ok=True)
    cmd = [ANSIBLE_PLAYBOOK, playbook, "-i", inventory, "--forks", str(forks),
           "-e", json.dumps(variables or {"report_dir": report_dir, "fail_on": "never"})]
    load_before = os.getloadavg()[0]  # other work on the machine stretches wall time, not CPU time
    cpu_before = children_cpu()
    began = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        playbook_process = subprocess.Popen(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT)
        sampler = TreeSampler(lab_pids, keep=[playbook_process.pid], interval=sample_interval)
        sampler.start()
        rc = playbook_process.wait()
    wall = time.monotonic() - began
    killed = reap_adopted(lab_pids)
    sampler.stop()
    cpu = children_cpu() - cpu_before
    shutil.rmtree(home, ignore_errors=True)
    return {"rc": rc, "wall": wall, "cpu": cpu, "load_1min": [load_before, os.getloadavg()[0]],
            "peak_rss_sum": sampler.peak_sum, "peak_pss_sum": sampler.peak_pss, "peak_rss_one": sampler.peak_one,
            "peak_processes": sampler.peak_processes, "killed_leftovers": killed,
            "cpu_by_kind": sampler.cpu_by_kind()}


def report_tunnels(report_dir, devices):
    """(tunnels in report.json, verdict counts, ASAs whose verdict disagrees with the faults put in:
    a faulty one that passes or a clean one that does not, or one missing from the report)."""
    path = os.path.join(report_dir, "report.json")
    try:
        with open(path, encoding="utf-8") as handle:
            report = json.load(handle)
    except (OSError, ValueError):
        return None, {}, ["no report.json"]
    tunnels = report.get("tunnels") if isinstance(report, dict) else None
    if not isinstance(tunnels, list):
        return None, {}, ["no tunnels in report.json"]
    verdicts, by_name = {}, {}
    for tunnel in tunnels:
        verdict = str(tunnel.get("verdict") or "?").lower()
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        by_name[tunnel.get("name")] = verdict
    wrong = []
    for device in devices:
        verdict = by_name.get("cn-" + device["name"])
        if verdict is None or (verdict == "pass") == bool(device["faults"]):
            wrong.append("%s %s (faults %s)" % (device["name"], verdict or "missing", ",".join(device["faults"]) or "none"))
    return len(tunnels), verdicts, wrong


RECAP_LINE = re.compile(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def recap(log_path):
    """host -> (changed, unreachable, failed) from the PLAY RECAP of an ansible-playbook log."""
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    return {m.group(1): tuple(int(m.group(n)) for n in (2, 3, 4)) for m in RECAP_LINE.finditer(text)}


def align_json(report_dir):
    try:
        with open(os.path.join(report_dir, "align.json"), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def run_align(fleet, arm, configs, inventory, forks, out, lab_pids, args):
    """align.yml twice with the labs back at their faulty start: the first run fixes, the second must
    change nothing (changed=0 on every ASA and subscription host, nothing in align.json's changes)."""
    for device, text in zip(fleet, configs):
        device.set_running_config(text)
    arm.reset()
    runs = []
    for attempt in (1, 2):
        for device in fleet:
            device.clear_log()
        arm.clear_requests()
        report_dir = os.path.join(out, "align-forks-%d-run-%d" % (forks, attempt))
        variables = {"align_report_dir": report_dir, "align_fail_on": "never",
                     # align's Azure plays take these from align_azure only (roles/align/tasks/gather_azure.yml)
                     "align_azure": {"ca_bundle": arm.ca_file, "adfs_authority_url": arm.authority}}
        log_path = os.path.join(out, "align-forks-%d-run-%d.log" % (forks, attempt))
        lab_cpu_before = fleet.cpu_seconds()
        run = run_check(ALIGN_PLAYBOOK, inventory, forks, report_dir, lab_pids, log_path, args.ansible_env,
                        args.sample_interval, variables)
        hosts = recap(log_path)
        summary = align_json(report_dir)
        run.update(forks=forks, attempt=attempt, lab_cpu=fleet.cpu_seconds() - lab_cpu_before,
                   hosts=len(hosts), changed_hosts=sorted(h for h, row in hosts.items() if row[0]),
                   failed_hosts=sorted(h for h, row in hosts.items() if row[1] or row[2]),
                   changes=len(summary.get("changes") or []), left_to_do=len(summary.get("left_to_do") or []),
                   lines=sum(len(device.commands()) for device in fleet), arm_requests=len(arm.requests()))
        run["tunnels"], run["verdicts"], _wrong = report_tunnels(report_dir, [])
        runs.append(run)
    return runs


def run_network_cli_floor(fleet, inventory, forks, out, lab_pids, args, devices, cores):
    """benchmarks/network_cli_floor.yml on the same labs and inventory: each ASA's running-config read over
    network_cli and nothing else; its rc counts in the exit status, its lines are counted as the check's."""
    for device in fleet:
        device.clear_log()
    lab_cpu_before = fleet.cpu_seconds()
    floor = run_check(NETWORK_CLI_FLOOR_PLAYBOOK, inventory, forks, os.path.join(out, "floor-forks-%d" % forks),
                      lab_pids, os.path.join(out, "floor-forks-%d.log" % forks), args.ansible_env, args.sample_interval)
    floor.update(forks=forks, lab_cpu=fleet.cpu_seconds() - lab_cpu_before,
                 lines=sum(len(device.commands()) for device in fleet))
    print_run(floor, devices, cores, "network_cli floor")
    print("           %d lines to the ASAs (each ASA's read: %s)" % (
        floor["lines"], "all %d" % len(devices) if floor["lines"] >= 4 * len(devices) and floor["rc"] == 0 else "NOT all"))
    return floor


def print_run(run, devices, cores, label):
    run["cpu_floor"] = run["cpu"] / cores
    run["ratio"] = run["wall"] / run["cpu_floor"] if run["cpu_floor"] else None
    run["cpu_per_asa"] = run["cpu"] / len(devices)
    print("%s forks %3d: rc %d, wall %6.1f s, CPU floor %6.1f s (%.1f CPU s), wall/CPU floor %.2f, %.2f CPU s per ASA, "
          "lab CPU %.1f s, peak PSS %d MB (RSS summed %d MB, %d processes), load average before/after %.1f/%.1f"
          % (label, run["forks"], run["rc"], run["wall"], run["cpu_floor"], run["cpu"], run["ratio"] or 0,
             run["cpu_per_asa"], run["lab_cpu"], run["peak_pss_sum"] >> 20, run["peak_rss_sum"] >> 20,
             run["peak_processes"], run["load_1min"][0], run["load_1min"][1]), flush=True)
    print("           CPU by process kind (sampled; a lower bound each): %s" % "; ".join(
        "%s: %d x, %.1f s (%.2f s per ASA)" % (kind, count, cpu, cpu / len(devices))
        for kind, (count, cpu) in sorted(run["cpu_by_kind"].items(), key=lambda item: -item[1][1])))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--asas", type=int, default=100)
    parser.add_argument("--subscriptions", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.3, help="seconds each lab ASA takes per line")
    parser.add_argument("--forks", default="1,20", help="comma-separated forks values, each one run")
    parser.add_argument("--out", default=os.path.join(REPO, "out", "bench", "fleet"))
    parser.add_argument("--playbook", help="default: playbooks/check.yml once it has the fleet plays")
    parser.add_argument("--ansible-env", action="append", default=[], metavar="NAME=VALUE",
                        help="an ANSIBLE_* setting for the runs, e.g. ANSIBLE_PERSISTENT_CONNECT_TIMEOUT=5")
    parser.add_argument("--align", action="store_true",
                        help="run playbooks/align.yml instead (twice per forks value, from the faulty start)")
    parser.add_argument("--network-cli-floor", action="store_true",
                        help="also run benchmarks/network_cli_floor.yml (only network_cli's read of each ASA's "
                             "running-config) per forks value: ansible-core's own CPU per ASA, beside the check's")
    parser.add_argument("--sample-interval", type=float, default=0.5,
                        help="seconds between two samples of the process tree (memory, CPU by process kind)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    forks_values = [int(f) for f in args.forks.split(",") if f.strip()]
    out = os.path.abspath(args.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "asa"))
    os.makedirs(os.path.join(out, "azure"))
    devices = plan(args.asas, args.subscriptions)
    configs = [asa_config(device) for device in devices]
    for device, text in zip(devices, configs):
        with open(os.path.join(out, "asa", device["name"] + ".txt"), "w", encoding="utf-8") as handle:
            handle.write(text)
    per_sub = azure_resources(devices)
    for n, resources in enumerate(per_sub.values()):
        with open(os.path.join(out, "azure", "subscription-%d.json" % (n + 1)), "w", encoding="utf-8") as handle:
            json.dump(resources, handle, indent=1)
    faulty = sum(1 for device in devices if device["faults"])
    print("fleet: %d ASAs (%d with a fault), %d subscriptions, %d connections, latency %.2f s/line; files in %s"
          % (len(devices), faulty, len(per_sub), len(devices), args.latency, out))

    if args.playbook:
        playbook, which = os.path.abspath(args.playbook), args.playbook
    elif fleet_playbook_ready():
        playbook, which = CHECK_PLAYBOOK, "playbooks/check.yml"
    else:
        playbook = os.path.join(out, "interim_check.yml")
        with open(playbook, "w", encoding="utf-8") as handle:
            # the action plugin (issue 12) writes the report itself; the module before it returns it
            action = os.path.exists(os.path.join(REPO, "plugins", "action", "vpn_compat_check.py"))
            handle.write(INTERIM_PLAYBOOK % {"report_dir_arg": '        report_dir: "{{ report_dir }}"\n' if action else ""})
        which = "interim playbook (playbooks/check.yml has no fleet plays committed yet)"
    print("playbook: %s" % ("playbooks/align.yml (twice per forks value)" if args.align else which))
    subreaper = become_subreaper()

    results = []
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    fleet_began = time.monotonic()
    with start_asa_fleet(configs, latency=args.latency, distinct_passwords=True) as fleet, \
            start_arm_lab(per_sub, client_secret=CLIENT_SECRET) as arm:
        print("labs up: %d ASA ports in one process (%.1f s), ARM with %d subscriptions"
              % (len(fleet), time.monotonic() - fleet_began, len(arm.subscriptions)))
        inventory = os.path.join(out, "inventory.json")
        write_inventory(inventory, fleet, arm)
        lab_pids = {fleet.pid, arm.pid}
        for forks in forks_values if args.align else ():
            first, second = run_align(fleet, arm, configs, inventory, forks, out, lab_pids, args)
            for run, label in ((first, "align"), (second, "again")):
                print_run(run, devices, cores, label)
                print("           %d hosts in the recap, changed on %d (%s), failed/unreachable on %d %s; align.json: %d "
                      "changes, %d left to do; %d lines to the ASAs, %d ARM requests; report after: %s tunnels %s"
                      % (run["hosts"], len(run["changed_hosts"]), ",".join(run["changed_hosts"][:5]),
                         len(run["failed_hosts"]), ",".join(run["failed_hosts"][:5]), run["changes"], run["left_to_do"],
                         run["lines"], run["arm_requests"], run["tunnels"], run["verdicts"]), flush=True)
            results += [first, second]
        for forks in forks_values if not args.align else ():
            # the floor first: a run right after another starts on the load that one left (1-minute average)
            floor = run_network_cli_floor(fleet, inventory, forks, out, lab_pids, args, devices, cores) \
                if args.network_cli_floor else None
            for device in fleet:
                device.clear_log()
            arm.clear_requests()
            lab_cpu_before = fleet.cpu_seconds()
            report_dir = os.path.join(out, "report-forks-%d" % forks)
            run = run_check(playbook, inventory, forks, report_dir, lab_pids,
                            os.path.join(out, "ansible-forks-%d.log" % forks), args.ansible_env, args.sample_interval)
            lines = [len(device.commands()) for device in fleet]
            run.update(forks=forks, lab_cpu=fleet.cpu_seconds() - lab_cpu_before, lines=sum(lines),
                       arm_requests=len(arm.requests()))
            run["latency_floor"] = sum(lines) * args.latency / forks
            run["cpu_floor"] = run["cpu"] / cores
            run["floor"] = max(run["latency_floor"], run["cpu_floor"])
            run["ratio"] = run["wall"] / run["floor"] if run["floor"] else None
            run["cpu_per_asa"] = run["cpu"] / len(devices)
            run["tunnels"], run["verdicts"], run["verdicts_unexpected"] = report_tunnels(report_dir, devices)
            results.append(run)
            print("forks %3d: rc %d, wall %6.1f s, latency floor %6.1f s, CPU floor %6.1f s (%.1f CPU s), "
                  "wall/floor %.2f, %.2f CPU s per ASA, lab CPU %.1f s, peak PSS %d MB (RSS summed %d MB, largest process %d MB, "
                  "%d processes, %d left over), %d lines to the ASAs, %d ARM requests, tunnels in report: %s %s, "
                  "load average before/after %.1f/%.1f"
                  % (forks, run["rc"], run["wall"], run["latency_floor"], run["cpu_floor"], run["cpu"],
                     run["ratio"] or 0, run["cpu_per_asa"], run["lab_cpu"], run["peak_pss_sum"] >> 20, run["peak_rss_sum"] >> 20,
                     run["peak_rss_one"] >> 20, run["peak_processes"], run["killed_leftovers"], run["lines"], run["arm_requests"],
                     run["tunnels"], run["verdicts"], run["load_1min"][0], run["load_1min"][1]), flush=True)
            print("           CPU by process kind (sampled every %.2f s; a lower bound each): %s" % (
                args.sample_interval, "; ".join(
                    "%s: %d x, %.1f s (%.2f s per ASA)" % (kind, count, cpu, cpu / len(devices))
                    for kind, (count, cpu) in sorted(run["cpu_by_kind"].items(), key=lambda item: -item[1][1]))))
            print("           verdicts as the faults put in: %s" % (
                "all %d" % len(devices) if not run["verdicts_unexpected"] else "; ".join(run["verdicts_unexpected"])))
            if floor is not None:
                run["network_cli_floor"] = floor
                print("           the check over the network_cli floor: %.2f CPU s per ASA (%.2f - %.2f)"
                      % ((run["cpu"] - floor["cpu"]) / len(devices), run["cpu"] / len(devices), floor["cpu"] / len(devices)))
    if args.align and len(results) >= 4:
        first, last = results[0], results[-2]
        print("align speed-up forks %d -> %d: %.2fx" % (first["forks"], last["forks"], first["wall"] / last["wall"]))
    elif len(results) >= 2 and not args.align:
        first, last = results[0], results[-1]
        print("speed-up forks %d -> %d: %.2fx" % (first["forks"], last["forks"], first["wall"] / last["wall"]))
    with open(os.path.join(out, "results.json"), "w", encoding="utf-8") as handle:
        json.dump({"asas": len(devices), "subscriptions": len(per_sub), "latency": args.latency, "cores": cores,
                   "playbook": which, "subreaper": subreaper, "runs": results}, handle, indent=1)
    floors = [run["network_cli_floor"] for run in results if "network_cli_floor" in run]
    return 0 if all(run["rc"] == 0 for run in results + floors) else 1


if __name__ == "__main__":
    sys.exit(main())
