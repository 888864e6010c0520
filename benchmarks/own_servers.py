"""A Postgres 15 cluster and a RabbitMQ node of the benchmark's own, on loopback ports.

The fault run restarts its servers, and the machine's own servers are shared: so it starts these
instead, in a directory under .run/, and removes them at the end. Postgres refuses to run as root,
so as root its commands run as the ``postgres`` OS user (runuser). RabbitMQ runs as the calling
user with a node name, ports, data, log, plugins, configuration and Erlang cookie of its own; it
registers with the machine's epmd like any other node, and nothing else of the machine's node is
touched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.running_platform import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
RABBIT_BIN = Path("/usr/lib/rabbitmq/bin")


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@dataclass
class OwnPostgres:
    """``initdb`` into a directory, ``pg_ctl`` start/stop/restart, trust auth on loopback."""

    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/daiban_fault"

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @classmethod
    def create(cls, directory: Path) -> OwnPostgres:
        directory = directory.resolve()
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")
        pg = cls(directory, free_port())
        subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(pg.data), "-U",
                                     "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"]),
                       check=True, capture_output=True)
        with (pg.data / "postgresql.conf").open("a") as conf:
            conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {pg.port}\n"
                       f"unix_socket_directories = '{directory}'\nmax_connections = 200\n"
                       "fsync = on\nsynchronous_commit = on\n")
        pg.start()
        subprocess.run(_as_postgres([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p",
                                     str(pg.port), "-U", "postgres", "daiban_fault"]),
                       check=True, capture_output=True)
        return pg

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l",
                                     str(self.directory / "server.log"), "-w", "-t", "60",
                                     *args]), check=True, capture_output=True)

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        """A fast restart: every connection is cut, in-flight transactions roll back."""
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass
class OwnRabbit:
    """A RabbitMQ node ``daiban-fault-<pid>@localhost`` with everything of its own."""

    directory: Path
    node: str
    port: int
    dist_port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    @property
    def env(self) -> dict[str, str]:
        d = self.directory
        return {**os.environ, "HOME": str(d), "RABBITMQ_NODENAME": self.node,
                "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1", "RABBITMQ_NODE_PORT": str(self.port),
                "RABBITMQ_DIST_PORT": str(self.dist_port),
                "RABBITMQ_MNESIA_BASE": str(d / "mnesia"), "RABBITMQ_LOG_BASE": str(d / "log"),
                "RABBITMQ_ENABLED_PLUGINS_FILE": str(d / "enabled_plugins"),
                "RABBITMQ_CONFIG_FILE": str(d / "rabbitmq"),
                "RABBITMQ_CONF_ENV_FILE": str(d / "rabbitmq-env.conf"),
                "RABBITMQ_ADVANCED_CONFIG_FILE": str(d / "advanced.config"),
                "RABBITMQ_PID_FILE": str(d / "rabbit.pid"),
                "ERL_EPMD_ADDRESS": "127.0.0.1"}

    @classmethod
    def create(cls, directory: Path, name: str) -> OwnRabbit:
        directory = directory.resolve()
        if directory.exists():
            shutil.rmtree(directory)
        (directory / "log").mkdir(parents=True)
        rabbit = cls(directory, f"{name}-{os.getpid()}@localhost", free_port(), free_port())
        cookie = directory / ".erlang.cookie"
        cookie.write_text(secrets.token_hex(20))
        cookie.chmod(0o400)
        (directory / "enabled_plugins").write_text("[].\n")
        (directory / "rabbitmq-env.conf").write_text("")
        (directory / "advanced.config").write_text("[].\n")
        (directory / "rabbitmq.conf").write_text(
            f"listeners.tcp.default = 127.0.0.1:{rabbit.port}\n"
            "loopback_users.guest = true\n"
            "disk_free_limit.absolute = 100MB\n")
        rabbit.start()
        rabbit.ctl("enable_feature_flag", "all")
        return rabbit

    def ctl(self, *args: str, timeout: float = 60) -> str:
        done = subprocess.run([str(RABBIT_BIN / "rabbitmqctl"), "-n", self.node, *args],
                              env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout

    def start(self) -> None:
        log = (self.directory / "log" / "server.out").open("ab")
        self.process = subprocess.Popen(
            [str(RABBIT_BIN / "rabbitmq-server")], env=self.env, cwd=self.directory,
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        self.ctl("wait", "--pid", self._pid(), "--timeout", "90", timeout=120)

    def _pid(self) -> str:
        pid_file = Path(self.env["RABBITMQ_PID_FILE"])
        deadline = time.monotonic() + 60
        while not pid_file.exists() or not pid_file.read_text().strip():
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"rabbitmq-server exited: see {self.directory}/log")
            if time.monotonic() > deadline:
                raise RuntimeError("rabbitmq-server wrote no pid file")
            time.sleep(0.2)
        return pid_file.read_text().strip()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.ctl("stop", timeout=60)
        except (RuntimeError, subprocess.TimeoutExpired):
            self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        """The broker goes away and comes back: every connection is cut."""
        self.stop()
        Path(self.env["RABBITMQ_PID_FILE"]).unlink(missing_ok=True)
        self.start()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
