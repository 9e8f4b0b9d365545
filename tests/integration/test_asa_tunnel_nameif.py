# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review G against the ASA SSH lab: a tunnel_nameif another interface holds (OUTSIDE, another tunnel's, in another
case) is refused before anything is sent, and state=absent of a tunnel that shares its nameif with another interface
(a config made before the fix) leaves that interface's routes - the default route - in place."""

import pytest

from test_asa_tunnel import PSK, VTI_BGP, config_lines, run_tunnel

DEFAULT_ROUTE = "route OUTSIDE 0.0.0.0 0.0.0.0 198.51.100.9 1"
TUNNEL1_ROUTE = "route AZURE-WEU 10.9.0.0 255.255.0.0 169.254.21.1 1"
SEEDED = VTI_BGP.replace(DEFAULT_ROUTE, TUNNEL1_ROUTE + "\n" + DEFAULT_ROUTE)
NEW_END = dict(tunnel_interface="Tunnel5", tunnel_address="169.254.30.1/30", tunnel_source_interface="OUTSIDE",
               peer="203.0.113.50", esp={"encryption": ["AES-GCM-256"]}, pre_shared_key=PSK,
               routes=[{"network": "10.50.0.0/16", "gateway": "169.254.30.2"}])


@pytest.mark.parametrize("nameif, holder", [("OUTSIDE", "tunnel_source_interface"), ("outside", "tunnel_source_interface"),
                                            ("AZURE-WEU", "Tunnel1"), ("azure-weu", "Tunnel1")])
def test_a_nameif_another_interface_holds_is_refused_before_anything_is_sent(asa_lab_factory, run_playbook, tmp_path,
                                                                             nameif, holder):
    lab = asa_lab_factory(SEEDED)
    before = config_lines(lab)
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, dict(NEW_END, tunnel_nameif=nameif), fails=True)
    assert result.get("failed") is True and result.get("changed") is not True
    assert "tunnel_nameif: %r is the nameif of" % nameif in result["msg"] and holder in result["msg"], result["msg"]
    assert not [c for c in lab.commands() if c["command"] == "configure terminal"], "nothing was sent"
    assert config_lines(lab) == before


@pytest.mark.parametrize("nameif", ["OUTSIDE", "AZURE-WEU"])
def test_absent_of_a_tunnel_sharing_a_nameif_leaves_the_other_interfaces_routes(asa_lab_factory, run_playbook,
                                                                                tmp_path, nameif):
    # Tunnel5 with another interface's nameif, as asa_vpn_tunnel made it before review G (the lab takes it)
    held = SEEDED.replace("interface Tunnel1\n", "interface Tunnel5\n nameif %s\n"
                          " ip address 169.254.30.1 255.255.255.252\n!\ninterface Tunnel1\n" % nameif)
    lab = asa_lab_factory(held)
    assert "interface Tunnel5" in lab.running_config()
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, dict(tunnel_interface="Tunnel5", state="absent"))
    assert result["changed"] is True and result["commands"] == ["no interface Tunnel5"], result["commands"]
    text = lab.running_config()
    assert "interface Tunnel5" not in text
    assert DEFAULT_ROUTE in text and TUNNEL1_ROUTE in text


def test_a_nameif_taken_by_another_session_midway_is_refused_by_the_asa_and_undone(
        asa_lab_factory, run_playbook, tmp_path):
    # another administrator names an interface AZURE-NEW after the plan was read: the ASA refuses the tunnel's
    # "nameif AZURE-NEW" (one nameif, one interface); the push undoes what it sent and says which line was refused
    theirs = ["interface GigabitEthernet0/2", " nameif AZURE-NEW", "exit"]
    lab = asa_lab_factory(SEEDED, scenario={"writers": [{"after": r"^interface Tunnel5$", "lines": theirs}]})
    before = config_lines(lab)
    result, proc = run_tunnel(run_playbook, lab, tmp_path, dict(NEW_END, tunnel_nameif="AZURE-NEW"), fails=True)
    assert result.get("failed") is True, result
    refused = [c for c in lab.commands() if c["result"] == "error"]
    assert [c["command"] for c in refused] == ["nameif AZURE-NEW"], refused
    assert "nameif AZURE-NEW" in result["msg"] and "already in use" in result["msg"], result["msg"]
    assert result["left_over"] == [], result["left_over"]
    after = config_lines(lab)
    assert "interface Tunnel5" not in after and "route AZURE-NEW 10.50.0.0 255.255.0.0 169.254.30.2 1" not in after
    assert sorted(after) == sorted(before + ["interface GigabitEthernet0/2", " nameif AZURE-NEW"]), "theirs stays"
    assert PSK not in proc.stdout
