"""Where ``congvan backfill`` runs its batches: the engine interface and the Dask engine (issue 17).

An engine starts batches of paths on some workers and hands back each finished batch, one at a
time, as it finishes; the backfill driver decides how many are in flight (backpressure), writes
the shards and the manifest, and retries what failed. The interface is small so that a second
engine (Ray, as docling's batch jobs use: ``ray.remote`` + ``ray.wait``) can be added beside
:class:`DaskEngine` without touching the driver.

Dask is an optional extra (``pip install -e ".[cluster]"``); nothing here imports it before an
engine is made, so the base install never needs it.
"""
from __future__ import annotations

import logging
import uuid
from concurrent.futures import CancelledError
from typing import Any, Callable, Protocol

log = logging.getLogger(__name__)

INSTALL_HINT = ('congvan backfill needs the cluster extra (Dask distributed): '
                'pip install -e ".[cluster]"  (or: pip install "congvan[cluster]")')


class EngineUnavailable(RuntimeError):
    """The engine's package is not installed, or its cluster cannot be reached."""


class WorkerLost(RuntimeError):
    """The worker running a batch died (killed, out of memory) more often than the engine allows."""


class Engine(Protocol):
    name: str

    def capacity(self) -> int:
        """How many batches the workers can run at once now (their threads)."""

    def start(self, fn: Callable[..., dict], batches: list[tuple[str, list[str]]], **kwargs: Any) -> None:
        """Start ``fn(paths, **kwargs)`` for each ``(key, paths)``; keys are unique per run."""

    def pending(self) -> int:
        """Batches started and not yet handed back by :meth:`next_done`."""

    def next_done(self) -> tuple[str, dict | BaseException]:
        """Block until a batch finishes; its key and its result, or the exception it ended with
        (:class:`WorkerLost` when its worker kept dying)."""

    def run_on_workers(self, fn: Callable[[], Any]) -> dict[str, Any]:
        """``fn()`` on every worker now: worker name -> what it returned."""

    def describe(self) -> str:
        """A few words for the terminal and the manifest (``dask tcp://10.0.0.5:8786, 12 workers``)."""

    def close(self) -> None: ...


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


class DaskEngine:
    """Batches on Dask distributed: ``Client.map`` with ``retries`` (for exceptions a batch
    raises, such as storage that hiccups), ``as_completed`` to hand them back as they finish.
    A worker that dies mid-batch is noticed by the scheduler, which runs the batch again on
    another worker up to its ``distributed.scheduler.allowed-failures`` (3 by default) and then
    fails it with ``KilledWorker`` (given back here as :class:`WorkerLost`).

    Without ``scheduler`` it starts a ``LocalCluster`` of ``workers`` processes (one thread
    each: every batch extracts in a child process of its own, see ``congvan.pipeline.backfill``) bound
    to 127.0.0.1; with it, it joins a running cluster (``dask scheduler`` / ``dask worker``)."""

    name = "dask"

    def __init__(self, *, scheduler: str | None = None, workers: int | None = None, retries: int = 2,
                 cluster: Any = None, connect_timeout: float = 30.0):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise EngineUnavailable(INSTALL_HINT) from exc
        self.retries = retries
        self._own_cluster = None
        if not logging.getLogger().isEnabledFor(logging.INFO):  # Dask logs every connection at INFO
            logging.getLogger("distributed").setLevel(logging.WARNING)
        if cluster is not None:  # a cluster the caller made (tests, notebooks)
            self.client = Client(cluster)
        elif scheduler:
            try:
                self.client = Client(scheduler, timeout=connect_timeout)
            except (OSError, TimeoutError) as exc:
                raise EngineUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        else:
            self._own_cluster = LocalCluster(n_workers=max(1, workers or 1), threads_per_worker=1,
                                             processes=True, host="127.0.0.1", dashboard_address=None,
                                             # its HTTP routes on a free local port, not 8787 (taken by
                                             # the next cluster on the machine)
                                             scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                             silence_logs=logging.ERROR)
            self.client = Client(self._own_cluster)
        self._ac = None
        self._pending = 0
        # Dask keys are global to the scheduler: two backfills sharing a cluster must not share keys
        self._prefix = f"congvan-{uuid.uuid4().hex[:12]}-"

    def capacity(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def run_on_workers(self, fn: Callable[[], Any]) -> dict[str, Any]:
        return self.client.run(fn)

    def start(self, fn: Callable[..., dict], batches: list[tuple[str, list[str]]], **kwargs: Any) -> None:
        from distributed import as_completed

        if not batches:
            return
        futures = self.client.map(fn, [paths for _, paths in batches], key=[self._prefix + k for k, _ in batches],
                                  retries=self.retries, pure=False, **kwargs)
        if self._ac is None:
            self._ac = as_completed(futures)
        else:
            self._ac.update(futures)
        self._pending += len(futures)

    def pending(self) -> int:
        return self._pending

    def next_done(self) -> tuple[str, dict | BaseException]:
        from distributed import KilledWorker

        future = next(self._ac)
        self._pending -= 1
        key = str(future.key).removeprefix(self._prefix)
        try:
            return key, future.result()
        except KilledWorker as exc:
            return key, WorkerLost(f"the Dask worker running it died more often than the scheduler allows ({exc})")
        except CancelledError as exc:  # the scheduler went away: nothing to do with the files
            raise EngineUnavailable(f"lost the Dask scheduler ({type(exc).__name__}: {exc})") from exc
        except Exception as exc:  # noqa: BLE001 - the driver decides what a failed batch becomes
            if self.client.status not in ("running", "connecting"):
                raise EngineUnavailable(f"lost the Dask scheduler ({type(exc).__name__}: {exc})") from exc
            return key, exc
        finally:
            future.release()

    def describe(self) -> str:
        where = "LocalCluster" if self._own_cluster is not None else self.client.scheduler.address
        n = len(self.client.nthreads())
        return f"dask {where}, {n} worker(s), {self.capacity()} thread(s)"

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self._own_cluster is not None:
                self._own_cluster.close()


def make_engine(name: str = "dask", **options: Any) -> Engine:
    if name == "dask":
        return DaskEngine(**options)
    raise EngineUnavailable(f"unknown engine {name!r} (known: dask)")
