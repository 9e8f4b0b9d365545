# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A process tree measured from /proc (Linux; no psutil in the venv): CPU seconds, RSS and PSS of a run's processes
and of the daemons they leave (ansible-connection), for fleet_bench.py, hub_push_bench.py and pipeline_bench.py."""

import ctypes
import os
import resource
import signal
import threading
import time


PR_SET_CHILD_SUBREAPER = 36
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def become_subreaper():
    """Orphans of our descendants (ansible-connection daemonises) become our children, so their CPU
    time reaches RUSAGE_CHILDREN when we reap them."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def process_table():
    """pid -> (ppid, state letter, rss bytes, CPU seconds so far: utime + stime)."""
    table = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(name)] = (int(fields[1]), fields[0], int(fields[21]) * page,
                            (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
    return table


def pss_bytes(pid):
    """Proportional set size: shared pages (forked workers share the controller's) counted once overall."""
    try:
        with open("/proc/%d/smaps_rollup" % pid, encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(table, root, exclude=()):
    children = {}
    for pid, row in table.items():
        children.setdefault(row[0], []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in exclude:
                found.append(child)
                todo.append(child)
    return found


def reap_zombies(table, keep):
    """Reap our zombie children (daemons adopted through the subreaper that have exited), except ``keep``."""
    me = os.getpid()
    for pid, (ppid, state, _rss, _cpu) in table.items():
        if ppid == me and state == "Z" and pid not in keep:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


class TreeSampler(threading.Thread):
    """Peak memory of this process's live descendants, sampled every ``interval``: RSS summed (shared
    pages counted in every process), PSS summed (shared pages split), the largest RSS, and how many."""

    def __init__(self, exclude, keep, interval=0.5):
        super().__init__(daemon=True)
        self.exclude, self.keep, self.interval = set(exclude), set(keep), interval
        self.peak_sum = self.peak_pss = self.peak_one = 0
        self.peak_processes = 0
        self.stop_event = threading.Event()
        self.last_cpu = {}  # pid -> (kind, CPU seconds when last seen): a lower bound per process
        self.kinds = {}

    def run(self):
        me = os.getpid()
        while not self.stop_event.wait(self.interval):
            table = process_table()
            reap_zombies(table, self.keep | self.exclude)
            pids = [pid for pid in descendants(table, me, self.exclude) if table[pid][1] != "Z"]
            rss = [table[pid][2] for pid in pids]
            self.peak_sum = max(self.peak_sum, sum(rss))
            self.peak_pss = max(self.peak_pss, sum(pss_bytes(pid) for pid in pids))
            self.peak_one = max([self.peak_one] + rss)
            self.peak_processes = max(self.peak_processes, len(pids))
            for pid in pids:
                if pid not in self.kinds:
                    self.kinds[pid] = process_kind(pid, self.keep)
                self.last_cpu[pid] = (self.kinds[pid], table[pid][3])

    def cpu_by_kind(self):
        """kind -> [processes seen, CPU seconds seen] (sampled: what a process used after its last
        sample is missed, so short-lived ones are under-counted)."""
        out = {}
        for kind, cpu in self.last_cpu.values():
            row = out.setdefault(kind, [0, 0.0])
            row[0] += 1
            row[1] += cpu
        return out

    def stop(self):
        self.stop_event.set()
        self.join()


def process_kind(pid, roots):
    """What a process of the run is: the ansible-playbook controller, a forked worker (same command line),
    a persistent connection, a module process (AnsiballZ_<module>), or the program it runs."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            argv = [arg.decode("utf-8", "replace") for arg in handle.read().split(b"\0") if arg]
    except OSError:
        return "gone"
    if pid in roots:
        return "ansible-playbook (controller)"
    text = " ".join(argv)
    if "ansible-connection" in text or "ansible_connection_cli_stub" in text:
        return "ansible-connection"
    if "AnsiballZ_" in text:
        return "module " + text.split("AnsiballZ_", 1)[1].split(".py", 1)[0]
    if "ansible-playbook" in text:
        return "worker (fork of ansible-playbook)"
    return os.path.basename(argv[0]) if argv else "?"


def reap_adopted(lab_pids, grace=15.0):
    """Wait for the processes our descendants left behind (persistent connections); SIGTERM the ones
    still there after ``grace`` seconds (they are ours: started by this run's ansible-playbook)."""
    me = os.getpid()
    deadline = time.monotonic() + grace
    while True:
        table = process_table()
        reap_zombies(table, set(lab_pids))
        table = process_table()
        pids = [pid for pid in descendants(table, me, set(lab_pids)) if table[pid][1] != "Z"]
        if not pids:
            return 0
        if time.monotonic() > deadline:
            direct = [pid for pid in pids if table[pid][0] == me]
            for pid in direct:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            for pid in direct:
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass
            return len(direct)
        time.sleep(0.2)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class PeakPss(threading.Thread):
    """The largest summed PSS (MB) of a running ``process`` and every process below it, sampled every ``interval``
    until it exits."""

    def __init__(self, process, interval=0.05):
        super().__init__(daemon=True)
        self.process, self.interval = process, interval
        self.peak_mb = 0.0

    def run(self):
        while self.process.poll() is None:
            table = process_table()
            pids = [self.process.pid] + descendants(table, self.process.pid)
            self.peak_mb = max(self.peak_mb, sum(pss_bytes(pid) for pid in pids) / 1048576.0)
            time.sleep(self.interval)
