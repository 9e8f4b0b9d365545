# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The seed case, live: `make demo` runs this after the offline check.

Starts the two labs of tests/lab - an SSH server that behaves like the ASA CLI, loaded with
examples/seed-asa-azure-pfs/asa_running_config.txt, and an HTTPS stand-in for Azure Resource
Manager loaded with azure_resources.json - writes an inventory, and runs playbooks/align.yml
four times:

  1. check           align_to=none     fails: PFS_MISMATCH
  2. align           (default: safest) per finding the end whose proven fix is safest: the ASA
                                       takes Azure's PFS group, Azure raises its 2048 KB data
                                       lifetime (the ASA is never lowered to it)
  3. check           align_to=none     passes
  4. align again     (default: safest) nothing left to change

It prints the story (the role's own summary of each run, and what each lab received), then
stops the labs. Exit status 0 when the story went as told. `--keep` keeps the work directory
(inventory, reports, logs); `--verbose` prints the whole ansible-playbook output; `--record FILE`
writes per step what each lab received (JSON, for tests).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tests", "lab"))

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_lab  # noqa: E402  pylint: disable=wrong-import-position

SEED = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
PLAYBOOK = os.path.join(REPO, ".venv", "bin", "ansible-playbook")
# Made up for the demo: the labs check them like Entra ID and an ASA would.
CLIENT_SECRET = "demo-client-S3cret"
PRE_SHARED_KEY = "demo-Psk-4f1c9a"


def load_seed():
    with open(os.path.join(SEED, "asa_running_config.txt"), encoding="utf-8") as handle:
        # `show running-config` masks keys; the device itself holds one.
        config = handle.read().replace("pre-shared-key *****", "pre-shared-key " + PRE_SHARED_KEY)
    with open(os.path.join(SEED, "azure_resources.json"), encoding="utf-8") as handle:
        resources = json.load(handle)
    for resource in resources:
        if resource["type"].endswith("/connections"):
            resource["properties"]["sharedKey"] = PRE_SHARED_KEY
    return config, resources


def role_story(output):
    """The role's 'Result' message (its before / changes / after lines)."""
    match = re.search(r"TASK \[vpnalign\.s2s\.align : Result\].*?msg: \|-\n(.*?)(?:\n\n|\Z)", output, re.S)
    if not match:
        return []
    return [line[8:] if line.startswith(" " * 8) else line.strip() for line in match.group(1).splitlines()]


def wrapped(line, width=110):
    indent = " " * (len(line) - len(line.lstrip()))
    return textwrap.wrap(line, width, initial_indent="", subsequent_indent=indent + "    ",
                         break_on_hyphens=False) or [line]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--verbose", action="store_true", help="print the whole ansible-playbook output")
    parser.add_argument("--report-dir", default=os.path.join(REPO, "out", "demo", "align"),
                        help="where the align run writes its reports (default out/demo/align)")
    parser.add_argument("--record", help="write what each lab received per step to this JSON file")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="vpnalign-demo-")
    config, resources = load_seed()
    began = time.monotonic()
    failures = []
    with start_asa_lab(config, workdir=os.path.join(workdir, "asa")) as asa, \
            start_arm_lab(resources, client_secret=CLIENT_SECRET) as arm:
        inventory = asa.write_inventory(os.path.join(workdir, "inventory.json"), host="hq-asa",
                                        network_os="vpnalign.s2s.asa")
        print("Labs up: ASA lab ssh://127.0.0.1:%d (seed running-config), ARM lab %s (seed resources)"
              % (asa.port, arm.base_url))
        home = os.path.join(workdir, "home")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
        env.update({
            "ANSIBLE_CONFIG": os.path.join(REPO, "ansible.cfg"), "ANSIBLE_HOME": home, "HOME": home,
            "ANSIBLE_LOCAL_TEMP": os.path.join(home, "tmp"), "ANSIBLE_REMOTE_TEMP": os.path.join(home, "remote-tmp"),
            "ANSIBLE_NOCOLOR": "1",
            # What AWX's Azure credential injects, pointed at the lab.
            "AZURE_SUBSCRIPTION_ID": arm.subscription, "AZURE_CLIENT_ID": arm.client_id,
            "AZURE_SECRET": CLIENT_SECRET, "AZURE_TENANT": arm.tenant, "AZURE_CLOUD_ENVIRONMENT": arm.base_url,
            "AZURE_AUTHORITY_HOST": arm.authority, "REQUESTS_CA_BUNDLE": arm.ca_file,
        })
        if os.environ.get("VPNALIGN_TEST_ARTIFACTS"):  # under the tests: log_path on, for make secret-scan
            env["ANSIBLE_LOG_PATH"] = os.path.join(os.environ["VPNALIGN_TEST_ARTIFACTS"], "logs", "demo_labs.log")

        def condensed(story):
            """The diagnosis once is enough: later steps show 'before' as its counts only."""
            changes = [i for i, line in enumerate(story) if line.startswith("changes")]
            if step_count[0] == 1 or "before:" not in story[:1] or not changes:
                return story
            rest = changes[0]
            return ["before: " + story[1]] + story[rest:] if len(story) > 1 else story

        step_count = [0]
        record = []

        def run(step, title, align_to, expect_rc, report_dir=""):
            """One align.yml run; ``align_to`` None leaves the role's default (safest)."""
            step_count[0] = step
            asa.clear_log()
            arm.clear_requests()
            variables = {"align_asa_hosts": ["hq-asa"], "align_azure": {"resource_group": "RG"},
                         "align_report_dir": report_dir}
            if align_to is not None:
                variables["align_to"] = align_to
            command = [PLAYBOOK, "playbooks/align.yml", "-i", inventory, "-e", json.dumps(variables)]
            started = time.monotonic()
            proc = subprocess.run(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, check=False)
            output = proc.stdout + proc.stderr
            print("\n== %d. %s  (ansible-playbook playbooks/align.yml%s: exit %d, %.0f s)"
                  % (step, title, " -e align_to=%s" % align_to if align_to else "", proc.returncode,
                     time.monotonic() - started))
            if args.verbose:
                print(output)
            else:
                for line in condensed(role_story(output)):
                    for part in wrapped(line):
                        print("   " + part)
            config_lines = [c["command"] for c in asa.commands() if c["mode"].startswith("config")
                            and c["command"] not in ("exit", "end")]
            puts = [r for r in arm.requests() if r["method"] == "PUT" and "/subscriptions/" in r["path"]]
            print("   ASA lab received %d configuration line(s); ARM lab received %d PUT(s)"
                  % (len(config_lines), len(puts)))
            [connection] = [r for r in arm.resources() if r["type"].endswith("/connections")]
            record.append({"step": step, "align_to": align_to, "rc": proc.returncode,
                           "asa_config_lines": config_lines, "asa_commands": [c["command"] for c in asa.commands()],
                           "puts": len(puts),
                           "sa_data_size_kilobytes": [p.get("saDataSizeKilobytes") for p in
                                                      connection["properties"].get("ipsecPolicies") or []][0]})
            for secret in (CLIENT_SECRET, PRE_SHARED_KEY):
                if secret in output:
                    failures.append("step %d printed a secret" % step)
            if proc.returncode != expect_rc:
                failures.append("step %d: exit %d, expected %d" % (step, proc.returncode, expect_rc))
                if not args.verbose:
                    print(output[-4000:])
            return output, config_lines, puts

        output, _lines, _puts = run(1, "Check both ends, live", "none", 2)
        if "PFS_MISMATCH" not in output:
            failures.append("step 1 did not find PFS_MISMATCH")
        _output, lines, puts = run(2, "Align, the safest fix per finding", None, 0, args.report_dir)
        if lines != ["crypto map CRYPTO-MAP 2 set pfs group19"]:
            failures.append("step 2 sent the ASA %s, not only its PFS group" % lines)
        if len(puts) != 1:
            failures.append("step 2 did not raise Azure's data lifetime in one PUT")
        output, _lines, _puts = run(3, "Check again", "none", 0)
        if "0 fail, 0 degraded, 1 pass" not in output:
            failures.append("step 3 did not pass")
        _output, lines, puts = run(4, "Align again: nothing left to change", None, 0)
        if lines or puts:
            failures.append("step 4 changed something")
        print("\nThe ASA's crypto map entry now:")
        for line in asa.running_config().splitlines():
            if line.startswith("crypto map CRYPTO-MAP 2 "):
                print("   " + re.sub(r"(pre-shared-key )\S+", r"\1*****", line))
        print("Azure's IPsec policy now: saDataSizeKilobytes %s (was 2048)" % record[-1]["sa_data_size_kilobytes"])
    print("\nReports of the align run: %s. Labs stopped; %.0f s in all." % (args.report_dir, time.monotonic() - began))
    if args.record:
        with open(args.record, "w", encoding="utf-8") as handle:
            json.dump({"steps": record, "failures": failures}, handle, indent=2)
    if args.keep:
        print("Work directory kept: %s" % workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print("DEMO FAILED: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
