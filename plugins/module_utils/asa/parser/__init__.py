# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse an ASA ``show running-config`` / ``more system:running-config`` into ``AsaConfig``.

One pass over the lines, no regular expressions, dictionary lookups only: the
cost is linear in the size of the config. Works on text as saved or pasted:
indented or flattened (indentation lost), LF or CRLF, with pager remnants
(``<--- More --->`` and the backspaces/spaces that erase it), trailing spaces,
``: Saved`` / ``: end`` / ``!`` lines.

Layout, one module per section behind one dispatch table (``dispatch``):
``lines`` (cleaning, redaction), ``values`` (addresses, numbers, keywords), ``core`` (driver,
blocks, findings), ``references`` (reference and group-cycle checks at the end), ``detect`` (is this an ASA config at all), and the
sections ``system`` (hostname, ASA Version, sysopt), ``interfaces`` (incl. VTIs), ``objects``
(name, object, object-group, access-list), ``nat``, ``crypto_ipsec`` (proposals, transform-sets,
IPsec profiles), ``crypto_maps``, ``ike`` (IKE policies, enable), ``tunnel_groups``
(tunnel-group, group-policy), ``routing`` (route, prefix-list, route-map, other protocols) and
``bgp``.

``parse_running_config`` never raises on bad input. Problems in commands that are modelled
become findings (``INVALID_VALUE``, ``UNDEFINED_REFERENCE``), constructs recognised but not
modelled become ``UNSUPPORTED_CONSTRUCT``, phase "config", with evidence
``{"asa": {"lines": [...], "context": {"kind", "name"[, "seq"]}, ...}}``; ``context`` names the
record holding the line, so the adapter can scope the finding to the tunnels that use that
record. ``parse_asa_config`` raises ``NotAsaConfig`` for text that is no ASA configuration.
Pre-shared keys (and BGP passwords) are never stored: a clear key is reduced to the digest made
by the optional ``psk_digest`` callable, and stored line texts show ``*****`` instead.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.core import (  # noqa: F401
    TOP_LEVEL_WORDS,
    ParserCore,
    _Block,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.detect import NotAsaConfig  # noqa: F401
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.dispatch import (  # noqa: F401
    _Parser,
    parse_asa_config,
    parse_running_config,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import (  # noqa: F401
    MASK,
    PAGER_MARKERS,
    clean_line,
    split_lines,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import redact as _redact  # noqa: F401
