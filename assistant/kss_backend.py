"""kss, loaded once and lazily, and its sentence-split backends: which exist, which can run
here, and what to install for the others.

Importing kss is slow (it loads morphology dictionaries for all its modules), so it is
imported on the first call that needs it, once per process.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from types import ModuleType

from assistant.errors import DependencyMissingError

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "available_backends", "check_backend", "load_kss", "quiet"]

BACKENDS: tuple[str, ...] = ("punct", "fast", "mecab", "pecab")
"""Every kss backend this module accepts. kss's ``"auto"`` is deliberately not offered: it
picks a different analyzer depending on what is installed (and logs a warning saying so),
which would make the stored sentence ids depend on the machine."""

DEFAULT_BACKEND = "punct"
"""Default backend; see ``bench/split_backends.py`` for the measurements behind it."""

# What to install when a backend's analyzer is missing. punct/fast are pure kss.
_INSTALL_HINTS: dict[str, str] = {
    "punct": "kss",
    "fast": "kss",
    "mecab": "python-mecab-ko python-mecab-ko-dic",
    "pecab": "pecab",
}

_kss: ModuleType | None = None
_kss_lock = threading.Lock()
_available: dict[str, bool] = {}
"""Backend name -> whether kss can run it here (probed once per process)."""


# --------------------------------------------------------------------------------------
# kss loading and backend checks
# --------------------------------------------------------------------------------------


def load_kss() -> ModuleType:
    """Import kss once and cache the module.

    kss prints nothing on import, but with warnings enabled (as under pytest or
    ``python -W default``) its g2p/paradigm modules emit ``ResourceWarning`` for files
    they open and never close. Those are kss internals the user cannot act on, so they are
    silenced for the duration of the import only.

    Returns:
        The ``kss`` module.

    Raises:
        DependencyMissingError: kss is not installed.
    """
    global _kss
    if _kss is not None:
        return _kss
    with _kss_lock:  # two UI threads must not both pay the 5 s import
        if _kss is None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ResourceWarning)
                    warnings.simplefilter("ignore", DeprecationWarning)
                    import kss
            except ImportError as exc:
                raise DependencyMissingError(
                    "Sentence splitting needs 'kss', which is not installed: run "
                    "`pip install kss` (or `pip install -e .` in the project)"
                ) from exc
            _kss = kss
    return _kss


def quiet(backend: str) -> contextlib.AbstractContextManager[object]:
    """Silence pecab's numpy overflow warnings around one kss call.

    pecab sums int16 path costs and numpy reports ``RuntimeWarning: overflow encountered
    in scalar add`` on many ordinary sentences; it is pecab-internal, does not make the
    split fail, and would flood the logs of an ingest. ``numpy.errstate`` is used rather
    than ``warnings.catch_warnings`` because it is thread-local and scoped to this call.
    """
    if backend != "pecab":
        return contextlib.nullcontext()
    import numpy  # present whenever pecab is (it depends on it)

    return numpy.errstate(over="ignore")


def _probe(backend: str) -> bool:
    """Whether kss can actually run ``backend`` here.

    kss decides this itself when a backend is first used (it raises ``ImportError`` if the
    analyzer package is missing), so the most reliable probe is a tiny real call rather than
    guessing module names.
    """
    if backend not in _available:
        kss = load_kss()
        try:
            with quiet(backend):
                kss.split_sentences("가나다.", backend=backend)
        except ImportError:
            _available[backend] = False
        else:
            _available[backend] = True
    return _available[backend]


def available_backends() -> list[str]:
    """The kss backends that can run in this environment.

    Imports kss on the first call.

    Returns:
        The usable subset of :data:`BACKENDS`, in that order (fastest-to-import first).
    """
    return [name for name in BACKENDS if _probe(name)]


def check_backend(backend: str) -> str:
    """Validate ``backend`` and make sure it can run.

    Args:
        backend: Backend name, case-insensitive.

    Returns:
        The normalised (lower-case) backend name.

    Raises:
        ValueError: The name is not a known backend (checked before importing kss).
        DependencyMissingError: The backend's analyzer package is not installed.
    """
    name = backend.strip().lower() if isinstance(backend, str) else backend
    if name not in BACKENDS:
        raise ValueError(
            f"Unknown sentence-split backend {backend!r}; valid backends are: "
            f"{', '.join(BACKENDS)}"
        )
    if not _probe(name):
        raise DependencyMissingError(
            f"The sentence-split backend {name!r} needs a package that is not installed: "
            f"run `pip install {_INSTALL_HINTS[name]}`, or choose one of "
            f"{', '.join(available_backends())}"
        )
    return name
