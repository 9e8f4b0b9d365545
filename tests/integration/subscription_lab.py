# -*- coding: utf-8 -*-
"""The ARM lab with several subscriptions, as the subscription-choice tests drive it: three subscriptions holding the
seed's resources (their states set with the lab's ``subscription_states`` fault), a managed identity's environment,
and a playbook run whose saved result is read back, the run checked for the client secret and for tracebacks.
States: Azure REST API "Subscriptions - List" (SubscriptionState)."""

import contextlib
import json
import textwrap

from arm_https.lab import start_arm_lab  # noqa: E402  (tests/lab is on sys.path: tests/integration/conftest.py)

SEED = "examples/seed-asa-azure-pfs/azure_resources.json"
# listed in this order (the lab lists its subscriptions sorted)
SUB_A = "11111111-0000-4000-8000-00000000000a"
SUB_B = "22222222-0000-4000-8000-00000000000b"
SUB_C = "33333333-0000-4000-8000-00000000000c"

SAVED_PLAY = """---
- name: %(title)s
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    azure_args: {}
  tasks:
    - name: Run the task, keeping its result when it fails
      block:
        - name: %(task)s
%(module)s
          register: result
      always:
        - name: Save the result for the test
          check_mode: false
          ansible.builtin.copy:
            content: "{{ result | to_json }}"
            dest: "{{ result_file }}"
            mode: "0600"
"""


def saved_play(title, task, module):
    """A play of one task on localhost, ``module`` (its YAML: the module and its arguments), whose result is saved
    to ``result_file`` even when it fails, so that the test reads the failure's msg and error_code (run_saved)."""
    return SAVED_PLAY % {"title": title, "task": task,
                         "module": textwrap.indent(textwrap.dedent(module).strip("\n"), " " * 10)}


@contextlib.contextmanager
def three_subscriptions(repo_root, secret):
    """An ARM lab whose subscriptions SUB_A, SUB_B and SUB_C each hold the seed's resources."""
    seed = "%s/%s" % (repo_root, SEED)
    with start_arm_lab({SUB_A: seed, SUB_B: seed, SUB_C: seed}, client_secret=secret) as running:
        yield running


def lab_env(no_azure_env, lab, secret, identity=True):
    """The lab's cloud and CA and nothing else from the machine; with ``identity``, azure-identity's App Service
    managed identity (the lab's /msi/token), else the service principal's variables."""
    env = dict(no_azure_env, AZURE_CLOUD_ENVIRONMENT=lab.base_url, REQUESTS_CA_BUNDLE=lab.ca_file,
               NO_PROXY="127.0.0.1,localhost")
    if identity:
        env.update(IDENTITY_ENDPOINT=lab.base_url + "/msi/token", IDENTITY_HEADER=secret)
    else:
        env.update(AZURE_CLIENT_ID=lab.client_id, AZURE_SECRET=secret, AZURE_TENANT=lab.tenant,
                   AZURE_AUTHORITY_HOST=lab.authority)
    return env


def run_saved(run_playbook, playbook, extravars, env, secret, fails=False, args=(), timeout=600):
    """Run ``playbook``, which saves its task's result to ``result_file`` (a new file each run in the playbook's
    folder): (that result, the run's output). The run shows neither ``secret`` nor a traceback, and the task failed
    exactly when ``fails``."""
    folder = playbook.parent
    result_file = folder / ("result-%d.json" % len(list(folder.glob("result-*.json"))))
    proc = run_playbook(str(playbook), dict(extravars, result_file=str(result_file)), env=env, args=list(args),
                        check=not fails, timeout=timeout)
    output = proc.stdout + proc.stderr
    assert secret not in output and "Traceback" not in output, proc
    result = json.loads(result_file.read_text())
    assert bool(result.get("failed")) == fails, result
    return result, output


def subscriptions_read(lab):
    """The subscriptions whose resources a request went to (not the subscription list)."""
    return sorted({r["path"].split("/")[2] for r in lab.requests() if r["path"].startswith("/subscriptions/")})
