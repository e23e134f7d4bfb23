#!/usr/bin/env python3
"""sitrep's cost, measured as a duty officer's server would see it.

Runs the release binary in tmux (and in a pseudo-terminal where timing matters) and
prints a table of medians over several runs, beside `watch -n 1 cat FEED`, the thing a
duty officer would otherwise leave in a pane. Public tools only: tmux, /proc, python3's
pty module, cargo (for the build, the large feed and the criterion benchmarks).

    python3 scripts/measure.py            # everything (about 6 minutes)
    python3 scripts/measure.py --quick    # fewer, shorter runs, for a smoke test
"""

import argparse
import os
import pty
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "sitrep")
TICK = os.sysconf("SC_CLK_TCK")
SOCKET = "sitrep-measure"


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=False, capture_output=True, text=True)


def cpu_ticks(pid, children=False):
    """utime+stime (and the reaped children's, for `watch`) from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks


def peak_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def pane_pid(session):
    out = tmux("list-panes", "-t", session, "-F", "#{pane_pid}").stdout.strip()
    return int(out) if out else None


def start_in_tmux(session, command, log):
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)
    tmux("pipe-pane", "-t", session, "-o", f"cat >> {log}")
    return pane_pid(session)


def wait_for_file_text(path, text, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with open(path, "rb") as f:
                if text.encode() in f.read():
                    return True
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    return False


def prepare_feed(path, title, generated):
    """Writes the demo feed, retitled and re-dated, beside `path`; returns the temp file."""
    text = open(os.path.join(ROOT, "assets", "demo-feed.toml"), encoding="utf-8").read()
    text = re.sub(r"^generated = .*$", f"generated = {generated}", text, count=1, flags=re.M)
    text = re.sub(r'^title = "', f'title = "{title} ', text, count=1, flags=re.M)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    return tmp


def write_feed(path, title, generated):
    """Replaces the feed the way producers should: a temp file renamed over it."""
    os.replace(prepare_feed(path, title, generated), path)


def now_rfc3339():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def idle_run(workdir, seconds, run_index):
    """One idle window: sitrep (default), sitrep with a seconds clock, and watch, side by side."""
    feed = os.path.join(workdir, "feed.toml")
    write_feed(feed, "idle", now_rfc3339())
    seconds_config = os.path.join(workdir, "seconds.toml")
    with open(seconds_config, "w") as f:
        f.write("clock_seconds = true\n")
    none_config = os.path.join(workdir, "none.toml")
    with open(none_config, "w") as f:
        f.write("")
    # A wallboard whose lists each have three pages at 120x40, turning every 10 s.
    wall_config = os.path.join(workdir, "wall.toml")
    with open(wall_config, "w") as f:
        f.write("page_seconds = 10\n")
    wall_feed = os.path.join(workdir, "wall.json")
    with open(wall_feed, "w") as f:
        run(["cargo", "run", "--release", "--quiet", "--example", "generate_feed", "--", "45", "24"], stdout=f)
    cases = {
        "sitrep": f"{BIN} --config {none_config} --feed {feed}",
        "sitrep_seconds": f"{BIN} --config {seconds_config} --feed {feed}",
        "sitrep_wallboard": f"{BIN} --config {wall_config} --wallboard --feed {wall_feed}",
        "watch": f"watch -n 1 cat {feed}",
    }
    pids, logs = {}, {}
    for name, command in cases.items():
        session = f"{name}-{run_index}"
        logs[name] = os.path.join(workdir, f"{session}.log")
        pids[name] = start_in_tmux(session, command, logs[name])
    time.sleep(3)  # let start-up settle; the window starts after it
    start_ticks = {n: cpu_ticks(p, children=(n == "watch")) for n, p in pids.items()}
    start_bytes = {n: os.path.getsize(l) if os.path.exists(l) else 0 for n, l in logs.items()}
    time.sleep(seconds)
    result = {}
    for name, pid in pids.items():
        ticks = cpu_ticks(pid, children=(name == "watch")) - start_ticks[name]
        written = os.path.getsize(logs[name]) - start_bytes[name]
        result[name] = {
            "cpu_percent": 100.0 * ticks / TICK / seconds,
            "bytes_per_minute": written * 60.0 / seconds,
        }
        tmux("kill-session", "-t", f"{name}-{run_index}")
    return result


def in_pty(argv, until, timeout=15.0, on_ready=None):
    """Runs argv in a pseudo-terminal (120x40); returns (seconds to `until` text, output)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(argv[0], argv)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    out = b""
    elapsed = None
    deadline = started + timeout
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
                if elapsed is None and until.encode() in out:
                    elapsed = time.perf_counter() - started
                    if on_ready is None:
                        break
                    on_ready(fd, pid, lambda: out)
                    break
    finally:
        try:
            os.write(fd, b"q")
        except OSError:
            pass
        for _ in range(100):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.02)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    return elapsed, out


def first_frame_seconds(feed):
    elapsed, _ = in_pty([BIN, "--feed", feed, "--config", "/dev/null"], "feed:")
    return elapsed


def peak_rss_mb(feed, ready_text, new_version=None):
    """Peak RSS (VmHWM) in MB once the picture is on screen and the journal has recorded
    it (a fresh journal each time: the first start on a feed, the costliest), or, with
    `new_version(feed)`, after that function wrote a new version and sitrep took it in.
    """
    found = {}

    def sample(fd, pid, _out):
        time.sleep(2)
        if new_version is not None:
            new_version(feed)
            time.sleep(6)
        found["kb"] = peak_rss_kb(pid)

    shared = os.environ.get("XDG_STATE_HOME")
    with tempfile.TemporaryDirectory(prefix="sitrep-measure-state-") as state:
        os.environ["XDG_STATE_HOME"] = state
        try:
            in_pty([BIN, "--feed", feed, "--config", "/dev/null"], ready_text, timeout=60, on_ready=sample)
        finally:
            if shared is not None:
                os.environ["XDG_STATE_HOME"] = shared
    return found.get("kb", 0) / 1024.0


def rename_changed_copy(feed):
    """Writes `feed` again with one title changed, by an atomic rename."""
    with open(feed) as f:
        text = f.read().replace("Large feed", "Large feed, changed", 1)
    with open(feed + ".tmp", "w") as f:
        f.write(text)
    os.rename(feed + ".tmp", feed)


def reload_latencies(workdir, updates):
    """From rename to the new title on the terminal, over `updates` atomic renames."""
    feed = os.path.join(workdir, "reload.toml")
    write_feed(feed, "r-start", now_rfc3339())
    latencies = []

    def drive(fd, pid, _out):
        buffer = b""
        for i in range(updates):
            # Every character differs from the last title's: the screen writes only the
            # cells that change, so the whole token must change to be seen whole.
            title = chr(ord("A") + i % 26) * 8
            tmp = prepare_feed(feed, title, now_rfc3339())
            started = time.perf_counter()
            os.replace(tmp, feed)
            deadline = started + 5
            while time.perf_counter() < deadline:
                ready, _, _ = select.select([fd], [], [], 0.05)
                if ready:
                    buffer += os.read(fd, 65536)
                    if title.encode() in buffer:
                        latencies.append(time.perf_counter() - started)
                        buffer = b""
                        break
            time.sleep(0.05)

    in_pty([BIN, "--feed", feed, "--config", "/dev/null"], "r-start", timeout=30 + updates, on_ready=drive)
    return latencies


def criterion_medians():
    """Median times from the criterion benchmarks (ms)."""
    medians = {}
    for bench in ("decode", "render"):
        out = run(["cargo", "bench", "--bench", bench], capture_output=True, text=True).stdout
        for name, value, unit in re.findall(r"^(\S+)\s*\n\s+time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", out, re.M):
            scale = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}[unit]
            medians[name] = float(value) * scale
    return medians


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer and shorter runs")
    args = parser.parse_args()
    for tool in ("tmux", "watch", "cargo"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (apt-get install tmux procps)")
    runs = 1 if args.quick else 3
    idle_seconds = 10 if args.quick else 60
    updates = 20 if args.quick else 200

    print("building the release binary and the large feed ...", file=sys.stderr)
    run(["cargo", "build", "--release", "--quiet"])
    workdir = tempfile.mkdtemp(prefix="sitrep-measure-")
    # The journal and the history of every run go here, never into the user's own.
    os.environ["XDG_STATE_HOME"] = os.path.join(workdir, "state")
    large = os.path.join(workdir, "large.json")
    with open(large, "w") as f:
        run(["cargo", "run", "--release", "--quiet", "--example", "generate_feed", "--", "100000", "2000"], stdout=f)
    demo_copy = os.path.join(workdir, "demo.toml")
    write_feed(demo_copy, "rss", now_rfc3339())

    print(f"idle: {runs} runs of {idle_seconds} s, four panes side by side ...", file=sys.stderr)
    idle = [idle_run(workdir, idle_seconds, i) for i in range(runs)]
    tmux("kill-server")

    def med(name, key):
        return statistics.median(r[name][key] for r in idle)

    print("start-up, memory, reload ...", file=sys.stderr)
    first = statistics.median(first_frame_seconds(demo_copy) or float("nan") for _ in range(5))
    rss_demo = statistics.median(peak_rss_mb(demo_copy, "feed:") for _ in range(runs))
    rss_large = statistics.median(peak_rss_mb(large, "Large feed") for _ in range(runs))
    rss_reload = statistics.median(
        peak_rss_mb(shutil.copy(large, os.path.join(workdir, f"reload-{n}.json")), "Large feed", rename_changed_copy)
        for n in range(runs)
    )
    latencies = sorted(reload_latencies(workdir, updates))
    p50 = statistics.median(latencies) if latencies else float("nan")
    p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))] if latencies else float("nan")

    print("criterion benchmarks ...", file=sys.stderr)
    bench = {} if args.quick else criterion_medians()

    w_cpu, w_bytes = med("watch", "cpu_percent"), med("watch", "bytes_per_minute")
    s_cpu, s_bytes = med("sitrep", "cpu_percent"), med("sitrep", "bytes_per_minute")
    ss_cpu, ss_bytes = med("sitrep_seconds", "cpu_percent"), med("sitrep_seconds", "bytes_per_minute")
    wb_cpu, wb_bytes = med("sitrep_wallboard", "cpu_percent"), med("sitrep_wallboard", "bytes_per_minute")

    def ratio(a, b):
        return f"{a / b:.2f}×" if b > 0 else "n/a"

    rows = [
        ("idle CPU, % of one core", f"{s_cpu:.3f}", f"{w_cpu:.3f}", ratio(s_cpu, w_cpu), "≤ 0.1"),
        ("  with a seconds clock", f"{ss_cpu:.3f}", "", ratio(ss_cpu, w_cpu), ""),
        ("bytes to the terminal per idle minute", f"{s_bytes:.0f}", f"{w_bytes:.0f}", ratio(s_bytes, w_bytes), "≤ 1500"),
        ("  with a seconds clock", f"{ss_bytes:.0f}", "", ratio(ss_bytes, w_bytes), ""),
        ("wallboard paging 3 pages a list every 10 s: CPU, % of one core", f"{wb_cpu:.3f}", "", "", ""),
        ("  bytes to the terminal per minute", f"{wb_bytes:.0f}", "", "", "≤ 25600"),
        ("start to first frame, ms", f"{first * 1000:.0f}", "", "", "≤ 100"),
        ("peak RSS, demo feed, MB", f"{rss_demo:.1f}", "", "", "≤ 15"),
        ("peak RSS, 100 000 incidents + 2 000 measures, MB", f"{rss_large:.1f}", "", "", "≤ 200"),
        ("  the same after a new version of it, MB", f"{rss_reload:.1f}", "", "", ""),
        (f"reload, rename → screen, p50 / p99 ms ({len(latencies)} renames)", f"{p50 * 1000:.0f} / {p99 * 1000:.0f}", "", "", "p50 ≤ 50"),
    ]
    for name, label in (("decode/json_100k_incidents_2k_measures", "decode+validate 100 000-incident JSON, ms"),
                        ("frame_120x40_100k_incidents", "one frame 120×40 with the large feed, ms")):
        if name in bench:
            rows.append((label, f"{bench[name]:.2f}", "", "", "≤ 1000" if "decode" in name else "≤ 2"))
    print(f"\nmedians of {runs} run(s); idle windows of {idle_seconds} s; this machine: {os.cpu_count()} cores\n")
    print("| measure | sitrep | watch -n 1 cat FEED | sitrep / watch | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
