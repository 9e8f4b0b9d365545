# -*- coding: utf-8 -*-
"""secrets.redact over what SSH clients say about a device's host key (review E2): "host key mismatch" read
"host key *****", the very message that warns of a replaced device or a man in the middle. Their words stay; a
secret after a bare ``key`` is still masked, also after a host named "host"."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import redact

SECRET = "Zq81-xw!S3cr"


@pytest.mark.parametrize("prose", [
    "host key mismatch for 127.0.0.1",  # paramiko (ansible-core's paramiko_ssh)
    "Host key verification failed.",  # OpenSSH
    "The ssh-ed25519 key fingerprint is SHA1:S1wScikPxC1gSB61eU2iAw8Kid4.",  # libssh
    "ECDSA key fingerprint is SHA256:0aB+c/1d.",
    "Host key for server 127.0.0.1 changed",
])
def test_ssh_prose_about_the_host_key_keeps_its_words(prose):
    assert redact(prose) == prose


@pytest.mark.parametrize("line", [
    "aaa-server RAD (inside) host 10.1.1.1 key %s",
    "aaa-server RAD (inside) host host key %s",  # a server named "host"
    "aaa-server RAD (inside) host host key for@%s",  # ... and a secret that starts like a word of SSH's prose
    " key %s",
    "key fingerprint%s",
    "tacacs-server host 10.1.1.1 key %s",
])
def test_a_secret_after_a_bare_key_is_still_masked(line):
    out = redact(line % SECRET)
    assert SECRET not in out and "*****" in out, out
