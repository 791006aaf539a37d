"""Running a build's two pure steps on a Dask cluster (``policygraph build --executor dask``).

:func:`policygraph.build.extract_file` (file → record) and
:func:`policygraph.build.graph_nquads` (record + the titles it cites → N-Quads) depend on
nothing but their arguments, so they can run anywhere.  :func:`dask_mapper` maps them over a
``dask.distributed`` cluster in bounded waves; this process keeps the catalogue, the record
cache and the store, and receives each result as it is ready.  Dask is an optional extra
(``pip install 'policygraph[dask]'``).

Workers on other machines read the input files themselves, so the paths given to
``policygraph build`` must resolve to the same files there (a shared or replicated folder).

Example, a local cluster of two processes::

    from dask.distributed import Client, LocalCluster
    from policygraph.build import build
    from policygraph.distributed import dask_mapper

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
        build(["corpus"], "out/store", mapper=dask_mapper(client))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

WAVE = 256  # tasks in flight per wave: bounds memory on the client and the scheduler


class DaskUnavailable(RuntimeError):
    """Dask is not installed, or the scheduler cannot be reached."""


def connect(scheduler: str | None, workers: int = 2) -> tuple[Any, Callable[[], None]]:
    """A ``dask.distributed.Client`` for ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``), or for a new local cluster of ``workers`` processes; and the
    function that closes it (and the local cluster)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise DaskUnavailable("the dask executor needs Dask: pip install 'policygraph[dask]'") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        return client, client.close
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


def dask_mapper(client: Any, wave: int = WAVE) -> Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]:
    """A mapper for :func:`policygraph.build.build`: ``fn`` over ``items`` on the cluster,
    results in input order, at most ``wave`` tasks submitted ahead of the one being read."""
    from policygraph.build import bounded_map

    executor = client.get_executor(pure=False)
    return lambda fn, items: bounded_map(executor, fn, items, inflight=wave)
