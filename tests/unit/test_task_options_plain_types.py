# -*- coding: utf-8 -*-
"""A value from a playbook or -e reaches the controller-side steps as one of ansible-core's tagged types, and a bad one
was refused naming "<class 'ansible.module_utils._internal._datatag._AnsibleTaggedStr'>" (review 2026-12-06 H6:
compliance_timeline_throughput_mbps=fast). The message names the type a user wrote."""

import pytest
from ansible._internal._datatag._tags import Origin
from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.plugin_utils.task_options import validated_options


def test_a_tagged_value_of_the_wrong_type_is_named_by_its_plain_type():
    given = Origin(path="/srv/awx/vars.yml", line_num=3).tag("fast")
    with pytest.raises(AnsibleActionFail) as refused:
        validated_options("vpn_compat_check", {"timeline_throughput_mbps": {"type": "float"}},
                          {"timeline_throughput_mbps": given})
    said = "%s" % refused.value
    assert said.startswith("vpn_compat_check: argument 'timeline_throughput_mbps' is of type str and we were unable")
    assert "_AnsibleTagged" not in said and "<class" not in said
