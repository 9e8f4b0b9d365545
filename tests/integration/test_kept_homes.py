"""The copy of a run's ANSIBLE_HOME kept for the secret scan (conftest.keep_ansible_home)."""
import os
import shutil

import conftest


def test_a_file_deleted_during_the_copy_is_skipped(tmp_path, monkeypatch):
    # The CI failure of bed623b: ansible-connection removed its lock file between copytree's listing
    # and the copy of that file, and the teardown error failed a test that had passed.
    home = tmp_path / "home"
    (home / "pc").mkdir(parents=True)
    lock = home / "pc" / ".ansible_pc_lock_abc"
    lock.write_text("")
    (home / "pc" / "kept.txt").write_text("kept")
    monkeypatch.setattr(conftest, "KEPT_HOMES", str(tmp_path / "kept"))
    real_copy2 = shutil.copy2

    def copy2_after_the_daemon_exits(src, dst, **kwargs):
        if os.path.basename(src).startswith(".ansible_pc_lock_") and os.path.exists(src):
            os.remove(src)
        return real_copy2(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copy2", copy2_after_the_daemon_exits)
    conftest.keep_ansible_home(str(home), "test-run")
    (copy,) = os.listdir(tmp_path / "kept")
    assert (tmp_path / "kept" / copy / "pc" / "kept.txt").read_text() == "kept"
    assert not (tmp_path / "kept" / copy / "pc" / ".ansible_pc_lock_abc").exists()
