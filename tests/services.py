"""Throwaway PostgreSQL clusters and nginx instances for tests (Debian's packages, started per test session).

Availability policy, as for Chromium (tests/e2e/conftest.py): a missing binary is a skip locally, a failure
when `UCJ_REQUIRE_BROWSER=1` or `CI` is set (CI installs postgresql and nginx in `.ci/run`).

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user (created by
Debian's package) and its commands run through `runuser`; as any other user they run directly. The cluster
lives in a temporary folder, listens on 127.0.0.1 on a free port, with its unix socket in that folder.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["free_port", "required", "missing", "pg_bin_dir", "nginx", "nginx_binary", "postgres_cluster", "PgCluster"]


def required() -> bool:
    """True in CI: a missing service is then a failure, never a skip."""
    return os.environ.get("UCJ_REQUIRE_BROWSER") == "1" or os.environ.get("CI", "").lower() in ("1", "true")


def missing(reason: str) -> None:
    if required():
        pytest.fail(f"{reason} (required in CI: .ci/run installs it)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin_dir() -> Path | None:
    """Debian puts the server binaries in /usr/lib/postgresql/<major>/bin (newest major first)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@dataclass
class PgCluster:
    folder: Path
    port: int
    user: str = "ucj"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _as_owner(command: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *command] if owner else command


@contextlib.contextmanager
def postgres_cluster() -> Iterator[PgCluster]:
    """Start a fresh PostgreSQL cluster (initdb + pg_ctl) and stop and remove it afterwards."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        missing("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    owner = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            missing("running as root and no 'postgres' user to own the cluster")
        owner = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="ucj-pg-"))
    data = folder / "data"
    if owner:
        info = pwd.getpwnam(owner)
        os.chown(folder, info.pw_uid, info.pw_gid)
    port = free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        _as_owner(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "ucj", "--auth=trust", "-E", "UTF8", "--no-sync"],
            owner,
        ),
        check=True,
        capture_output=True,
        env=env,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    log = folder / "server.log"
    subprocess.run(
        _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"], owner),
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        yield PgCluster(folder=folder, port=port)
    finally:
        subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], owner),
            capture_output=True,
            env=env,
        )
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@contextlib.contextmanager
def nginx(upstream_ports: list[int]) -> Iterator[int]:
    """deploy/nginx.conf with its placeholders filled in, listening on a free loopback port."""
    binary = nginx_binary()
    if binary is None:
        missing("nginx not found (apt-get install nginx)")
    prefix = Path(tempfile.mkdtemp(prefix="ucj-nginx-"))
    os.chmod(prefix, 0o777)  # worker processes (user nobody when started as root) write temp files here
    port = free_port()
    upstreams = " ".join(f"server 127.0.0.1:{p};" for p in upstream_ports)
    conf = (Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("@PREFIX@", str(prefix)).replace("@LISTEN@", f"127.0.0.1:{port}")
    conf = conf.replace("@UPSTREAMS@", upstreams)
    (prefix / "nginx.conf").write_text(conf, encoding="utf-8")
    started = subprocess.run(
        [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")],
        capture_output=True,
        text=True,
    )
    assert started.returncode == 0, started.stderr
    try:
        wait_for_port(port)
        yield port
    finally:
        pid_file = prefix / "nginx.pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().strip()), 15)
