# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a command produced."""

from __future__ import annotations


class Reply:
    """What a command produced: text, log result, and what happens to the prompt."""

    def __init__(self, text: str = "", result: str = "ok", prompt: bool = True, close: bool = False):
        self.text = text
        self.result = result
        self.prompt = prompt
        self.close = close
        self.changed = False  # the configuration changed (the state file is rewritten)
