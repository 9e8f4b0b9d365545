# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""strongSwan side of the oracle: model -> swanctl.conf, and two charons in two
network namespaces that really negotiate.

Layout of one slot (two slots run in parallel, each with its own namespaces):

    netns <prefix>a  veth  192.0.2.1/24  <---->  192.0.2.2/24  veth  netns <prefix>b
    charon A (own /run, own vici socket)           charon B (own /run, own vici socket)

Each charon runs as
    ip netns exec NS unshare --mount --propagation private \
        sh -c 'mount --bind RUNDIR /run && exec /usr/lib/ipsec/charon'
with STRONGSWAN_CONF pointing at a strongswan.conf of its own: plugins loaded
explicitly (kernel-libipsec before kernel-netlink, so ESP SAs go to libipsec's
userspace ESP on a TUN device and kernel-netlink is used only for addresses and
routes), the vici socket in RUNDIR, and a file log.  swanctl talks to each
charon with --uri unix://RUNDIR/charon.vici.

`swanctl --rekey` only queues a rekey and always says it succeeded, so rekey
outcomes are read from `swanctl --list-sas --raw` (a new Child SA instance /
IKE SA with new SPIs) and, for the reason of a failure, from the charon logs.
"""

import ipaddress
import os
import re
import shutil
import signal
import subprocess
import time

from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS, NO_PFS, TrafficSelector

CHARON_CANDIDATES = ("/usr/lib/ipsec/charon", "/usr/libexec/ipsec/charon", "/usr/lib/strongswan/charon")
ADDR = {"a": "192.0.2.1", "b": "192.0.2.2"}
PREFIX_LEN = 24
CONN = "oracle"
PSK = "vpnalign-oracle-psk-not-a-secret"
PLUGINS = ("random nonce openssl pem pkcs1 x509 pubkey aes sha1 sha2 hmac gcm kdf gmp drbg "
           "kernel-libipsec kernel-netlink socket-default vici")

# ---------------------------------------------------------------------------
# Model canonical names -> strongSwan proposal keywords
# (strongSwan "IKEv2 Cipher Suites" keyword table; model names: model.py docstring)
# ---------------------------------------------------------------------------
ENCRYPTION = {
    "AES-CBC-128": "aes128", "AES-CBC-192": "aes192", "AES-CBC-256": "aes256",
    "AES-GCM-128": "aes128gcm16", "AES-GCM-192": "aes192gcm16", "AES-GCM-256": "aes256gcm16",
    "AES-GMAC-128": "aes128gmac", "AES-GMAC-192": "aes192gmac", "AES-GMAC-256": "aes256gmac",
    "3DES": "3des", "DES": "des", "NULL": "null",
}
INTEGRITY = {"MD5": "md5", "SHA1": "sha1", "SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512"}
PRF = {"MD5": "prfmd5", "SHA1": "prfsha1", "SHA256": "prfsha256", "SHA384": "prfsha384", "SHA512": "prfsha512"}
DH = {
    1: "modp768", 2: "modp1024", 5: "modp1536", 14: "modp2048", 15: "modp3072", 16: "modp4096",
    19: "ecp256", 20: "ecp384", 21: "ecp521", 24: "modp2048s256",
}
# "DH group 0" among other groups = PFS optional: strongSwan spells the NONE
# key exchange transform "modpnone".
DH_NONE = "modpnone"


class TranslationError(ValueError):
    """A model value strongSwan has no keyword for."""


def _kw(table, value, what):
    try:
        return table[value]
    except KeyError:
        raise TranslationError("no strongSwan keyword for %s %r" % (what, value))


def _split_aead(encryptions):
    aead = [e for e in encryptions if e in AEAD_CIPHERS]
    classic = [e for e in encryptions if e not in AEAD_CIPHERS]
    return aead, classic


def ike_proposal_strings(proposals):
    """One model IkeProposal may mix AEAD and classic ciphers; strongSwan cannot, so split it."""
    out = []
    for p in proposals:
        aead, classic = _split_aead(p.encryption)
        prfs = [_kw(PRF, v, "prf") for v in p.prf]
        groups = [_kw(DH, g, "IKE DH group") for g in p.dh_groups]
        if classic:
            out.append("-".join([_kw(ENCRYPTION, e, "encryption") for e in classic]
                                + [_kw(INTEGRITY, i, "integrity") for i in p.integrity] + prfs + groups))
        if aead:
            out.append("-".join([_kw(ENCRYPTION, e, "encryption") for e in aead] + prfs + groups))
    return out


def esp_proposal_strings(proposals):
    out = []
    for p in proposals:
        aead, classic = _split_aead(p.encryption)
        real = [g for g in p.dh_groups if g != NO_PFS]
        groups = [_kw(DH, g, "PFS group") for g in real]
        if real and NO_PFS in p.dh_groups:
            groups.append(DH_NONE)
        if classic:
            out.append("-".join([_kw(ENCRYPTION, e, "encryption") for e in classic]
                                + [_kw(INTEGRITY, i, "integrity") for i in p.integrity] + groups))
        if aead:
            out.append("-".join([_kw(ENCRYPTION, e, "encryption") for e in aead] + groups))
    return out


def ts_string(prefix, protocol):
    return "%s[%d]" % (prefix, protocol) if protocol else prefix


def _lifetime_lines(indent, lifetimes, default_seconds, data=False):
    """Model lifetime (when the SA must be replaced) -> when strongSwan rekeys.

    rekey_time is the model's seconds, life_time 10% later, no random jitter, so
    which end rekeys first is decided by the configured numbers alone."""
    seconds = lifetimes.seconds or default_seconds
    lines = ["rekey_time = %ds" % seconds, "rand_time = 0s"]
    if data:
        lines.append("life_time = %ds" % (seconds + max(1, seconds // 10)))
        if lifetimes.kilobytes:
            lines += ["rekey_bytes = %d" % (lifetimes.kilobytes * 1024),
                      "life_bytes = %d" % (lifetimes.kilobytes * 1024 * 11 // 10)]
    else:
        lines.append("over_time = %ds" % max(1, seconds // 10))
    return ["%s%s" % (indent, line) for line in lines]


def swanctl_conf(end, me, peer, role):
    """swanctl.conf for one end.  ``role`` 'initiator' uses the end's initiator
    proposal lists, 'responder' the lists it accepts (strongSwan has one list per
    connection for both roles, so each run configures the role it exercises)."""
    ike = end.ike_proposals if role == "initiator" else end.responder_ike()
    esp = end.child_proposals if role == "initiator" else end.responder_child()
    lines = [
        "connections {",
        "  %s {" % CONN,
        "    version = 2",
        "    local_addrs = %s" % ADDR[me],
        "    remote_addrs = %s" % ADDR[peer],
        "    proposals = %s" % ", ".join(ike_proposal_strings(ike)),
        "    dpd_delay = 0s",
        "    unique = never",
    ]
    lines += _lifetime_lines("    ", end.ike_lifetime, 28800)
    lines += [
        "    local {", "      auth = psk", "      id = %s" % ADDR[me], "    }",
        "    remote {", "      auth = psk", "      id = %s" % ADDR[peer], "    }",
        "    children {",
    ]
    for i, ts in enumerate(_configured_selectors(end, role)):
        lines += [
            "      c%d {" % i,
            "        local_ts = %s" % ts_string(ts.local, ts.protocol),
            "        remote_ts = %s" % ts_string(ts.remote, ts.protocol),
            "        esp_proposals = %s" % ", ".join(esp_proposal_strings(esp)),
            "        start_action = none",
            "        close_action = none",
            "        dpd_action = clear",
        ]
        lines += _lifetime_lines("        ", end.child_lifetime, 3600, data=True)
        lines.append("      }")
    lines += ["    }", "  }", "}",
              "secrets {", "  ike-oracle {", "    id-1 = %s" % ADDR["a"], "    id-2 = %s" % ADDR["b"],
              '    secret = "%s"' % PSK, "  }", "}", ""]
    return "\n".join(lines)


def _configured_selectors(end, role):
    """An end that takes whatever selectors its peer proposes (TunnelEnd.accepts_any_selectors, an Azure gateway)
    answers with one child of any-to-any, which strongSwan narrows to the offer: the offer, as offered."""
    selectors = end.traffic_selectors or []
    if role != "responder" or not end.accepts_any_selectors:
        return selectors
    family_any = "::/0" if selectors and ":" in selectors[0].local else "0.0.0.0/0"
    return [TrafficSelector(family_any, family_any, 0)]


def strongswan_conf(rundir, log_path, install_routes=True):
    """``install_routes`` off for route-based ends: their routes are their own (routes.py)."""
    return """charon {
  load_modular = no
  load = %(plugins)s
  install_routes = %(routes)s
  install_virtual_ip = no
  retransmit_tries = 2
  retransmit_timeout = 1.0
  retransmit_base = 1.4
  plugins {
    vici {
      socket = unix://%(rundir)s/charon.vici
    }
  }
  syslog {
  }
  filelog {
    oracle {
      path = %(log)s
      time_format = %%s
      time_add_ms = yes
      append = no
      flush_line = yes
      default = 1
      ike = 2
      cfg = 2
    }
  }
}
""" % {"plugins": PLUGINS, "rundir": rundir, "log": log_path, "routes": "yes" if install_routes else "no"}


# ---------------------------------------------------------------------------
# swanctl --raw output
# ---------------------------------------------------------------------------
_TOKEN = re.compile(r"\s*(?:(\})|([^\s={}]+)\s*\{|([^\s={}]+)=\[((?:[^\[\]]|\[[^\]]*\])*)\]|([^\s={}]+)=([^\s}]*))")


def parse_raw(text):
    """Parse swanctl --raw message bodies ('name {k=v l=[x y] sub {...}}') into dicts."""
    pos, stack = 0, [{}]
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group(1):
            if len(stack) > 1:
                stack.pop()
        elif m.group(2):
            child = {}
            stack[-1][m.group(2)] = child
            stack.append(child)
        elif m.group(3):
            stack[-1][m.group(3)] = m.group(4).split()
        else:
            stack[-1][m.group(5)] = m.group(6)
    return stack[0]


def parse_list_sas(output):
    """IKE SAs from `swanctl --list-sas --raw`: a list of dicts with 'children' (list)."""
    sas = []
    for line in output.splitlines():
        if not line.startswith("list-sa event"):
            continue
        body = line[len("list-sa event"):].strip()
        if body.startswith("{") and body.endswith("}"):
            body = body[1:-1]  # the event itself is an anonymous section: '{name {...}}'
        for name, ike in parse_raw(body).items():
            if not isinstance(ike, dict):
                continue
            children = [dict(c, key=k) for k, c in (ike.get("child-sas") or {}).items() if isinstance(c, dict)]
            sas.append(dict(ike, name=name, children=children))
    return sas


# ---------------------------------------------------------------------------
# Running charon pairs
# ---------------------------------------------------------------------------
def charon_path():
    for path in CHARON_CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    raise RuntimeError("charon not found in %s: run tests/oracle/setup.sh" % ", ".join(CHARON_CANDIDATES))


def _run(cmd, check=True, timeout=30):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), proc.returncode, (proc.stderr or proc.stdout).strip()))
    return proc


def run(cmd, check=True, timeout=30):
    return _run(cmd, check=check, timeout=timeout)


def run_in(ns, cmd, timeout=30):
    return _run(["ip", "netns", "exec", ns] + list(cmd), timeout=timeout)


class Charon(object):
    """One charon in one namespace, with its own /run, vici socket and log."""

    def __init__(self, ns, workdir, log_path, install_routes=True):
        self.ns = ns
        self.install_routes = install_routes
        self.workdir = workdir
        self.rundir = os.path.join(workdir, "run")
        self.log_path = log_path
        self.conf = os.path.join(workdir, "strongswan.conf")
        self.swanctl_conf = os.path.join(workdir, "swanctl.conf")
        self.uri = "unix://%s/charon.vici" % self.rundir
        self.proc = None

    def start(self, swanctl_text):
        if os.path.isdir(self.workdir):
            shutil.rmtree(self.workdir)
        os.makedirs(self.rundir)
        with open(self.conf, "w") as handle:
            handle.write(strongswan_conf(self.rundir, self.log_path, self.install_routes))
        with open(self.swanctl_conf, "w") as handle:
            handle.write(swanctl_text)
        env = dict(os.environ, STRONGSWAN_CONF=self.conf)
        cmd = ["ip", "netns", "exec", self.ns, "unshare", "--mount", "--propagation", "private",
               "sh", "-c", 'mount --bind "$1" /run && exec "$2"', "sh", self.rundir, charon_path()]
        with open(os.path.join(self.workdir, "charon.stderr"), "w") as err:
            self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=err, start_new_session=True)
        deadline = time.time() + 10
        sock = os.path.join(self.rundir, "charon.vici")
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("charon in %s exited (%s): see %s" % (self.ns, self.proc.returncode, self.workdir))
            if os.path.exists(sock) and self.swanctl("--stats", check=False).returncode == 0:
                break
            time.sleep(0.02)
        else:
            raise RuntimeError("charon in %s did not open its vici socket" % self.ns)
        self.swanctl("--load-all", "--file", self.swanctl_conf)

    def swanctl(self, *args, **kw):
        return _run(["swanctl"] + list(args) + ["--uri", self.uri], check=kw.get("check", True),
                    timeout=kw.get("timeout", 30))

    def list_sas(self):
        out = self.swanctl("--list-sas", "--raw", check=False)
        return parse_list_sas(out.stdout) if out.returncode == 0 else []

    def log_text(self):
        try:
            with open(self.log_path) as handle:
                return handle.read()
        except (IOError, OSError):
            return ""

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None


def inner_addresses(end, peer):
    """Addresses an end needs inside its local selectors.

    kernel-libipsec routes a Child SA's remote selector into its TUN device with a
    source address taken from the (narrowed) local selector, and refuses to
    install the SA ("error installing route with policy") when the namespace
    has no address there.  So each end gets the first host of each of its local
    selectors and of each overlap with what the peer expects behind it; an end that takes any offer
    (accepts_any_selectors) also gets one in each network the peer may offer as its local side."""
    nets = []
    if end.accepts_any_selectors:
        nets += [ipaddress.ip_network(theirs.remote, strict=False) for theirs in peer.traffic_selectors or []]
    for own in end.traffic_selectors or []:
        local = ipaddress.ip_network(own.local, strict=False)
        nets.append(local)
        for theirs in peer.traffic_selectors or []:
            remote = ipaddress.ip_network(theirs.remote, strict=False)
            if remote.version == local.version and remote.overlaps(local):
                nets.append(remote if remote.prefixlen > local.prefixlen else local)
    out = []
    for net in nets:
        if net.prefixlen == 0:
            continue  # the outer address is inside it already
        host = net.network_address if net.num_addresses == 1 else net.network_address + 1
        cidr = "%s/%d" % (host, host.max_prefixlen)
        if cidr not in out:
            out.append(cidr)
    return out


NS_PREFIX = "vpo"
_STALE = re.compile(r"^%s(\d+)s\d+[ab]$" % NS_PREFIX)


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (IOError, OSError, IndexError):
        return False


def _kill_all_in(ns):
    for pid in _run(["ip", "netns", "pids", ns], check=False).stdout.split():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (OSError, ValueError):
            pass


def remove_stale_namespaces():
    """Namespaces (and their charons) left by an oracle run that was killed."""
    listing = _run(["ip", "netns", "list"], check=False).stdout
    for line in listing.splitlines():
        name = line.split()[0] if line.split() else ""
        m = _STALE.match(name)
        if not m or _alive(int(m.group(1))):
            continue
        _kill_all_in(name)
        _run(["ip", "netns", "del", name], check=False)


class Slot(object):
    """Two namespaces joined by a veth pair; runs one scenario direction at a time."""

    def __init__(self, index, base):
        self.index = index
        self.base = os.path.join(base, "slot%d" % index)
        self.prefix = "%s%ds%d" % (NS_PREFIX, os.getpid(), index)
        self.ns = {"a": self.prefix + "a", "b": self.prefix + "b"}
        self.charons = {}

    def create(self):
        self.destroy()
        for side, ns in self.ns.items():
            _run(["ip", "netns", "add", ns])
            _run(["ip", "-n", ns, "link", "set", "lo", "up"])
        _run(["ip", "link", "add", self.prefix + "va", "netns", self.ns["a"], "type", "veth",
              "peer", "name", self.prefix + "vb", "netns", self.ns["b"]])
        for side in ("a", "b"):
            dev = self.prefix + "v" + side
            _run(["ip", "-n", self.ns[side], "addr", "add", "%s/%d" % (ADDR[side], PREFIX_LEN), "dev", dev])
            _run(["ip", "-n", self.ns[side], "link", "set", dev, "up"])

    def destroy(self):
        """Charons stopped, anything else still running in the namespaces (bgpd, zebra, ping
        of a run that was interrupted) killed, namespaces deleted."""
        self.stop()
        for ns in self.ns.values():
            _kill_all_in(ns)
            _run(["ip", "netns", "del", ns], check=False)

    def veth(self, side):
        return self.prefix + "v" + side

    def start(self, conf_a, conf_b, log_a, log_b, addresses=None, install_routes=None):
        """``install_routes``: {side: False} for a route-based end (default True)."""
        self.stop()
        install_routes = install_routes or {}
        for side, ns in self.ns.items():
            _run(["ip", "-n", ns, "addr", "flush", "dev", "lo", "scope", "global"])
            for cidr in (addresses or {}).get(side, []):
                _run(["ip", "-n", ns, "addr", "add", cidr, "dev", "lo"])
        self.charons = {
            "a": Charon(self.ns["a"], os.path.join(self.base, "a"), log_a, install_routes.get("a", True)),
            "b": Charon(self.ns["b"], os.path.join(self.base, "b"), log_b, install_routes.get("b", True)),
        }
        self.charons["a"].start(conf_a)
        self.charons["b"].start(conf_b)
        return self.charons

    def stop(self):
        for charon in self.charons.values():
            charon.stop()
        self.charons = {}
