"""tools/bench build: the configure and make of a real Debian source package inside arm64 jails.

  1. qemu-user-static through binfmt_misc, in a fresh jail
  2. emud cold (empty cache), in a fresh jail
  3. emud warm (the cache the cold run filled), in a second fresh jail
  4. natively on the host (x86-64 toolchain): the limit
  5. N jails building at once against one emud (empty cache), with emud's CPU time and memory

A fresh jail is an overlay on a base jail that tools/mkjail builds once (Debian arm64 with
build-essential); the base is never written. The source comes from `apt-get source` through a
private deb-src list (the host's apt configuration is not touched); the upstream tarball is
built with ./configure and make -jN, timed apart. The runs happen in a user and mount namespace
with a binfmt_misc instance of its own (Linux 6.7+), so the host's entries and the jail builds
that rely on them are never touched; there an entry (emud-bench) is registered with `emuctl
binfmt install` for qemu, then for emu-exec. --host-binfmt uses the host's instance instead,
taken over with --replace and given back with remove --restore. emud is private (own cache,
own path socket with its packs beside it, bound into each jail by `emuctl jail add --bind`).
Prints a table of times and ratios and writes a bar chart (SVG) and the figures (JSON).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MIRROR = "http://deb.debian.org/debian"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
JAIL_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
ENTRY = "emud-bench"


def say(msg):
    print("bench build: " + msg, flush=True)


def run(argv, **kw):
    return subprocess.run(argv, check=True, **kw)


# ---- the source package ----------------------------------------------------------------

def fetch_source(package, suite, work):
    """apt-get source --download-only through a private deb-src list; the orig tarball."""
    apt = os.path.join(work, "apt")
    for d in ("lists/partial", "cache/archives/partial", "src"):
        os.makedirs(os.path.join(apt, d), exist_ok=True)
    with open(os.path.join(apt, "sources.list"), "w") as f:
        f.write("deb-src [signed-by=%s] %s %s main\n" % (KEYRING, MIRROR, suite))
    opts = ["-o", "Dir::Etc::SourceList=" + os.path.join(apt, "sources.list"),
            "-o", "Dir::Etc::SourceParts=/dev/null", "-o", "Dir::State::Lists=" + apt + "/lists",
            "-o", "Dir::Cache=" + apt + "/cache", "-o", "APT::Sandbox::User=root", "-qq"]
    src = os.path.join(apt, "src")
    tars = [f for f in os.listdir(src) if ".orig.tar." in f and not f.endswith(".asc")]
    if not tars:
        say("fetching the source of %s (deb-src %s %s)" % (package, MIRROR, suite))
        run(["apt-get"] + opts + ["update"], stdout=subprocess.DEVNULL)
        run(["apt-get"] + opts + ["source", "--download-only", package], cwd=src,
            stdout=subprocess.DEVNULL)
        tars = [f for f in os.listdir(src) if ".orig.tar." in f and not f.endswith(".asc")]
    if not tars:
        sys.exit("bench build: no upstream tarball for %s" % package)
    return os.path.join(src, sorted(tars)[-1])


def unpack(tarball, dest):
    """Unpack into dest; the source directory inside the build folder."""
    os.makedirs(dest, exist_ok=True)
    run(["tar", "-xf", tarball, "-C", dest])
    dirs = [d for d in os.listdir(dest) if os.path.isdir(os.path.join(dest, d))]
    return os.path.join(dest, dirs[0])


# ---- jails -------------------------------------------------------------------------------

def base_jail(args):
    if not os.path.exists(os.path.join(args.jail_base, "usr/bin/make")):
        say("building the base jail %s with tools/mkjail (build-essential)" % args.jail_base)
        run([os.path.join(ROOT, "tools", "mkjail"), "--include", "build-essential", "--emu",
             args.emu, args.jail_base])
    if not os.path.exists(os.path.join(args.jail_base, "usr/bin/gcc")):
        sys.exit("bench build: %s has no gcc (tools/mkjail --include build-essential)"
                 % args.jail_base)
    return args.jail_base


DEV_NODES = ("null", "zero", "full", "random", "urandom", "tty")


def mounts_under(top):
    """Mount points at or below top, from /proc/self/mountinfo (octal escapes decoded)."""
    top = os.path.realpath(top)
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            mp = line.split()[4].encode().decode("unicode_escape")
            if mp == top or mp.startswith(top + "/"):
                found.append(mp)
    return found


class Jail:
    """A fresh jail: an overlay on the base jail (which stays untouched), /proc bound in and a
    /dev of its own (a tmpfs holding binds of the few host device files a build uses, never
    the host's /dev itself); removed on close, and never while anything is still mounted in
    it: a recursive delete must not reach through a mount into the host."""

    def __init__(self, base, top):
        self.top, self.path = top, os.path.join(top, "root")
        self.mounts = []
        self.close()
        for d in ("up", "work", "root"):
            os.makedirs(os.path.join(top, d))
        self.mount(["-t", "overlay", "overlay", "-o", "lowerdir=%s,upperdir=%s,workdir=%s"
                    % (base, os.path.join(top, "up"), os.path.join(top, "work"))], self.path)
        proc, dev = self.dir("proc"), self.dir("dev")
        self.mount(["--rbind", "/proc"], proc)
        self.mount(["-t", "tmpfs", "-o", "mode=0755,size=16m", "jaildev"], dev)
        for n in DEV_NODES:
            open(os.path.join(dev, n), "w").close()
            self.mount(["--bind", "/dev/" + n], os.path.join(dev, n))
        for name, to in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
            os.symlink(to, os.path.join(dev, name))
        os.makedirs(os.path.join(dev, "shm"))

    def dir(self, sub):
        t = os.path.join(self.path, sub)
        if os.path.islink(t):  # debootstrap's first stage may leave /proc a link
            os.unlink(t)
        os.makedirs(t, exist_ok=True)
        return t

    def mount(self, argv, target):
        run(["mount"] + argv + [target])
        self.mounts.append(target)

    def close(self):
        # Detaching the overlay takes every mount inside along, even those a user namespace
        # may not unmount one by one (the host's /proc submounts are locked to their parent).
        if self.mounts:
            subprocess.run(["umount", "-l", self.path], stderr=subprocess.DEVNULL)
        for t in reversed(self.mounts):
            if t in mounts_under(self.top):
                subprocess.run(["umount", "-l", t], stderr=subprocess.DEVNULL)
        self.mounts = []
        left = mounts_under(self.top) if os.path.exists(self.top) else []
        if left:
            say("not removing %s: still mounted there: %s" % (self.top, ", ".join(left)))
            return
        shutil.rmtree(self.top, ignore_errors=True)


def jail_cmd(jail, script, env):
    e = ["PATH=" + JAIL_PATH, "HOME=/root", "LC_ALL=C"] + ["%s=%s" % kv for kv in env.items()]
    return ["chroot", jail, "/usr/bin/env", "-i"] + e + ["/bin/sh", "-c", script]


def build_steps(srcdir_in, jobs):
    return [("configure", "cd %s && ./configure > configure.log 2>&1" % srcdir_in),
            ("make", "cd %s && make -j%d > make.log 2>&1" % (srcdir_in, jobs))]


def timed_build(label, cmd_of, srcdir_host, jobs, srcdir_in):
    """Runs configure then make; returns {step: seconds} or None on failure."""
    times = {}
    for step, script in build_steps(srcdir_in, jobs):
        t0 = time.perf_counter()
        r = subprocess.run(cmd_of(script))
        times[step] = time.perf_counter() - t0
        if r.returncode:
            log = os.path.join(srcdir_host, step + ".log")
            tail = open(log, errors="replace").read()[-2000:] if os.path.exists(log) else ""
            say("%s: %s failed (%d)\n%s" % (label, step, r.returncode, tail))
            return None
        say("%s: %s %.1f s" % (label, step, times[step]))
    return times


def jail_add(args, jail):
    """Record the jail with the bench's emud the way users do (`emuctl jail add --bind`): the
    socket directory, with emud's warm packs in it, appears inside at the same path, so guests
    start warm from the packs and reach emud through the socket for the rest."""
    run([args.emuctl, "jail", "add", "--bind", jail.path], stdout=subprocess.DEVNULL,
        env=args.ctl_env)


def jail_build(args, label, name, tarball, env):
    jail = Jail(args.jail_base, os.path.join(args.work, name))
    try:
        if env:
            jail_add(args, jail)
        src = unpack(tarball, os.path.join(jail.path, "build"))
        inside = "/build/" + os.path.basename(src)
        return timed_build(label, lambda s: jail_cmd(jail.path, s, env), src, args.jobs, inside)
    finally:
        jail.close()


# ---- binfmt_misc and emud ------------------------------------------------------------------

def binfmt(args, interp, flags):
    run([args.emuctl, "binfmt", "install", "--name", ENTRY, "--interpreter", interp, "--flags",
         flags, "--replace"], stdout=subprocess.DEVNULL, env=args.ctl_env)


def binfmt_restore(args):
    subprocess.run([args.emuctl, "binfmt", "remove", "--name", ENTRY, "--restore"],
                   stdout=subprocess.DEVNULL, env=args.ctl_env)


class Emud:
    """A private emud with an empty cache; its CPU time and peak memory from /proc."""

    def __init__(self, args, name):
        self.cache = os.path.join(args.work, name)
        shutil.rmtree(self.cache, ignore_errors=True)
        for m in reversed(mounts_under(args.rundir)):  # the last emud's tmpfs of packs
            subprocess.run(["umount", "-l", m])
        shutil.rmtree(args.rundir, ignore_errors=True)  # the last emud's socket and packs
        os.makedirs(args.rundir)
        self.proc = subprocess.Popen([args.emud, "--cache", self.cache, "--socket", args.socket,
                                      "--packs-tmpfs", "--foreground", "--nosync", "--log",
                                      os.path.join(args.work, name + ".log")])
        for _ in range(100):
            if subprocess.run([args.emuctl, "stats"], capture_output=True,
                              env=args.ctl_env).returncode == 0:
                return
            time.sleep(0.05)
        sys.exit("bench build: emud did not start")

    def cpu_s(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def server_stats(args):
    out = subprocess.run([args.emuctl, "stats", "--server"], capture_output=True, text=True,
                         env=args.ctl_env).stdout
    return {f[0]: f[1] for f in (l.split() for l in out.splitlines()) if len(f) == 2}


def settle(args):
    """Wait until emud has translated what the last build submitted and its packs caught up
    (no pack published for a second with the queue empty)."""
    last, quiet = None, 0
    for _ in range(1200):
        st = server_stats(args)
        now = st.get("packs_published")
        quiet = quiet + 1 if st.get("translate_queue") == "0" and now == last else 0
        if quiet >= 10:
            return
        last = now
        time.sleep(0.1)


# ---- the runs ------------------------------------------------------------------------------

def concurrent(args, tarball, n):
    emud = Emud(args, "cache-concurrent")
    jails = []
    try:
        cmds = []
        for i in range(n):
            jail = Jail(args.jail_base, os.path.join(args.work, "jail-c%d" % i))
            jails.append(jail)
            jail_add(args, jail)
            src = unpack(tarball, os.path.join(jail.path, "build"))
            inside = "/build/" + os.path.basename(src)
            script = " && ".join(s for _, s in build_steps(inside, args.jobs))
            cmds.append(jail_cmd(jail.path, script, {"EMUD_SOCKET": args.socket}))
        say("%d jails building at once" % n)
        cpu0, t0 = emud.cpu_s(), time.perf_counter()
        procs = [subprocess.Popen(c) for c in cmds]
        ok = [p.wait() for p in procs] == [0] * n
        wall = time.perf_counter() - t0
        return {"jails": n, "ok": ok, "wall_s": wall, "emud_cpu_s": emud.cpu_s() - cpu0,
                "emud_peak_rss_mib": emud.peak_rss_mib()}
    finally:
        for j in jails:
            j.close()
        emud.stop()


def runs(args, tarball):
    res = {}
    if "qemu" not in args.skip:
        binfmt(args, args.qemu, "F")
        res["qemu"] = jail_build(args, "qemu", "jail-qemu", tarball, {})
    if "emud" not in args.skip:
        binfmt(args, args.emu, "FP")
        emud = Emud(args, "cache")
        try:
            env = {"EMUD_SOCKET": args.socket}
            res["emud cold"] = jail_build(args, "emud cold", "jail-cold", tarball, env)
            settle(args)
            res["emud warm"] = jail_build(args, "emud warm", "jail-warm", tarball, env)
        finally:
            emud.stop()
    if "native" not in args.skip:
        d = os.path.join(args.work, "native")
        shutil.rmtree(d, ignore_errors=True)
        src = unpack(tarball, d)
        res["native"] = timed_build("native", lambda s: ["/bin/sh", "-c", s], src, args.jobs, src)
    if args.concurrency and "concurrent" not in args.skip:
        binfmt(args, args.emu, "FP")
        res["concurrent"] = concurrent(args, tarball, args.concurrency)
    return res


# ---- report --------------------------------------------------------------------------------

MODES = ["qemu", "emud cold", "emud warm", "native"]


def table(res, package):
    lines = ["%s: configure and make -j%d, seconds (x: qemu's time / this time)" %
             (package, res["jobs"]),
             "%-11s %10s %10s %10s %8s %8s" % ("run", "configure", "make", "total", "x conf",
                                               "x total")]
    q = res.get("qemu")
    for m in MODES:
        t = res.get(m)
        if m not in res:
            continue
        if not t:
            lines.append("%-11s %10s" % (m, "FAILED"))
            continue
        tot = t["configure"] + t["make"]
        rc = "%8.2f" % (q["configure"] / t["configure"]) if q else "%8s" % "-"
        rt = "%8.2f" % ((q["configure"] + q["make"]) / tot) if q else "%8s" % "-"
        lines.append("%-11s %10.1f %10.1f %10.1f %s %s" % (m, t["configure"], t["make"], tot,
                                                          rc, rt))
    c = res.get("concurrent")
    if c:
        lines.append("%d jails at once against one emud (empty cache): %s, wall %.1f s, emud CPU "
                     "%.1f s, emud peak RSS %.0f MiB" % (c["jails"], "ok" if c["ok"] else "FAILED",
                                                          c["wall_s"], c["emud_cpu_s"],
                                                          c["emud_peak_rss_mib"]))
    return "\n".join(lines)


def verdict(res):
    q, cold, warm = res.get("qemu"), res.get("emud cold"), res.get("emud warm")
    if not (q and cold and warm):
        return []
    tot = lambda t: t["configure"] + t["make"]
    return [("cold no slower than qemu", tot(cold) <= tot(q)),
            ("warm at least 3x faster than qemu", tot(q) >= 3 * tot(warm)),
            ("configure alone: warm at least 3x faster", q["configure"] >= 3 * warm["configure"])]


def svg(res, path, package):
    """Grouped bars: configure and make per run, one scale."""
    modes = [m for m in MODES if res.get(m)]
    top = max(res[m]["configure"] + res[m]["make"] for m in modes) if modes else 1
    w, h, left, bar = 640, 60 + 50 * len(modes), 110, 18
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif"'
           ' font-size="12">' % (w, h),
           '<text x="10" y="20" font-size="14">%s: configure + make (s), lower is better</text>'
           % package]
    scale = (w - left - 90) / top
    for i, m in enumerate(modes):
        y = 40 + 50 * i
        c, k = res[m]["configure"], res[m]["make"]
        out.append('<text x="10" y="%d">%s</text>' % (y + 22, m))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="#4878cf"/>'
                   % (left, y + 8, c * scale, bar))
        out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="#f0a030"/>'
                   % (left + c * scale, y + 8, k * scale, bar))
        out.append('<text x="%.1f" y="%d">%.1f</text>' % (left + (c + k) * scale + 6, y + 22, c + k))
    out.append('<rect x="%d" y="%d" width="10" height="10" fill="#4878cf"/><text x="%d" y="%d">'
               'configure</text>' % (left, h - 16, left + 14, h - 7))
    out.append('<rect x="%d" y="%d" width="10" height="10" fill="#f0a030"/><text x="%d" y="%d">'
               'make</text>' % (left + 90, h - 16, left + 104, h - 7))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def private_binfmt_works():
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "--propagation",
                           "private", "mount", "-t", "binfmt_misc", "binfmt_misc",
                           "/proc/sys/fs/binfmt_misc"], stderr=subprocess.DEVNULL).returncode == 0


def main(argv):
    ap = argparse.ArgumentParser(prog="tools/bench build", description=__doc__.split("\n")[0])
    jb = os.environ.get("EMU_JAIL_DIR", "/var/cache/emud-test/jail")
    bindir = os.path.join(ROOT, "build", "bin")
    ap.add_argument("--package", default="gzip")
    ap.add_argument("--suite", default="bookworm")
    ap.add_argument("--jail-base", default=os.path.join(jb, "bench-bookworm"))
    ap.add_argument("--work", default="/var/tmp/emud-bench-build")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench-build"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--concurrency", type=int, default=4, help="jails at once (0: none)")
    ap.add_argument("--skip", default="", help="comma list of qemu,emud,native,concurrent")
    ap.add_argument("--emu", default=os.path.join(bindir, "emu-exec"))
    ap.add_argument("--emud", default=os.path.join(bindir, "emud"))
    ap.add_argument("--emuctl", default=os.path.join(bindir, "emuctl"))
    ap.add_argument("--qemu", default="/usr/bin/qemu-aarch64-static")
    ap.add_argument("--host-binfmt", action="store_true",
                    help="use the host's binfmt_misc (taken over for the run) instead of a "
                         "private one in a user namespace (Linux 6.7+)")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("bench build: needs root (tools/mkjail, jails, mounts, binfmt_misc)")
    args.skip = set(filter(None, args.skip.split(",")))
    for a in ("emu", "emud", "emuctl", "jail_base", "work", "out"):
        setattr(args, a, os.path.abspath(getattr(args, a)))
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)
    # a path socket: emud publishes its warm packs beside it (jail_add binds both into jails)
    args.rundir = os.path.join(args.work, "run")
    args.socket = "ipc://" + os.path.join(args.rundir, "emud.sock")
    args.ctl_env = dict(os.environ, EMUD_SOCKET=args.socket,
                        EMUCTL_STATE_DIR=os.path.join(args.work, "state"))
    if not args.inner:
        if {"qemu", "emud", "concurrent"} - args.skip:
            base_jail(args)
        fetch_source(args.package, args.suite, args.work)
        if not args.host_binfmt and private_binfmt_works():
            # the runs in a user and mount namespace with a binfmt_misc of their own: the
            # host's entries (and jail builds that rely on them) are never touched
            say("binfmt_misc: a private instance in a user namespace")
            return subprocess.run(["unshare", "--user", "--map-root-user", "--mount",
                                   "--propagation", "private", sys.executable,
                                   os.path.join(ROOT, "tools", "bench"), "build", "--inner"] +
                                  argv).returncode
        say("binfmt_misc: the host's, taken over for the run")
    else:
        run(["mount", "-t", "binfmt_misc", "binfmt_misc", "/proc/sys/fs/binfmt_misc"])
    tarball = fetch_source(args.package, args.suite, args.work)
    try:
        res = runs(args, tarball)
    finally:
        binfmt_restore(args)
    res["jobs"] = args.jobs
    text = table(res, args.package)
    checks = verdict(res)
    text += "".join("\n%-45s %s" % (name, "yes" if ok else "NO") for name, ok in checks)
    print(text)
    with open(os.path.join(args.out, "build.txt"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(args.out, "build.json"), "w") as f:
        json.dump(res, f, indent=1)
    svg(res, os.path.join(args.out, "build.svg"), args.package)
    say("table, figures and chart in %s (build.txt, build.json, build.svg)" % args.out)
    failed = any(res.get(m) is None for m in MODES if m in res) or \
        (res.get("concurrent") and not res["concurrent"]["ok"])
    return 1 if failed else 0
