# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Configuration mode of ``CliSession``: lines that edit the stored text."""

from __future__ import annotations

from typing import List, Optional

from . import sections
from .failover import replicate
from .grammar import (ASA_VERSION, DEFAULT_ON, EXEC_IN_CONFIG, MODES, TOP_KEYWORDS, ModeSpec, _expand, check_top,
                      expand_exec, indent_of, norm, parent_mode, top_key)
from .reply import Reply
from .rules import Ctx, config_version, parse_version
from .store import ConfigStore


class ConfigMixin:
    """Configuration commands of ``CliSession``."""

    # -- configuration ------------------------------------------------------------------------
    def _config(self, tokens: List[str], raw: str, invalid) -> Reply:
        word = tokens[0]
        if word == "end":
            self.in_config = False
            self.stack = []
            return Reply()
        if word == "exit":
            if self.stack:
                self.stack.pop()
            else:
                self.in_config = False
            return Reply()
        if word == "exit-address-family":
            if not self.stack or self.stack[-1][0] != "config-router-af" or len(tokens) > 1:
                return invalid(0 if not self.stack or self.stack[-1][0] != "config-router-af" else 1)
            self.stack.pop()
            return Reply()
        if word not in TOP_KEYWORDS and word not in self._children():
            # privileged EXEC commands work in every configuration mode, abbreviated too (sh run)
            full = _expand(word, sorted(EXEC_IN_CONFIG))[0]
            if full is not None:
                word = full
        if word in EXEC_IN_CONFIG or tokens[:2] == ["no", "terminal"]:
            expanded, bad = expand_exec(tokens)[:2]
            return invalid(bad) if bad is not None else self._exec(expanded, invalid)
        if tokens[:2] == ["configure", "terminal"]:
            return Reply()
        if word == "ASA" or tokens[:2] == ["clear", "crypto"]:
            return Reply()
        scenario = self.device.scenario
        command = norm(raw)
        if scenario.rejects(command):
            return invalid(0)
        message = scenario.error_for(command)
        if message is not None:
            return Reply(message.rstrip("\n") + "\n", "error")
        with self.device.lock:
            reply = self._config_locked(tokens, invalid)
            if reply.result == "ok" and reply.changed:
                self.device.changed(self.username)
                if self.context is None:
                    replicate(self.device)  # an active unit's line reaches its standby mate (cli/failover.py)
        return reply

    def _children(self):
        spec = MODES.get(self.stack[-1][0]) if self.stack else None
        return spec.children or () if spec else ()

    def _config_locked(self, tokens: List[str], invalid) -> Reply:
        negated = tokens[0] == "no"
        body = tokens[1:] if negated else tokens
        offset = 1 if negated else 0
        if not body:
            return invalid(1)
        if tokens[:2] == ["clear", "configure"]:
            if len(tokens) < 3:
                return invalid(2)
            bad = check_top(tokens[2:], True)
            if bad is not None:
                return invalid(bad + 2)
            return self._changed(Reply(), self._store().remove_top(norm(" ".join(tokens[2:]))) > 0)
        # inside a sub-mode: a child of that mode, else a global command (which leaves the sub-mode)
        while self.stack:
            spec = MODES.get(self.stack[-1][0], ModeSpec(None))
            is_child = body[0] in spec.children if spec.children is not None else body[0] not in TOP_KEYWORDS
            if is_child:
                return self._child(body, negated, offset, spec, invalid)
            if body[0] in TOP_KEYWORDS:
                self.stack = []
                break
            # a command of an enclosing mode (``bgp router-id`` in address-family mode) goes back to it
            outer = [k for k, (mode, _offset) in enumerate(self.stack[:-1])
                     if body[0] in (getattr(MODES.get(mode), "children", None) or ())]
            if not outer:
                return invalid(offset)
            del self.stack[outer[-1] + 1:]
        return self._top(body, negated, offset, invalid)

    def _section_ctx(self) -> Ctx:
        version = config_version(self.device.stores[None]) or ASA_VERSION
        return Ctx(self._store(), parse_version(version), self.context is not None)

    @staticmethod
    def _edit_reply(edit, offset: int, invalid) -> Optional[Reply]:
        """The reply a section rule's Edit makes, or None when the (new) body is to be stored."""
        if edit is None or edit.body is not None and edit.invalid is None and edit.error is None \
                and edit.done is None:
            return None
        if edit.invalid is not None:
            return invalid(edit.invalid + offset)
        if edit.error is not None:
            return Reply(edit.error.rstrip("\n") + "\n", "error")
        reply = Reply()
        reply.changed = bool(edit.done)
        return reply

    @staticmethod
    def _changed(reply: Reply, changed: bool) -> Reply:
        reply.changed = changed
        return reply

    def _top(self, body: List[str], negated: bool, offset: int, invalid) -> Reply:
        bad = check_top(body, negated)
        if bad is not None:
            return invalid(bad + offset)
        store = self._store()
        edit = sections.top_edit(self._section_ctx(), body, negated)
        reply = self._edit_reply(edit, offset, invalid)
        if reply is not None:
            return reply
        if edit is not None:
            body = edit.body
        line = " ".join(body)
        mode = parent_mode(line)
        reply = self._top_edit(store, body, negated, line, mode)
        if reply.changed and not negated:
            sections.tidy(store, store.find_top(line))
        return reply

    def _top_edit(self, store: ConfigStore, body: List[str], negated: bool, line: str, mode: Optional[str]) -> Reply:
        if negated:
            i = store.find_top(line)
            if body[0] in ("object", "object-group") and len(body) >= 3:
                i = i if i is not None else next(
                    (j for j in store.top_level() if store.lines[j].split()[:3] == body[:3]), None)
                if i is not None and store.references(body[2], (i, store.block_end(i))):
                    if body[0] == "object":
                        return Reply("ERROR: unable to delete object (%s). Object is being used.\n" % body[2], "error")
                    return Reply("Removing object-group (%s) not allowed, it is being used.\n" % body[2], "error")
            removed = store.remove_top(line)
            if not removed and any(line.startswith(d) for d in DEFAULT_ON) and store.find_top("no " + line) is None:
                store.insert_top("no " + line)
                removed = 1
            return self._changed(Reply(), removed > 0)
        if mode:
            if body[0] == "tunnel-group" and not any(
                    store.lines[i].split()[:3] == ["tunnel-group", body[1], "type"] for i in store.top_level()):
                return Reply("ERROR: tunnel-group %s has not been created; configure 'tunnel-group %s type' first\n"
                             % (body[1], body[1]), "error")
            if body[0] == "group-policy" and not any(
                    store.lines[i].split()[:2] == ["group-policy", body[1]] and store.lines[i].split()[2:3] in
                    (["internal"], ["external"]) for i in store.top_level()):
                return Reply("ERROR: group-policy %s does not exist\n" % body[1], "error")
            changed = False
            if store.find_top(line) is None:
                sections.created(store, store.insert_top(line))
                changed = True
            self.stack = [(mode, line)]
            return self._changed(Reply(), changed)
        no_form = store.find_top("no " + line)
        if no_form is not None:
            store.remove_block(no_form)
            if any(line.startswith(d) for d in DEFAULT_ON):
                return self._changed(Reply(), True)  # back to the default, which is not shown
        changed = self._put_line(store, None, line, top_key(body)) or no_form is not None
        if body[0] == "hostname" and self.context is None and len(body) > 1:
            self.device.hostname = body[1]
        return self._changed(Reply(), changed)

    def _put_line(self, store: ConfigStore, parent: Optional[int], line: str, key: Optional[str],
                  keyfn=None) -> bool:
        """Add ``line`` (top-level when parent is None, else a child of ``parent``) unless present;
        a line with the same key replaces the old one in place."""
        def key_of(text):
            return top_key(text.split()) if parent is None else keyfn(text.split())

        if parent is None:
            first = line.split(" ", 1)[0]  # a same-key line starts with the same word: skip the rest
            indexes = [i for i in store.top_level() if store.lines[i].startswith(first)]
            prefix = ""
        else:
            indexes = store.children(parent)
            prefix = " " * store.child_indent(parent)
        if any(norm(store.lines[i]) == line for i in indexes):
            return False
        same = [i for i in indexes if key is not None and key_of(store.lines[i]) == key]
        if same:
            store.lines[same[0]] = prefix + line
            for i in reversed(same[1:]):
                store.remove_block(i)
            return True
        if parent is None:
            store.insert_top(line)
        else:
            store.lines.insert(store.block_end(parent), prefix + line)
        return True

    def _child(self, body: List[str], negated: bool, offset: int, spec: ModeSpec, invalid) -> Reply:
        bad = spec.check(body, negated)
        if bad is not None:
            return invalid(bad + offset)
        store = self._store()
        path = [entry[1] for entry in self.stack]
        parent = store.resolve(path)
        if parent is None:  # another session removed it: recreate the chain
            parent = store.find_top(path[0])
            if parent is None:
                parent = store.insert_top(path[0])
            for name in path[1:]:
                kids = [j for j in store.children(parent) if norm(store.lines[j]) == name]
                if kids:
                    parent = kids[0]
                else:
                    at = store.block_end(parent)
                    store.lines.insert(at, " " * store.child_indent(parent) + name)
                    parent = at
        edit = sections.child_edit(self._section_ctx(), self.stack[-1][0], parent, body, negated)
        reply = self._edit_reply(edit, offset, invalid)
        if reply is None:
            if edit is not None:
                body = edit.body
            reply = self._child_edit(store, parent, body, negated, spec)
        if reply.changed:
            sections.tidy(store, store.find_top(path[0]))
        return reply

    def _child_edit(self, store: ConfigStore, parent: int, body: List[str], negated: bool, spec: ModeSpec) -> Reply:
        line = " ".join(body)
        sub = next((m for regex, m in spec.sub_parents if regex.match(line)), None)
        kids = store.children(parent)
        if negated:
            exact = [j for j in kids if norm(store.lines[j]) == line]
            if exact:
                store.remove_block(exact[0])
                return self._changed(Reply(), True)
            prefixed = [j for j in kids if norm(store.lines[j]).startswith(line + " ")]
            if prefixed:
                for j in reversed(prefixed):
                    store.remove_block(j)
                return self._changed(Reply(), True)
            return self._changed(Reply(), self._remove_values(store, kids, body, spec))
        if sub:
            changed = False
            if not any(norm(store.lines[j]) == line for j in kids):
                store.lines.insert(store.block_end(parent), " " * store.child_indent(parent) + line)
                changed = True
            self.stack.append((sub, line))
            return self._changed(Reply(), changed)
        changed = self._put_line(store, parent, line, spec.key(body), spec.key)
        no_form = [j for j in store.children(parent) if norm(store.lines[j]) == "no " + line]
        for j in reversed(no_form):
            store.remove_block(j)
        return self._changed(Reply(), changed or bool(no_form))

    @staticmethod
    def _remove_values(store: ConfigStore, kids: List[int], body: List[str], spec: ModeSpec) -> bool:
        """``no encryption aes`` on ``encryption aes-256 aes`` leaves ``encryption aes-256``."""
        key = spec.key(body)
        if key is None:
            return False
        width = len(key.split())
        for j in kids:
            tokens = store.lines[j].split()
            if spec.key(tokens) == key and tokens[:width] == body[:width]:
                values = [v for v in tokens[width:] if v not in body[width:]]
                if values == tokens[width:]:
                    return False
                if values:
                    store.lines[j] = " " * indent_of(store.lines[j]) + " ".join(tokens[:width] + values)
                else:
                    store.remove_block(j)
                return True
        return False
