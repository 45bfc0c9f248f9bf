"""Finds, and when it can installs, the peer systems and the chart tool.

Debian packages come through apt-get (as root only, like scripts/setup);
Kuzu comes from the npm registry into bench/.peers/node_modules. A peer that
cannot be had is skipped with the reason, never a failure of the run."""

import os
import shutil
import subprocess

# The Python peers run on Debian's interpreter, where apt puts their modules
# (a python3 earlier on PATH, such as a pyenv one, would not see them).
PEER_PYTHON = "/usr/bin/python3"

DEBIAN_PACKAGES = {
    "igraph": ["python3-igraph"],
    "networkx": ["python3-networkx"],
    "sqlite": ["sqlite3"],
    "chart": ["gnuplot-nox"],
    "node": ["nodejs", "npm"],  # what Kuzu's npm package runs on
}
PYTHON_MODULES = {"igraph": "igraph", "networkx": "networkx", "sqlite": "sqlite3"}
# Packages whose command is all a peer needs: found on PATH, the command came
# from elsewhere (NodeSource's nodejs carries its own npm, and Debian's npm
# package then refuses to install beside it).
COMMAND_OF = {"nodejs": "node", "npm": "npm", "sqlite3": "sqlite3", "gnuplot-nox": "gnuplot"}


def _installed(package):
    if package in COMMAND_OF and shutil.which(COMMAND_OF[package]) is not None:
        return True
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                            capture_output=True, text=True)
    return "ok installed" in result.stdout


def _python_has(module):
    if not os.access(PEER_PYTHON, os.X_OK):
        return False
    return subprocess.run([PEER_PYTHON, "-c", f"import {module}"],
                          capture_output=True).returncode == 0


def install_debian(wanted, log, allow_install=True):
    """Installs the missing packages of `wanted` (names from DEBIAN_PACKAGES).
    Returns {name: reason} for those still missing."""
    if shutil.which("dpkg-query") is None:
        return {name: "not a Debian system (no dpkg-query)" for name in wanted}
    missing = sorted({p for name in wanted for p in DEBIAN_PACKAGES[name] if not _installed(p)})
    if missing and allow_install:
        if os.geteuid() != 0:
            log(f"missing Debian packages {' '.join(missing)}; run as root to install them")
        else:
            log(f"installing {' '.join(missing)} (apt-get)")
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            result = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                                     *missing], env=env, capture_output=True, text=True)
            if result.returncode != 0:
                log("apt-get install failed: " + (result.stderr.strip().splitlines() or ["?"])[-1])
    problems = {}
    for name in wanted:
        absent = [p for p in DEBIAN_PACKAGES[name] if not _installed(p)]
        if absent:
            problems[name] = f"Debian package {' '.join(absent)} is not installed"
        elif name in PYTHON_MODULES and not _python_has(PYTHON_MODULES[name]):
            problems[name] = f"{PEER_PYTHON} cannot import {PYTHON_MODULES[name]}"
    return problems


def kuzu_module(peers_dir):
    return os.path.join(peers_dir, "node_modules", "kuzu")


def install_kuzu(peers_dir, log, allow_install=True):
    """Makes sure `node` can load Kuzu from peers_dir; '' or the reason not."""
    if shutil.which("node") is None:
        return "node is not installed (apt-get install nodejs npm)"

    def loads():
        probe = "require(process.argv[1])"
        return subprocess.run(["node", "-e", probe, kuzu_module(peers_dir)],
                              capture_output=True).returncode == 0

    if os.path.isdir(kuzu_module(peers_dir)) and loads():
        return ""
    if not allow_install:
        return "kuzu is not installed in " + peers_dir
    if shutil.which("npm") is None:
        return "npm is not installed (apt-get install npm)"
    log(f"installing kuzu from npm into {peers_dir}")
    os.makedirs(peers_dir, exist_ok=True)
    result = subprocess.run(["npm", "install", "--prefix", peers_dir, "--no-audit", "--no-fund",
                             "--loglevel", "error", "kuzu"], capture_output=True, text=True)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or ["no message"]
        return "npm install kuzu failed: " + lines[-1]
    return "" if loads() else "kuzu installed but node cannot load it"
