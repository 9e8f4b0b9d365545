# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""FRR side of the oracle: model.Bgp -> bgpd configuration, and one zebra + bgpd
per namespace that really peer over the tunnel.

Each daemon runs as `ip netns exec NS /usr/lib/frr/<daemon>` with everything it
writes in a directory of its own (owned by the frr user the daemons drop to):
config file (-f), pid file (-i), zebra API socket (-z), vty sockets
(--vty_socket) and log (`log file`), no TCP vty (-P 0).  vtysh reaches them with
the same --vty_socket.

Timers are tuned down so that a session comes up, or visibly does not, within a
few seconds: keepalive 1 s / hold 3 s (`timers bgp`, FRR's minimum hold time is
3 s), connect-retry 1 s, advertisement-interval 0 and coalesce-time 50 ms
(https://docs.frrouting.org/en/stable-8.4/bgp.html, "BGP Peer" and "BGP Timers").
"""

import ipaddress
import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time

FRR_DIRS = ("/usr/lib/frr", "/usr/libexec/frr")
FRR_USER = "frr"  # created by the Debian package; its vty group is frrvty
KEEPALIVE, HOLD, CONNECT_RETRY = 1, 3, 1
COALESCE_MS = 50  # update-group coalescing before the first UPDATE (FRR's default is 1000 ms)


def daemon_path(name):
    for base in FRR_DIRS:
        path = os.path.join(base, name)
        if os.access(path, os.X_OK):
            return path
    raise RuntimeError("FRR %s not found in %s: run tests/oracle/setup.sh" % (name, ", ".join(FRR_DIRS)))


def _router_id(end):
    for cidr in list(end.bgp.local_addresses or ()) + [end.tunnel_address or "", end.local_address or ""]:
        if cidr:
            return cidr.split("/")[0]
    return "192.0.2.254"


def _prefix_rule(rule):
    line = "%s %s" % (rule.action, rule.prefix)
    if rule.ge is not None:
        line += " ge %d" % rule.ge
    if rule.le is not None:
        line += " le %d" % rule.le
    return line


def bgpd_conf(end, log_path):
    """bgpd configuration for one end's model.Bgp.

    * ``advertised`` is what the end sends after its own outbound filter, so it
      becomes `network` statements (import-check off: the prefixes need not be in
      the RIB) and nothing else is sent;
    * ``import_filter`` becomes an inbound prefix-list (an empty list denies all,
      like the implicit deny at the end of a prefix-list);
    * ``multihop`` above 1 becomes `ebgp-multihop N`; with 1, FRR's own check that
      an eBGP neighbor is on a connected subnet applies (as on IOS/ASA);
    * the first of ``local_addresses`` is the update-source;
    * eBGP needs no policy (`no bgp ebgp-requires-policy`: FRR 8 otherwise
      exchanges nothing without route-maps, unlike ASA and Azure)."""
    bgp = end.bgp
    peer = bgp.peer_address
    lines = [
        "frr defaults traditional",
        "hostname oracle-%s" % end.vendor.lower(),
        "log file %s debugging" % log_path,
        "!",
    ]
    if bgp.import_filter is not None:
        rules = bgp.import_filter or []
        for n, rule in enumerate(rules, 1):
            lines.append("ip prefix-list IMPORT seq %d %s" % (5 * n, _prefix_rule(rule)))
        if not rules:
            lines.append("ip prefix-list IMPORT seq 5 deny 0.0.0.0/0 le 32")
    lines += [
        "router bgp %d" % bgp.asn,
        " bgp router-id %s" % _router_id(end),
        " no bgp ebgp-requires-policy",
        " no bgp network import-check",
        " timers bgp %d %d" % (KEEPALIVE, HOLD),
        " coalesce-time %d" % COALESCE_MS,
    ]
    if peer:
        lines += [
            " neighbor %s remote-as %d" % (peer, bgp.peer_asn),
            " neighbor %s timers connect %d" % (peer, CONNECT_RETRY),
            " neighbor %s advertisement-interval 0" % peer,
        ]
        if bgp.local_addresses:
            lines.append(" neighbor %s update-source %s" % (peer, bgp.local_addresses[0].split("/")[0]))
        if bgp.multihop and bgp.multihop > 1:
            lines.append(" neighbor %s ebgp-multihop %d" % (peer, bgp.multihop))
    lines.append(" address-family ipv4 unicast")
    for prefix in bgp.advertised or []:
        lines.append("  network %s" % ipaddress.ip_network(prefix, strict=False))
    if peer:
        if bgp.import_filter is not None:
            lines.append("  neighbor %s prefix-list IMPORT in" % peer)
        lines.append("  %sneighbor %s activate" % ("" if bgp.activated else "no ", peer))
    lines += [" exit-address-family", "!", ""]
    return "\n".join(lines)


def zebra_conf(end, log_path):
    return "hostname oracle-%s-zebra\nlog file %s informational\n!\n" % (end.vendor.lower(), log_path)


class Frr(object):
    """zebra + bgpd in one namespace, files in ``workdir``; config, logs and stderr are copied
    next to the charon logs (``log_prefix``)."""

    def __init__(self, ns, parent, log_prefix):
        self.ns = ns
        self.parent = parent  # removed with the oracle's temporary directory, even after a kill
        self.workdir = None
        self.log_prefix = log_prefix
        self.procs = []

    def _path(self, name):
        return os.path.join(self.workdir, name)

    def start(self, end):
        """Daemons run as FRR's own user (they insist its vty group is theirs), so their
        directory is a fresh one that user owns; logs are copied out at stop()."""
        self.stop()
        # The frr user must reach its directory: the parents are made traversable (not listable).
        path = self.parent
        while path.startswith(tempfile.gettempdir() + os.sep):
            os.chmod(path, os.stat(path).st_mode | 0o111)
            path = os.path.dirname(path)
        self.workdir = tempfile.mkdtemp(prefix="frr-", dir=self.parent)
        os.chmod(self.workdir, 0o755)
        confs = {"zebra": zebra_conf(end, self._path("zebra.log")), "bgpd": bgpd_conf(end, self._path("bgpd.log"))}
        for name, text in confs.items():
            with open(self._path(name + ".conf"), "w") as handle:
                handle.write(text)
        with open(self.log_prefix + "bgpd.conf", "w") as handle:
            handle.write(confs["bgpd"])
        user = pwd.getpwnam(FRR_USER)
        for name in os.listdir(self.workdir) + [""]:
            os.chown(os.path.join(self.workdir, name), user.pw_uid, user.pw_gid)
        zsock = self._path("zserv.api")
        for name in ("zebra", "bgpd"):
            cmd = ["ip", "netns", "exec", self.ns, daemon_path(name), "-f", self._path(name + ".conf"),
                   "-i", self._path(name + ".pid"), "-z", zsock, "--vty_socket", self.workdir, "-P", "0"]
            with open(self._path(name + ".stderr"), "w") as err:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                                        start_new_session=True)
            self.procs.append(proc)
            self._await_vty(name, proc)

    def _await_vty(self, name, proc):
        sock = self._path(name + ".vty")
        deadline = time.time() + 10
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("%s in %s exited (%s): see %s%s.stderr"
                                   % (name, self.ns, proc.returncode, self.log_prefix, name))
            if os.path.exists(sock):
                return
            time.sleep(0.02)
        raise RuntimeError("%s in %s did not open its vty socket" % (name, self.ns))

    def vtysh(self, command, timeout=10):
        proc = subprocess.run(["vtysh", "--vty_socket", self.workdir, "-c", command],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                              timeout=timeout, check=False)
        if proc.returncode != 0:
            raise RuntimeError("vtysh -c %r in %s failed (%d): %s"
                               % (command, self.ns, proc.returncode, (proc.stderr or proc.stdout).strip()))
        return proc.stdout

    def vtysh_json(self, command):
        text = self.vtysh(command)
        return json.loads(text) if text.strip() else {}

    def neighbor(self, address):
        """bgpd's view of one neighbor: {'state', 'pfxRcd', ...} from `show bgp summary json`."""
        summary = self.vtysh_json("show bgp ipv4 unicast summary json")
        return (summary.get("peers") or {}).get(address, {})

    def accepted(self, address):
        """Prefixes received from ``address`` that passed the inbound filter and that bgpd can
        use: a path marked valid (a single-hop eBGP route whose next hop is not on a connected
        subnet, for one, is kept but not valid, so it never reaches the routing table)."""
        data = self.vtysh_json("show bgp ipv4 unicast neighbors %s routes json" % address)
        out = []
        for prefix, paths in (data.get("routes") or {}).items():
            paths = paths if isinstance(paths, list) else [paths]
            if any(isinstance(p, dict) and p.get("valid") for p in paths):
                out.append(prefix)
        return sorted(out)

    def last_error(self, address):
        data = self.vtysh_json("show bgp neighbors %s json" % address).get(address, {})
        for key in ("lastNotificationReason", "lastResetDueTo", "connectionsDropped"):
            if data.get(key):
                return "%s: %s" % (key, data[key])
        return data.get("bgpState", "")

    def stop(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
        self.procs = []
        if self.workdir and os.path.isdir(self.workdir):
            for name in ("zebra.log", "bgpd.log", "zebra.stderr", "bgpd.stderr"):
                if os.path.exists(self._path(name)):
                    shutil.copyfile(self._path(name), self.log_prefix + name)
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.workdir = None
