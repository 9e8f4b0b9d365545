# -*- coding: utf-8 -*-
"""The ASA lab's route-based sections: VTI (interface TunnelN), crypto ipsec profile, route,
router bgp, prefix-list and route-map.  Accepted, refused and printed the way an ASA does.
Nothing here imports the collection's plugins."""

import os
import re
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "lab"))

from asa_ssh import asa_lab_factory, lab_config  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
from asa_ssh.asa_cli import CliSession, Device  # noqa: E402  pylint: disable=wrong-import-position

INVALID = "ERROR: % Invalid input detected at '^' marker."


class Cli:
    """The lab CLI in-process: ``run(line)`` returns what the device printed for that line."""

    def __init__(self, config_text):
        self.device = Device(config_text)
        self.out = []
        self.session = CliSession(self.device, self.out.append, lambda abrupt: None)
        self.session.start()
        for line in ("enable", self.device.enable_password, "configure terminal"):
            self.run(line)

    def run(self, line):
        self.out.clear()
        self.session.feed((line + "\r").encode())
        text = b"".join(self.out).decode().replace("\r\n", "\n")
        lines = text.split("\n")[1:-1]  # drop the echo and the next prompt
        return "\n".join(lines) + ("\n" if lines else "")

    def prompt(self):
        return self.session.prompt()

    def config(self):
        return self.device.stores[None].text()

    def block(self, parent):
        lines = self.config().splitlines()
        start = lines.index(parent)
        end = start + 1
        while end < len(lines) and lines[end].startswith(" "):
            end += 1
        return lines[start:end]


def base_config(version="9.16(4)"):
    """An ASA with an outside and an inside interface and an IKEv2 proposal, nothing route-based."""
    return (": Saved\n:\nASA Version %s\n!\nhostname fw-vti-static\n!\n"
            "interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 198.51.100.20 255.255.255.0\n!\n"
            "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 10.30.0.1 255.255.0.0\n!\n"
            "route outside 0.0.0.0 0.0.0.0 198.51.100.1 1\n"
            "crypto ipsec ikev2 ipsec-proposal AZURE-PROP\n protocol esp encryption aes-256\n"
            " protocol esp integrity sha-256\n"
            "crypto ikev2 enable outside\n: end\n") % version


@pytest.fixture
def cli():
    return Cli(base_config())


def test_ready_made_vti_bgp_config_over_ssh(asa_lab_factory):
    """The config integration tests load: each section as `show running-config <section>` prints it."""
    from test_asa_lab import Shell  # pylint: disable=import-outside-toplevel
    lab = asa_lab_factory(lab_config("vti_bgp"))
    sh = Shell(lab)
    sh.enable()
    assert sh.cmd("show running-config interface Tunnel2") == (
        "interface Tunnel2\n nameif azure-vti1\n ip address 169.254.22.2 255.255.255.252\n"
        " tunnel source interface outside\n tunnel destination 203.0.113.41\n tunnel mode ipsec ipv4\n"
        " tunnel protection ipsec profile AZURE-VTI\n")
    assert sh.cmd("show running-config crypto ipsec profile") == (
        "crypto ipsec profile AZURE-VTI\n set ikev2 ipsec-proposal AZURE-PROP\n"
        " set security-association lifetime seconds 27000\n set security-association lifetime kilobytes 102400000\n")
    bgp = sh.cmd("show running-config router bgp")
    assert bgp.startswith("router bgp 65010\n bgp log-neighbor-changes\n bgp router-id 10.10.0.1\n"
                          " address-family ipv4 unicast\n  neighbor 169.254.21.1 remote-as 65515\n")
    assert bgp.endswith("  network 10.10.0.0 mask 255.255.0.0\n  no auto-summary\n  no synchronization\n"
                        " exit-address-family\n")
    assert sh.cmd("show running-config route") == "route outside 0.0.0.0 0.0.0.0 198.51.100.1 1\n"
    assert sh.cmd("show running-config prefix-list") == "prefix-list AZURE-OUT seq 5 permit 10.10.0.0/16\n"
    assert "pre-shared-key *****" in sh.cmd("show running-config tunnel-group")
    version = sh.cmd("show version")
    assert "Cisco Adaptive Security Appliance Software Version 9.16(4) \n" in version
    assert 'System image file is "disk0:/asa9-16-4-lfbff-k8.SPA"' in version
    sh.close()


def test_show_version_follows_the_config_release():
    cli = Cli(lab_config("vti_static"))
    cli.run("end")
    version = cli.run("show version")
    assert "Software Version 9.8(4) \n" in version and "asa9-8-4-lfbff-k8.SPA" in version
    cli.device.load_config(base_config("9.12(4)47"))
    assert "Software Version 9.12(4)47 \n" in cli.run("show version")


def test_vti_typed_in_any_order_is_shown_in_asa_order(cli):
    cli.run("crypto ipsec profile AZURE-VTI")
    assert cli.prompt() == "fw-vti-static(config-ipsec-profile)# "
    for line in ("responder-only", "set security-association lifetime kilobytes 102400000",
                 "set pfs group19", "set security-association lifetime seconds 27000",
                 "set ikev2 ipsec-proposal AZURE-PROP", "set pfs group14"):
        assert cli.run(line) == "", line
    assert cli.block("crypto ipsec profile AZURE-VTI") == [
        "crypto ipsec profile AZURE-VTI", " set ikev2 ipsec-proposal AZURE-PROP", " set pfs group14",
        " set security-association lifetime seconds 27000", " set security-association lifetime kilobytes 102400000",
        " responder-only"]
    cli.run("interface tunnel 1")  # any spelling; stored as Tunnel1
    assert cli.prompt() == "fw-vti-static(config-if)# "
    for line in ("tunnel protection ipsec profile AZURE-VTI", "tunnel mode ipsec ipv4", "tunnel destination 203.0.113.60",
                 "tunnel source interface outside", "ip address 169.254.21.2 255.255.255.252", "nameif azure-vti0",
                 "shutdown"):
        assert cli.run(line) == "", line
    assert cli.block("interface Tunnel1") == [
        "interface Tunnel1", " shutdown", " nameif azure-vti0", " ip address 169.254.21.2 255.255.255.252",
        " tunnel source interface outside", " tunnel destination 203.0.113.60", " tunnel mode ipsec ipv4",
        " tunnel protection ipsec profile AZURE-VTI"]
    config = cli.config()
    # after the physical interfaces, and the profile after the proposals
    assert config.index("interface GigabitEthernet0/1") < config.index("interface Tunnel1") < config.index("crypto ipsec")
    assert config.index("crypto ipsec ikev2 ipsec-proposal") < config.index("crypto ipsec profile")
    # a new value replaces the old; no forms remove
    cli.run("interface Tunnel1")
    cli.run("tunnel destination 203.0.113.61")
    cli.run("no shutdown")
    cli.run("crypto ipsec profile AZURE-VTI")
    cli.run("no set pfs")
    cli.run("no responder-only")
    assert cli.block("interface Tunnel1")[1:3] == [" nameif azure-vti0", " ip address 169.254.21.2 255.255.255.252"]
    assert " tunnel destination 203.0.113.61" in cli.block("interface Tunnel1")
    assert cli.block("crypto ipsec profile AZURE-VTI") == [
        "crypto ipsec profile AZURE-VTI", " set ikev2 ipsec-proposal AZURE-PROP",
        " set security-association lifetime seconds 27000", " set security-association lifetime kilobytes 102400000"]


def test_vti_refusals_change_nothing(cli):
    cli.run("crypto ipsec profile P1")
    cli.run("set ikev2 ipsec-proposal AZURE-PROP")
    cli.run("interface Tunnel1")
    cli.run("tunnel protection ipsec profile P1")
    cli.run("exit")
    before = cli.config()
    cli.run("interface Tunnel1")
    assert cli.run("tunnel protection ipsec profile NOPE") == "ERROR: IPsec profile NOPE does not exist\n"
    bad = {
        "tunnel source interface dmz": len("fw-vti-static(config-if)# tunnel source interface "),
        "tunnel destination 203.0.113.999": len("fw-vti-static(config-if)# tunnel destination "),
        "tunnel mode gre ip": len("fw-vti-static(config-if)# tunnel mode "),
        "ip address 169.254.21.2 255.0.255.0": len("fw-vti-static(config-if)# ip address 169.254.21.2 "),
    }
    for line, column in bad.items():
        assert cli.run(line) == " " * column + "^\n" + INVALID + "\n", line
    cli.run("exit")
    assert cli.run("no crypto ipsec profile P1").startswith("ERROR: IPsec profile P1 is in use by interface Tunnel1")
    cli.run("crypto ipsec profile P1")
    assert cli.run("set pfs group3").endswith(INVALID + "\n")
    assert cli.run("set security-association lifetime seconds 60").endswith(INVALID + "\n")
    cli.run("interface GigabitEthernet0/0")
    assert cli.run("tunnel mode ipsec ipv4") == " " * len("fw-vti-static(config-if)# ") + "^\n" + INVALID + "\n"
    cli.run("exit")
    assert cli.run("interface Tunnel10414").endswith(INVALID + "\n")
    assert cli.config() == before
    assert cli.prompt() == "fw-vti-static(config)# "


def test_a_nameif_another_interface_has_is_refused(cli):
    # one nameif names one interface (its routes, NAT rules and access-groups name it): a second is refused
    before = cli.config()
    cli.run("interface Tunnel1")
    assert cli.run("nameif outside") == "ERROR: Name outside is already in use by interface GigabitEthernet0/0\n"
    assert cli.run("nameif OUTSIDE") == "ERROR: Name outside is already in use by interface GigabitEthernet0/0\n"
    cli.run("exit")
    cli.run("interface GigabitEthernet0/1")
    assert cli.run("nameif outside").startswith("ERROR: Name outside is already in use")
    assert cli.run("nameif inside") == ""  # its own name again: nothing to refuse
    cli.run("exit")
    assert cli.block("interface Tunnel1") == ["interface Tunnel1"]
    assert cli.config().replace("interface Tunnel1\n", "") == before
    cli.run("interface Tunnel1")
    assert cli.run("nameif azure-vti0") == ""
    assert cli.block("interface Tunnel1") == ["interface Tunnel1", " nameif azure-vti0"]


def test_no_tunnel_interfaces_before_9_7_and_no_ikev2_vti_before_9_8():
    old = Cli(base_config("9.6(4)"))
    assert old.run("interface Tunnel1") == " " * len("fw-vti-static(config)# interface ") + "^\n" + INVALID + "\n"
    assert "Tunnel" not in old.config()
    vti_ikev1 = Cli(base_config("9.7(1)"))
    assert vti_ikev1.run("interface Tunnel1") == ""
    vti_ikev1.run("crypto ipsec profile P1")
    # IKEv2 over a VTI came with 9.8(1) (Cisco 214109)
    assert vti_ikev1.run("set ikev2 ipsec-proposal AZURE-PROP") == \
        " " * len("fw-vti-static(config-ipsec-profile)# set ") + "^\n" + INVALID + "\n"
    assert vti_ikev1.run("set ikev1 transform-set TS") == ""


def test_bgp_over_the_tunnel_typed_like_the_samples(cli):
    assert cli.run("router bgp 65010") == ""
    assert cli.prompt() == "fw-vti-static(config-router)# "
    assert cli.block("router bgp 65010") == ["router bgp 65010", " bgp log-neighbor-changes"]  # on by default
    cli.run("address-family ipv4")
    assert cli.prompt() == "fw-vti-static(config-router-af)# "
    for line in ("network 10.30.0.0 mask 255.255.0.0", "neighbor 169.254.22.1 remote-as 65515",
                 "neighbor 169.254.21.1 remote-as 65515", "neighbor 169.254.21.1 activate",
                 "neighbor 169.254.21.1 ebgp-multihop", "neighbor 169.254.22.1 activate"):
        assert cli.run(line) == "", line
    cli.run("bgp router-id 10.30.0.1")  # a router-level command leaves the address family
    assert cli.prompt() == "fw-vti-static(config-router)# "
    assert cli.block("router bgp 65010") == [
        "router bgp 65010", " bgp log-neighbor-changes", " bgp router-id 10.30.0.1",
        " address-family ipv4 unicast",
        "  neighbor 169.254.21.1 remote-as 65515", "  neighbor 169.254.21.1 ebgp-multihop 255",
        "  neighbor 169.254.21.1 activate",
        "  neighbor 169.254.22.1 remote-as 65515", "  neighbor 169.254.22.1 activate",
        "  network 10.30.0.0 mask 255.255.0.0", "  no auto-summary", "  no synchronization",
        " exit-address-family"]
    cli.run("address-family ipv4 unicast")
    assert cli.run("exit-address-family") == ""
    assert cli.prompt() == "fw-vti-static(config-router)# "
    cli.run("exit")
    # ASA order: prefix-lists, route-maps, router, then static routes
    cli.run("route inside 10.40.0.0 255.255.0.0 10.30.0.254")
    cli.run("prefix-list AZURE-OUT permit 10.30.0.0/16")
    cli.run("route-map AZURE-OUT")
    cli.run("match ip address prefix-list AZURE-OUT")
    config = cli.config()
    assert config.index("prefix-list AZURE-OUT seq 5") < config.index("route-map AZURE-OUT permit 10\n") \
        < config.index("router bgp 65010") < config.index("route outside")
    assert "route inside 10.40.0.0 255.255.0.0 10.30.0.254 1\n" in config  # metric 1 is always shown


def test_bgp_refusals_like_an_asa(cli):
    cli.run("router bgp 65010")
    cli.run("address-family ipv4 unicast")
    cli.run("exit")
    before = cli.config()
    assert cli.run("neighbor 169.254.21.1 remote-as 65515").endswith(INVALID + "\n")  # only in the address family
    cli.run("address-family ipv4 unicast")
    specify = "ERROR: % Specify remote-as or peer-group commands first\n"
    assert cli.run("neighbor 169.254.21.1 activate") == specify
    assert cli.run("neighbor 169.254.21.1 ebgp-multihop 2") == specify
    assert cli.run("neighbor 169.254.21.1 remote-as 0").endswith(INVALID + "\n")
    assert cli.run("neighbor 169.254.21.1 remote-as 4294967296").endswith(INVALID + "\n")
    assert cli.run("network 10.30.0.1 mask 255.255.0.0") == "ERROR: % Inconsistent address and mask\n"
    assert cli.run("router bgp 65001") == "ERROR: % BGP is already running; AS is 65010\n"
    assert cli.config() == before
    assert cli.run("router bgp 4200000000") == "ERROR: % BGP is already running; AS is 65010\n"
    assert cli.run("route inside 10.40.0.1 255.255.0.0 10.30.0.254") == "ERROR: Inconsistent address and mask\n"
    assert cli.run("route dmz 10.40.0.0 255.255.0.0 10.30.0.254").endswith(INVALID + "\n")  # no such nameif
    assert cli.run("route inside 10.40.0.0 255.255.0.0 10.30.0.254 256").endswith(INVALID + "\n")
    assert cli.run("prefix-list PL permit 10.0.0.0/16 ge 8") == (
        "ERROR: % Invalid prefix range for 10.0.0.0/16, make sure: len < ge-value <= le-value\n")
    assert cli.config() == before


def test_an_equal_cost_route_through_another_interface_is_refused():
    # Azure active-active without BGP: both tunnels route the VNet; the ASA shares load over one interface only
    cli = Cli(lab_config("vti_bgp"))
    assert cli.run("route azure-vti0 10.20.0.0 255.255.0.0 169.254.21.1") == ""
    before = cli.config()
    conflict = "ERROR: Cannot add route entry, possible conflict with existing routes.\n"
    assert cli.run("route azure-vti1 10.20.0.0 255.255.0.0 169.254.22.1") == conflict
    assert cli.run("route azure-vti1 10.20.0.0 255.255.0.0 169.254.22.1 1") == conflict
    assert cli.config() == before
    assert cli.run("route azure-vti1 10.20.0.0 255.255.0.0 169.254.22.1 2") == ""  # a floating route is taken
    assert cli.run("route azure-vti0 10.20.0.0 255.255.0.0 169.254.21.3") == ""  # load shared on one interface
    assert "route azure-vti1 10.20.0.0 255.255.0.0 169.254.22.1 2\n" in cli.config()


def test_no_forms_of_the_route_based_sections():
    cli = Cli(lab_config("vti_bgp"))
    cli.run("router bgp 65010")
    cli.run("address-family ipv4 unicast")
    cli.run("no neighbor 169.254.22.1 remote-as 65515")  # the whole neighbor goes
    cli.run("no neighbor 169.254.21.1 activate")
    cli.run("auto-summary")
    bgp = "\n".join(cli.block("router bgp 65010"))
    assert "169.254.22.1" not in bgp
    assert "neighbor 169.254.21.1 activate" not in bgp and "neighbor 169.254.21.1 remote-as 65515" in bgp
    assert "  auto-summary\n" in bgp and "no auto-summary" not in bgp
    cli.run("no auto-summary")
    assert "  no auto-summary" in cli.block("router bgp 65010")
    cli.run("exit-address-family")
    cli.run("no address-family ipv4 unicast")
    assert cli.block("router bgp 65010") == ["router bgp 65010", " bgp log-neighbor-changes", " bgp router-id 10.10.0.1"]
    cli.run("exit")
    cli.run("no router bgp 65010")
    assert "router bgp" not in cli.config()
    cli.run("route azure-vti0 10.20.0.0 255.255.0.0 169.254.21.1 10")
    cli.run("route azure-vti0 10.20.0.0 255.255.0.0 169.254.21.1 5")  # new distance replaces the old
    assert re.findall(r"^route azure-vti0 .*$", cli.config(), re.M) == ["route azure-vti0 10.20.0.0 255.255.0.0 169.254.21.1 5"]
    cli.run("no route azure-vti0 10.20.0.0 255.255.0.0 169.254.21.1")  # without the distance
    assert "route azure-vti0" not in cli.config()
    cli.run("interface Tunnel2")
    cli.run("no tunnel protection ipsec profile AZURE-VTI")
    cli.run("exit")
    cli.run("interface Tunnel1")
    cli.run("no tunnel protection ipsec profile OTHER")  # not what is set: nothing happens
    assert " tunnel protection ipsec profile AZURE-VTI" in cli.block("interface Tunnel1")
    assert all("tunnel protection" not in line for line in cli.block("interface Tunnel2"))
    cli.run("exit")
    cli.run("no interface Tunnel1")
    assert cli.run("no crypto ipsec profile AZURE-VTI") == ""
    assert "crypto ipsec profile" not in cli.config() and "interface Tunnel1" not in cli.config()


def test_prefix_lists_and_route_maps_are_sequenced():
    cli = Cli(base_config())
    for line in ("prefix-list PL permit 10.30.0.0/16", "prefix-list PL permit 10.31.1.0/16 le 24",
                 "prefix-list PL seq 3 deny 0.0.0.0/0", "prefix-list PL seq 5 permit 10.29.0.0/16"):
        assert cli.run(line) == "", line
    assert re.findall(r"^prefix-list .*$", cli.config(), re.M) == [
        "prefix-list PL seq 3 deny 0.0.0.0/0", "prefix-list PL seq 5 permit 10.29.0.0/16",  # same seq replaces
        "prefix-list PL seq 10 permit 10.31.0.0/16 le 24"]  # next multiple of 5; host bits cleared
    cli.run("no prefix-list PL permit 10.31.0.0/16 le 24")
    assert "seq 10" not in cli.config()
    cli.run("route-map RM permit 20")
    assert cli.prompt() == "fw-vti-static(config-route-map)# "
    cli.run("match ip address prefix-list PL")
    cli.run("route-map RM")  # permit 10 by default
    cli.run("set metric 5")
    cli.run("route-map RM deny 20")  # same sequence, other action: the entry changes
    assert re.findall(r"^route-map .*$", cli.config(), re.M) == ["route-map RM permit 10", "route-map RM deny 20"]
    assert cli.block("route-map RM deny 20") == ["route-map RM deny 20", " match ip address prefix-list PL"]
    cli.run("exit")
    cli.run("no route-map RM")
    assert "route-map" not in cli.config()


def test_show_bgp_summary_lists_the_configured_neighbors():
    cli = Cli(lab_config("vti_bgp"))
    cli.run("end")
    summary = cli.run("show bgp summary")
    assert summary.startswith("BGP router identifier 10.10.0.1, local AS number 65010\n")
    rows = [line.split() for line in summary.splitlines() if line[:1].isdigit()]
    assert [(r[0], r[2], r[-1]) for r in rows] == [("169.254.21.1", "65515", "Active"), ("169.254.22.1", "65515", "Active")]
    assert Cli(base_config()).run("show bgp summary") == "% BGP not active\n"


def test_policy_based_config_is_an_ikev1_crypto_map():
    cli = Cli(lab_config("policy_based_ikev1"))
    cli.run("end")
    assert cli.run("show running-config crypto map").splitlines()[1:3] == [
        "crypto map AZURE-MAP 10 set peer 203.0.113.70", "crypto map AZURE-MAP 10 set ikev1 transform-set AZURE-TS"]
    assert cli.run("show running-config tunnel-group").endswith(" ikev1 pre-shared-key *****\n")
    assert "Software Version 9.8(4) " in cli.run("show version")
