# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The configuration as text: blocks, sections, and where a new line goes."""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from .grammar import REFERRING_WORDS, indent_of, mask_secrets, norm, section_rank


# ---------------------------------------------------------------------------------------------
# Configuration store
# ---------------------------------------------------------------------------------------------

class ConfigStore:
    """Configuration text as lines; blocks are a line plus the following more-indented lines."""

    def __init__(self, text: str = ""):
        self.set_text(text)

    def set_text(self, text: str) -> None:
        text = (text or "").replace("\r\n", "\n").replace("\r", "\n").expandtabs(1)
        lines = [line.rstrip() for line in text.split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        self.lines: List[str] = lines

    def text(self) -> str:
        return "\n".join(self.lines) + ("\n" if self.lines else "")

    # -- navigation ---------------------------------------------------------------------------
    def block_end(self, i: int) -> int:
        depth = indent_of(self.lines[i])
        j = i + 1
        while j < len(self.lines) and self.lines[j].strip() and indent_of(self.lines[j]) > depth:
            j += 1
        return j

    def children(self, i: int) -> List[int]:
        """Indexes of the direct children of line ``i``."""
        end = self.block_end(i)
        if end == i + 1:
            return []
        child_depth = min(indent_of(self.lines[j]) for j in range(i + 1, end))
        return [j for j in range(i + 1, end) if indent_of(self.lines[j]) == child_depth]

    def child_indent(self, i: int) -> int:
        kids = self.children(i)
        return indent_of(self.lines[kids[0]]) if kids else indent_of(self.lines[i]) + 1

    def top_level(self) -> List[int]:
        # lines are right-stripped, so a non-empty line that does not start with a space is top-level
        return [i for i, line in enumerate(self.lines) if line and line[0] != " "]

    def find_top(self, line_norm: str) -> Optional[int]:
        first = line_norm.split(" ", 1)[0]
        for i in self.top_level():
            line = self.lines[i]
            if line.startswith(first) and norm(line) == line_norm:
                return i
        return None

    def resolve(self, path: Sequence[str]) -> Optional[int]:
        """Index of the block named by ``path`` (normalised parent lines from the top), or None."""
        index = self.find_top(path[0])
        for name in path[1:]:
            if index is None:
                return None
            index = next((j for j in self.children(index) if norm(self.lines[j]) == name), None)
        return index

    def sections(self, words: Sequence[str], masked: bool, nat_objects: bool = False) -> List[str]:
        """``show running-config <words>``: matching top-level blocks."""
        out: List[str] = []
        for i in self.top_level():
            tokens = self.lines[i].split()
            end = self.block_end(i)
            if tokens[:len(words)] == list(words):
                out.extend(self.lines[i:end])
            elif nat_objects and tokens[:1] == ["object"]:
                nats = [self.lines[j] for j in self.children(i) if self.lines[j].split()[:1] == ["nat"]]
                if nats:
                    out.append(self.lines[i])
                    out.extend(nats)
        return [mask_secrets(line) for line in out] if masked else out

    # -- edits --------------------------------------------------------------------------------
    def remove_block(self, i: int) -> None:
        del self.lines[i:self.block_end(i)]

    def remove_top(self, line_norm: str) -> int:
        """Remove the top-level block equal to ``line_norm``, else every block it prefixes."""
        i = self.find_top(line_norm)
        if i is not None:
            self.remove_block(i)
            return 1
        removed = 0
        for i in reversed(self.top_level()):
            if norm(self.lines[i]).startswith(line_norm + " "):
                self.remove_block(i)
                removed += 1
        return removed

    def insert_top(self, new_line: str) -> int:
        """Insert a top-level line where an ASA would show it; return its index."""
        index = self._insert_index(new_line.split())
        self.lines.insert(index, new_line)
        return index

    def _insert_index(self, tokens: List[str]) -> int:
        tops = [i for i in self.top_level() if not self.lines[i].startswith((":", "!"))]
        ordered = self._ordered_index(tokens, tops)
        if ordered is not None:
            return ordered
        best, best_len = None, 0
        for i in tops:
            other = self.lines[i].split()
            common = 0
            while common < min(len(other), len(tokens)) and other[common] == tokens[common]:
                common += 1
            if common >= best_len and common > 0:
                best, best_len = i, common
        if best is not None:
            return self.block_end(best)
        rank = section_rank(tokens)
        for i in tops:
            if section_rank(self.lines[i].split()) > rank:
                return i
        return self._end_index()

    def _ordered_index(self, tokens, tops) -> Optional[int]:
        """Crypto map entries sort by sequence number, IKE policies by priority; prefix-list and
        route-map entries by sequence within their name, IPsec profiles after the proposals,
        tunnel interfaces by number after the other interfaces."""
        special = self._routing_index(tokens, tops)
        if special is not None:
            return special
        if tokens[:2] == ["crypto", "map"] and len(tokens) > 4 and tokens[3].isdigit():
            family = [i for i in tops if self.lines[i].split()[:3] == tokens[:3]]
            same = [i for i in family if self.lines[i].split()[3:4] == tokens[3:4]]
            if same:
                return self.block_end(same[-1])
            for i in family:
                word = self.lines[i].split()[3]
                if word == "interface" or (word.isdigit() and int(word) > int(tokens[3])):
                    return i
            return self.block_end(family[-1]) if family else None
        if tokens[:3] in (["crypto", "ikev2", "policy"], ["crypto", "ikev1", "policy"]) and len(tokens) == 4:
            family = [i for i in tops if self.lines[i].split()[:3] == tokens[:3] and len(self.lines[i].split()) == 4]
            for i in family:
                if self.lines[i].split()[3].isdigit() and int(self.lines[i].split()[3]) > int(tokens[3]):
                    return i
            return self.block_end(family[-1]) if family else None
        return None

    def _by_sequence(self, family: List[int], seq_at: int, seq: int) -> Optional[int]:
        for i in family:
            word = self.lines[i].split()[seq_at]
            if word.isdigit() and int(word) > seq:
                return i
        return self.block_end(family[-1]) if family else None

    def _routing_index(self, tokens, tops) -> Optional[int]:
        if tokens[0] == "prefix-list" and len(tokens) > 3 and tokens[2] == "seq" and tokens[3].isdigit():
            family = [i for i in tops if self.lines[i].split()[:3] == tokens[:3] and len(self.lines[i].split()) > 3]
            return self._by_sequence(family, 3, int(tokens[3]))
        if tokens[0] == "route-map" and len(tokens) == 4 and tokens[3].isdigit():
            family = [i for i in tops if self.lines[i].split()[:2] == tokens[:2] and len(self.lines[i].split()) == 4]
            return self._by_sequence(family, 3, int(tokens[3]))
        if tokens[:3] == ["crypto", "ipsec", "profile"]:
            family = [i for i in tops if self.lines[i].split()[:3] == tokens[:3]]
            proposals = [i for i in tops if self.lines[i].split()[:4] in (
                ["crypto", "ipsec", "ikev2", "ipsec-proposal"], ["crypto", "ipsec", "ikev1", "transform-set"])]
            last = (family or proposals)[-1:]
            return self.block_end(last[0]) if last else None
        if tokens[0] == "interface" and len(tokens) == 2 and re.match(r"^Tunnel\d+$", tokens[1]):
            interfaces = [i for i in tops if self.lines[i].split()[:1] == ["interface"]]
            for i in interfaces:
                other = self.lines[i].split()[1:2]
                if other and re.match(r"^Tunnel\d+$", other[0]) and int(other[0][6:]) > int(tokens[1][6:]):
                    return i
            return self.block_end(interfaces[-1]) if interfaces else None
        return None

    def _end_index(self) -> int:
        """Before a trailing ``: end`` if there is one."""
        j = len(self.lines)
        while j > 0 and not self.lines[j - 1].strip():
            j -= 1
        if j > 0 and norm(self.lines[j - 1]) == ": end":
            return j - 1
        return len(self.lines)

    def references(self, name: str, exclude: Tuple[int, int]) -> bool:
        """Is object/object-group ``name`` used by an ACL, NAT or object-group line?"""
        for i, line in enumerate(self.lines):
            if exclude[0] <= i < exclude[1]:
                continue
            tokens = line.split()
            if not tokens or tokens[0] not in REFERRING_WORDS:
                continue
            if name in tokens[1:]:
                return True
        return False
