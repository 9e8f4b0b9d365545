# -*- coding: utf-8 -*-
"""The facts' line count (``counts.lines``) is what ``len(text.splitlines())`` says, also where the fast count
(ASCII text broken at LF only; issue 12, fourth pass) does not apply."""

import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text, line_count

CONFIG = "ASA Version 9.16(4)\nhostname gw\ninterface G0\n nameif outside\n"


def test_line_count_is_what_splitlines_counts():
    pieces = ["a", "b c", " ", "\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
              "\u2028", "\u2029", "é", ""]
    rng = random.Random(12)
    texts = ["", "\n", "x", "x\n", "x\ny", "\n\nx\n\n"]
    texts += ["".join(rng.choice(pieces) for _piece in range(rng.randint(0, 12))) for _case in range(3000)]
    for text in texts:
        assert line_count(text) == len(text.splitlines()), repr(text)


def test_facts_count_the_lines_of_the_config():
    for text in (CONFIG, CONFIG.rstrip("\n"), CONFIG.replace("\n", "\r\n"), CONFIG + "\n\n"):
        assert asa_facts_from_text(text)["counts"]["lines"] == len(text.splitlines())
