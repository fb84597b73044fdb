#!/usr/bin/env python3
"""Runs docker/compose.yaml on a machine without a Docker engine, to check what can be checked there.

The machines this project is built on have no Docker engine, so the compose file cannot be run as it
is meant to be. This script runs the same services the same way as far as a machine without Docker
can: every service's command (or its image's entry point), environment, user, volumes and
depends_on conditions, and its healthcheck command for `service_healthy`, from the compose file
itself. What stands in for Docker:

  * a container is a process in a mount namespace of its own, where the named volumes (folders under
    the work folder), the image's files and a hosts file are bind-mounted at the paths the container
    would see (/fapiao, /var/hyperledger/production, /etc/hyperledger/fabric, /opt/fapiao, ...);
  * an image is what this machine has instead: Fabric's peer, orderer, configtxgen, osnadmin and the
    ccaas builder built from the same v3.1.5 source (network/fabric.sh install) with its sampleconfig,
    the project's jars from `./fapiao build` with docker/init and docker/bin, and this machine's JDK;
  * the compose network is one network namespace made for the purpose, with every service's host
    name resolving to 127.0.0.1: the topology gives every node its own port, so they share loopback.

Not checked here: the Dockerfile's builds (docker/Dockerfile is not built), the official images'
own contents, Docker's DNS, published ports and volume ownership rules.

  sudo docker/emulate.py up   [--work DIR]     start everything in dependency order; exit 0 when every
                                               long-running service is healthy and every init step
                                               exited 0 (about 2-5 minutes)
  sudo docker/emulate.py exec SERVICE CMD...   run CMD as in SERVICE's container (e.g. configure
                                               java -jar /opt/fapiao/fapiao-cli.jar demo --home /fapiao/platform)
  sudo docker/emulate.py down [--work DIR]     stop what `up` started (by process id) and remove the
                                               network namespace and the empty mount points it made

Needs root (namespaces), Fabric's binaries (network/fabric.sh install), the jars (./fapiao build) and
JAVA_HOME or `java` (21 or newer). Work folder: /tmp/fapiao-compose-emulation unless --work is given;
logs in WORK/logs/SERVICE.log.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

import yaml

DOCKER = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCKER)
COMPOSE = os.path.join(DOCKER, "compose.yaml")
FABRIC = os.environ.get("FABRIC_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "fapiao", "fabric-3.1.5")
NETNS = "fapiao-compose-emulation"
BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
JARS = ["chaincode/target/fapiao-chaincode.jar", "his-adapter/target/fapiao-his-adapter.jar",
        "finance-verifier/target/fapiao-finance-verifier.jar", "issuer-api/target/fapiao-issuer-api.jar",
        "cli/target/fapiao-cli.jar", "embedded-ledger/target/fapiao-ledger.jar"]
SERVICE_IMAGES = ("his-adapter", "finance-verifier", "issuer-api")


# --- the compose file, resolved as `docker compose config` resolves it ---------------------------

VARIABLE = re.compile(r"\$(?:\$|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?-)(?P<default>[^}]*))?\}"
                      r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")


def interpolate(value):
    """${VAR}, ${VAR:-default}, ${VAR-default}, $VAR from the environment; $$ stays $$ (escaped)."""
    if isinstance(value, dict):
        return {k: interpolate(v) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v) for v in value]
    if not isinstance(value, str):
        return value

    def replace(match):
        if match.group(0) == "$$":
            return "$$"
        name = match.group("braced") or match.group("bare")
        current = os.environ.get(name)
        if match.group("op") == ":-" and not current:
            return match.group("default")
        if match.group("op") == "-" and current is None:
            return match.group("default")
        return current or ""
    return VARIABLE.sub(replace, value)


def load_model(path):
    with open(path) as f:
        model = interpolate(yaml.safe_load(f))
    named = set((model.get("volumes") or {}).keys())
    for svc in model["services"].values():
        env = svc.get("environment") or {}
        if isinstance(env, list):
            env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
        svc["environment"] = {k: (None if v is None else str(v)) for k, v in env.items()}
        deps = svc.get("depends_on") or {}
        if isinstance(deps, list):
            deps = {d: {"condition": "service_started"} for d in deps}
        svc["depends_on"] = deps
        volumes = []
        for vol in svc.get("volumes") or []:
            if isinstance(vol, str):
                parts = vol.split(":")
                vol = {"source": parts[0], "target": parts[1], "read_only": len(parts) > 2 and "ro" in parts[2]}
                vol["type"] = "volume" if vol["source"] in named else "bind"
            volumes.append(vol)
        svc["volumes"] = volumes
        if isinstance(svc.get("command"), str):
            svc["command"] = shlex.split(svc["command"])
        test = (svc.get("healthcheck") or {}).get("test")
        if isinstance(test, str):
            svc["healthcheck"]["test"] = ["CMD-SHELL", test]
    return model


def unescape(value):
    return value.replace("$$", "$") if isinstance(value, str) else value


# --- images: what this machine has in their place --------------------------------------------------

def java_home():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "java")):
        return home
    java = shutil.which("java")
    if not java:
        sys.exit("emulate: no JAVA_HOME and no java on the PATH")
    return os.path.dirname(os.path.dirname(os.path.realpath(java)))


def image(svc, work):
    """(environment, user, entry point, default command, binds, working folder) of the service's image."""
    name = svc["image"].rsplit(":", 1)[0]
    binds = []
    if name in ("hyperledger/fabric-orderer", "hyperledger/fabric-peer", "fapiao/fabric-init"):
        env = {"PATH": os.path.join(FABRIC, "bin") + ":" + BASE_PATH, "FABRIC_CFG_PATH": "/etc/hyperledger/fabric",
               "HOME": "/root"}
        binds.append(("/etc/hyperledger/fabric", os.path.join(FABRIC, "sampleconfig"), True))
        if name == "hyperledger/fabric-orderer":
            return env, "0:0", [], ["orderer"], binds, None
        if name == "hyperledger/fabric-peer":
            binds.append(("/opt/hyperledger/ccaas_builder", os.path.join(FABRIC, "ccaas_builder"), True))
            return env, "0:0", [], ["peer", "node", "start"], binds, None
        env["FAPIAO_ROOT"] = "/fapiao"
        binds.append(("/opt/fapiao/init", os.path.join(DOCKER, "init"), True))
        return env, "0:0", [], ["bash"], binds, None
    jdk = java_home()
    binds.append(("/opt/fapiao", os.path.join(work, "image", "opt-fapiao"), True))
    env = {"PATH": os.path.join(jdk, "bin") + ":" + BASE_PATH, "JAVA_HOME": jdk, "FAPIAO_ROOT": "/fapiao",
           "HOME": "/opt/fapiao"}
    user = "10001:10001"
    if name == "fapiao/chaincode":
        return env, user, ["/opt/fapiao/bin/chaincode-service.sh"], [], binds, "/opt/fapiao"
    if name == "fapiao/tools":
        return env, user, [], ["bash"], binds, "/opt/fapiao"
    for service in SERVICE_IMAGES:
        if name == "fapiao/" + service:
            env["FAPIAO_SERVICE"] = service
            return env, user, ["/opt/fapiao/bin/service.sh"], [], binds, "/opt/fapiao"
    sys.exit("emulate: no stand-in for image " + svc["image"])


def prepare(work):
    for b in ("peer", "orderer", "configtxgen", "osnadmin"):
        if not os.access(os.path.join(FABRIC, "bin", b), os.X_OK):
            sys.exit("emulate: no %s in %s/bin; run network/fabric.sh install" % (b, FABRIC))
    opt = os.path.join(work, "image", "opt-fapiao")
    shutil.rmtree(opt, ignore_errors=True)
    os.makedirs(opt)
    os.chmod(opt, 0o755)
    shutil.copytree(os.path.join(DOCKER, "init"), os.path.join(opt, "init"))
    shutil.copytree(os.path.join(DOCKER, "bin"), os.path.join(opt, "bin"))
    for jar in JARS:
        if not os.path.isfile(os.path.join(ROOT, jar)):
            sys.exit("emulate: %s is missing; run ./fapiao build" % jar)
        shutil.copy(os.path.join(ROOT, jar), opt)
    if NETNS not in subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout:
        subprocess.run(["ip", "netns", "add", NETNS], check=True)
    subprocess.run(["ip", "netns", "exec", NETNS, "ip", "link", "set", "lo", "up"], check=True)
    # A container has an eth0 and the peer wants one non-loopback IPv4 address: a link-local one on
    # this namespace's own lo. No traffic goes there; every host name resolves to 127.0.0.1.
    subprocess.run(["ip", "netns", "exec", NETNS, "ip", "addr", "replace", "169.254.77.1/32", "dev", "lo"],
                   check=True)


# --- containers --------------------------------------------------------------------------------------

def mount_points(work):
    return os.path.join(work, "mount-points")


def container(name, svc, work, argv=None):
    """The shell script that sets up SERVICE's mount namespace and execs its process."""
    env, user, entrypoint, cmd, binds, workdir = image(svc, work)
    user = svc.get("user") or user
    for key, value in svc["environment"].items():
        env[key] = "" if value is None else unescape(value)
    for vol in svc["volumes"]:
        source = os.path.join(work, "volumes", vol["source"]) if vol["type"] == "volume" else vol["source"]
        os.makedirs(source, exist_ok=True)
        binds.append((vol["target"], source, bool(vol.get("read_only"))))
    binds.append(("/etc/hosts", os.path.join(work, "hosts"), True))
    lines = ["set -e", "mount --make-rprivate /"]
    for target, source, read_only in binds:
        t = shlex.quote(target)
        if target != "/etc/hosts":
            # The mount point must exist on the host: the topmost folder made for it is recorded, and
            # `down` removes it again if it holds nothing but empty folders.
            lines.append("p=%s; top=; while [ ! -e \"$p\" ]; do top=$p; p=$(dirname \"$p\"); done; mkdir -p %s; "
                         "if [ -n \"$top\" ]; then echo \"$top\" >> %s; fi" % (t, t, shlex.quote(mount_points(work))))
        lines.append("mount --bind %s %s" % (shlex.quote(source), t))
        if read_only:
            lines.append("mount -o remount,bind,ro %s" % t)
    if workdir:
        lines.append("cd %s" % shlex.quote(workdir))
    if argv is None:
        argv = entrypoint + [unescape(a) for a in (svc.get("command") or cmd)]
    uid, gid = str(user).split(":") if ":" in str(user) else (str(user), str(user))
    drop = "" if uid == "0" else "setpriv --reuid=%s --regid=%s --clear-groups -- " % (uid, gid)
    lines.append("exec %senv -i %s %s" % (drop, " ".join(shlex.quote("%s=%s" % kv) for kv in env.items()),
                                          " ".join(shlex.quote(a) for a in argv)))
    return "\n".join(lines)


def start(name, svc, work, argv=None, log=None, inherit=False):
    out = open(log, "ab") if log else (None if inherit else subprocess.DEVNULL)
    return subprocess.Popen(["ip", "netns", "exec", NETNS, "unshare", "--mount", "--", "bash", "-c",
                             container(name, svc, work, argv)],
                            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)


def healthy(name, svc, work):
    test = svc["healthcheck"]["test"]
    if test[0] == "CMD":
        argv = [unescape(a) for a in test[1:]]
    elif test[0] == "CMD-SHELL":
        argv = ["/bin/sh", "-c", unescape(test[1])]
    else:
        sys.exit("emulate: healthcheck %s of %s" % (test[0], name))
    probe = start(name, svc, work, argv=argv)
    try:
        return probe.wait(timeout=15) == 0
    except subprocess.TimeoutExpired:
        os.killpg(probe.pid, signal.SIGKILL)
        probe.wait()
        return False


def up(model, work, timeout):
    services = model["services"]
    os.makedirs(os.path.join(work, "logs"), exist_ok=True)
    prepare(work)
    with open(os.path.join(work, "hosts"), "w") as f:
        f.write("127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n")
        for name, svc in services.items():
            f.write("127.0.0.1 %s\n" % " ".join(sorted({name, svc.get("hostname", name)})))
    began = time.time()
    procs, state = {}, {}
    with open(os.path.join(work, "pids"), "a") as pids:
        while time.time() < began + timeout:
            progress = False
            for name, svc in services.items():
                if name in procs or not ready(name, svc, state, work):
                    continue
                print("%6.1fs start %s" % (time.time() - began, name), flush=True)
                procs[name] = start(name, svc, work, log=os.path.join(work, "logs", name + ".log"))
                pids.write("%d %s\n" % (procs[name].pid, name))
                pids.flush()
                state[name] = "running"
                progress = True
            for name, proc in procs.items():
                if state[name] != "running":
                    continue
                code = proc.poll()
                if code is not None:
                    state[name] = "exited0" if code == 0 else "failed"
                    print("%6.1fs %s exited %d" % (time.time() - began, name, code), flush=True)
                    if code != 0:
                        sys.exit("emulate: %s failed; see %s/logs/%s.log" % (name, work, name))
                    progress = True
                elif services[name].get("healthcheck") and healthy(name, services[name], work):
                    state[name] = "healthy"
                    print("%6.1fs %s healthy" % (time.time() - began, name), flush=True)
                    progress = True
            long_running = [n for n, s in services.items() if s.get("restart") not in (None, "no")]
            if all(state.get(n) == "healthy" for n in long_running) and \
                    all(state.get(n) in ("exited0", "healthy") for n in services):
                print("%6.1fs up: every long-running service healthy, every init step exited 0"
                      % (time.time() - began))
                return
            if not progress:
                time.sleep(2)
    sys.exit("emulate: not up in %d s: %s" % (timeout, json.dumps(state)))


def ready(name, svc, state, work):
    for dep, cond in svc["depends_on"].items():
        wanted = cond.get("condition", "service_started")
        have = state.get(dep)
        if have == "failed":
            sys.exit("emulate: %s cannot start: %s failed (see %s/logs/%s.log)" % (name, dep, work, dep))
        if wanted == "service_started" and have is None:
            return False
        if wanted == "service_healthy" and have != "healthy":
            return False
        if wanted == "service_completed_successfully" and have != "exited0":
            return False
    return True


def down(work):
    path = os.path.join(work, "pids")
    if os.path.exists(path):
        with open(path) as f:
            started = [line.split(" ", 1) for line in f.read().splitlines()]
        for pid, name in reversed(started):
            try:
                os.killpg(int(pid), signal.SIGTERM)
                print("stopped", name)
            except ProcessLookupError:
                pass
        time.sleep(5)
        for pid, _ in started:
            try:
                os.killpg(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.remove(path)
    subprocess.run(["ip", "netns", "del", NETNS], stderr=subprocess.DEVNULL)
    points = mount_points(work)
    if os.path.exists(points):
        with open(points) as f:
            made = set(f.read().split())
        for top in made:
            if not os.path.isdir(top):
                continue
            if any(files for _, _, files in os.walk(top)):
                print("emulate: left %s in place: something was written into it" % top)
                continue
            for folder, _, _ in sorted(os.walk(top), key=lambda entry: len(entry[0]), reverse=True):
                os.rmdir(folder)
        os.remove(points)


def main():
    parser = argparse.ArgumentParser(description="docker/compose.yaml without a Docker engine (see the source)")
    parser.add_argument("action", choices=["up", "down", "exec"])
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    parser.add_argument("--work", default="/tmp/fapiao-compose-emulation")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds `up` waits for everything")
    args = parser.parse_args()
    work = os.path.abspath(args.work)
    if os.geteuid() != 0:
        sys.exit("emulate: needs root (mount and network namespaces)")
    if args.action == "down":
        down(work)
        return
    model = load_model(COMPOSE)
    if args.action == "up":
        up(model, work, args.timeout)
        return
    if len(args.rest) < 2 or args.rest[0] not in model["services"]:
        sys.exit("emulate: exec SERVICE COMMAND...")
    sys.exit(start(args.rest[0], model["services"][args.rest[0]], work, argv=args.rest[1:], inherit=True).wait())


if __name__ == "__main__":
    main()
