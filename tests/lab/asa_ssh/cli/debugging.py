# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Debugging on the lab ASA: ``debug crypto ikev2 protocol|platform [1-255]``, ``no debug ...``,
``undebug ...``, ``show debug``, ``terminal [no] monitor``, ``show logging`` and the debug lines a
session with the monitor on sees.

As on an ASA, debug levels belong to the device (they outlive the SSH session that set them: the
next session reads them with ``show debug``) and the monitor belongs to the session. Levels are
1-255 and default to 1 (ASA command reference, ``debug crypto ikev2``). Debug output reaches an SSH
session only with ``terminal monitor``; here it arrives a few lines after each command, before the
prompt (a real ASA writes it whenever it happens, which a CLI client reads with the next reply).
A line tagged ``IKEv2-PROTO-N`` (``IKEv2-PLAT-N``) shows when the protocol (platform) level is N or
more; untagged lines follow the last tagged one (shown with any debug before the first).

Scenario keys: ``debug_levels`` (``{"crypto ikev2 protocol": 1}``: on before the first session),
``debug_lines`` (list of lines; default the excerpt below), ``debug_chunk`` (lines
per reply, default 12), ``debug_drop_after_lines`` (the TCP connection closes once a session has
been sent that many debug lines: a session lost mid-capture). Output starts with the first command after
the debug and monitor commands (whose own replies carry none)., ``logging_buffer`` (lines of ``show
logging``; default the three below).
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

from .reply import Reply

DEBUG_KINDS = ("protocol", "platform")
DEFAULT_LEVEL = 1
MAX_LEVEL = 255
_TAG = re.compile(r"IKEv2-(PROTO|PLAT)-(\d+):")

# The lab's own values (ASA 198.51.100.10, Azure gateway 203.0.113.20): Azure starts CREATE_CHILD_SA
# with KE group 19, the ASA (no PFS) answers INVALID_KE_PAYLOAD. Shaped like the seed case's debug.
DEBUG_EXCERPT = """\
Nov 30 05:12:07 [IKEv1]IKE Receiver: Packet received on 198.51.100.10:500 from 203.0.113.20:500
IKEv2-PLAT-3: RECV PKT [CREATE_CHILD_SA] [203.0.113.20]:500->[198.51.100.10]:500 InitSPI=0x5a1b2c3d4e5f6071 RespSPI=0x8192a3b4c5d6e7f8 MID=00000004
IKEv2-PROTO-2: (17): Received Packet [From 203.0.113.20:500/To 198.51.100.10:500/VRF i0:f0]
(17): Initiator SPI : 5A1B2C3D4E5F6071 - Responder SPI : 8192A3B4C5D6E7F8 Message id: 4
(17): IKEv2 CREATE_CHILD_SA Exchange REQUESTIKEv2-PROTO-3: (17): Next payload: ENCR, version: 2.0 \
(17): Exchange type: CREATE_CHILD_SA, flags: INITIATOR (17): Message id: 4, length: 304(17):
IKEv2-PROTO-5: Parse Notify Payload: REKEY_SA NOTIFY(REKEY_SA) Next payload: SA, reserved: 0x0, length: 12
type: 4, reserved: 0x0, id: DH_GROUP_256_ECP/Group 19
N Next payload: TSi, reserved: 0x0, length: 52
0a 1b 2c 3d 4e 5f 60 71 82 93 a4 b5 c6 d7 e8 f9
KE Next payload: NONE, reserved: 0x0, length: 72
DH group: 19, Reserved: 0x0
11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00
IKEv2-PROTO-2: (17): Processing CREATE_CHILD_SA exchange
IKEv2-PROTO-1: (17): The peer's KE payload contained the wrong DH group
IKEv2-PROTO-2: (17): Sending invalid ke notification, peer sent group 19, local policy prefers group 0
IKEv2-PROTO-5: Construct Notify Payload: INVALID_KE_PAYLOADIKEv2-PROTO-2: (17): Building packet for encryption.
(17): NOTIFY(INVALID_KE_PAYLOAD)(17): Next payload: NONE, reserved: 0x0, length: 10
(17): Security protocol id: ESP, spi size: 0, type: INVALID_KE_PAYLOAD
IKEv2-PROTO-2: (17): Sending Packet [To 203.0.113.20:500/From 198.51.100.10:500/VRF i0:f0]
(17): Initiator SPI : 5A1B2C3D4E5F6071 - Responder SPI : 8192A3B4C5D6E7F8 Message id: 4
(17): IKEv2 CREATE_CHILD_SA Exchange RESPONSEIKEv2-PROTO-3: (17): Next payload: ENCR, version: 2.0 \
(17): Exchange type: CREATE_CHILD_SA, flags: RESPONDER MSG-RESPONSE (17): Message id: 4, length: 80(17):
IKEv2-PLAT-3: (17): SENT PKT [CREATE_CHILD_SA] [198.51.100.10]:500->[203.0.113.20]:500 InitSPI=0x5a1b2c3d4e5f6071 RespSPI=0x8192a3b4c5d6e7f8 MID=00000004
IKEv2-PROTO-1: (17): Create child exchange failed
IKEv2-PROTO-2: (17): IPSec SA create failed
IKEv2-PLAT-1: (17): Child SA rekey failure reported for SPI 0x2B3C4D5E.
""".splitlines()

LOGGING_BUFFER = [
    "Nov 30 2026 05:12:07: %ASA-4-750003: Local:198.51.100.10:500 Remote:203.0.113.20:500 Username:203.0.113.20 "
    "IKEv2 Negotiation aborted due to ERROR: Detected unsupported failover version",
    "Nov 30 2026 05:12:07: %ASA-5-750007: Local:198.51.100.10:500 Remote:203.0.113.20:500 Username:203.0.113.20 "
    "IKEv2 SA DOWN. Reason: unknown",
    "Nov 30 2026 05:12:09: %ASA-6-302015: Built outbound UDP connection 4711 for outside:203.0.113.20/500 "
    "(203.0.113.20/500) to identity:198.51.100.10/500 (198.51.100.10/500)",
]


def debug_levels(device) -> Dict[str, int]:
    """The device's debug levels (``{"crypto ikev2 protocol": 127}``), made on first use."""
    levels = getattr(device, "debug_levels", None)
    if levels is None:
        # scenario ``debug_levels``: what another administrator left on before the first session
        initial = device.scenario.data.get("debug_levels") or {}
        levels = device.debug_levels = dict((str(k), int(v)) for k, v in initial.items())
    return levels


class DebugMixin:
    """Debug commands of ``CliSession``."""

    monitor = False
    debug_sent = 0  # debug lines sent to this session
    debug_source_at = 0  # lines of the source gone by while this session watched

    def _debug(self, t: List[str], invalid) -> Reply:
        """``debug crypto ikev2 protocol|platform [level]``; ``no debug ...`` and ``undebug ...``."""
        remove = t[0] == "undebug" or t[0] == "no"
        words = t[2:] if t[0] == "no" else t[1:]
        base = 1 if t[0] != "no" else 2
        levels = debug_levels(self.device)
        if remove and words == ["all"]:
            with self.device.lock:
                levels.clear()
                self.device.write_state()
            return Reply()
        if not words:
            return invalid(base)
        if words[0] != "crypto":
            return invalid(base)
        if len(words) < 2 or words[1] != "ikev2":
            return invalid(base + 1) if len(words) >= 2 else Reply("ERROR: % Incomplete command\n", "error")
        if len(words) < 3:
            return Reply("ERROR: % Incomplete command\n", "error")
        if words[2] not in DEBUG_KINDS:
            return invalid(base + 2)
        key = "crypto ikev2 " + words[2]
        level = DEFAULT_LEVEL
        if len(words) > 4:
            return invalid(base + 4)
        if len(words) == 4:
            if not words[3].isdigit() or not 1 <= int(words[3]) <= MAX_LEVEL:
                return invalid(base + 3)
            level = int(words[3])
        with self.device.lock:
            if remove:
                levels.pop(key, None)
            else:
                levels[key] = level
            self.device.write_state()
        return Reply()

    def _show_debug(self) -> Reply:
        # one "debug <name> enabled at level N" line per debug on: the lab's rendering (Cisco TAC notes show
        # this shape; no full ASA `show debug` output was checked); asa_vpn_evidence reads the name and level
        levels = debug_levels(self.device)
        return Reply("".join("debug %s enabled at level %d\n" % (key, levels[key]) for key in sorted(levels)))

    def _show_logging(self) -> Reply:
        lines = self.device.scenario.data.get("logging_buffer")
        lines = LOGGING_BUFFER if lines is None else [str(x) for x in lines]
        head = ("Syslog logging: enabled\n    Facility: 20\n    Timestamp logging: enabled\n"
                "    Standby logging: disabled\n    Console logging: disabled\n    Monitor logging: level debugging, "
                "0 messages logged\n    Buffer logging: level debugging, %d messages logged\n" % len(lines))
        return Reply(head + "".join(line + "\n" for line in lines))

    def _debug_output(self, command: str) -> Optional[str]:
        """The next debug lines this session sees (monitor on, a debug on), or None; closes the session
        when ``debug_drop_after_lines`` is reached."""
        if not self.monitor or command.split()[0] in ("debug", "undebug", "no", "terminal"):
            return None
        levels = debug_levels(self.device)
        protocol, platform = levels.get("crypto ikev2 protocol", 0), levels.get("crypto ikev2 platform", 0)
        if not protocol and not platform:
            return None
        data = self.device.scenario.data
        source = data.get("debug_lines")
        source = DEBUG_EXCERPT if source is None else [str(x) for x in source]
        # the next ``debug_chunk`` lines of the source (events go by whether shown or not), those the
        # levels show
        chunk = max(1, int(data.get("debug_chunk", 12)))
        start = self.debug_source_at
        show = True  # untagged lines before the first tag: shown with any debug
        for line in source[:start]:
            tag = _TAG.match(line)
            if tag:
                show = int(tag.group(2)) <= (protocol if tag.group(1) == "PROTO" else platform)
        lines = []
        for line in source[start:start + chunk]:
            tag = _TAG.match(line)
            if tag:
                show = int(tag.group(2)) <= (protocol if tag.group(1) == "PROTO" else platform)
            if show:
                lines.append(line)
        self.debug_source_at = min(len(source), start + chunk)
        drop = data.get("debug_drop_after_lines")
        if drop and self.debug_sent + len(lines) >= int(drop):
            lines = lines[:max(0, int(drop) - self.debug_sent)]
            self.debug_sent += len(lines)
            self.write("".join(line + "\n" for line in lines))
            self.device.log(self.number, self.mode(), "<debug output>", "ok", dropped=True)
            self.close(abrupt=True)
            return ""
        self.debug_sent += len(lines)
        return "".join(line + "\n" for line in lines) if lines else None
