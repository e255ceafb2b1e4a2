"""Exceptions raised by the assistant library.

Every error the library raises on purpose derives from :class:`AssistantError`, so the CLI
and the UI can catch one type and show its message. Each message is written for the person
who has to fix the problem (an admin loading a catalog, a user choosing a model).
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class for every error the assistant raises on purpose."""


class CatalogError(AssistantError):
    """A catalog file cannot be ingested; the message lists the file, rows and reasons."""


class ModelLoadError(AssistantError):
    """A model id or path cannot be loaded (missing folder, wrong kind of model, no network)."""


class IndexMissingError(AssistantError):
    """The database or its FAISS index does not exist yet; run ``ingest`` or ``build``."""


class StaleIndexError(AssistantError):
    """The FAISS index does not match the database (other model, dimension or contents)."""


class StorageError(AssistantError):
    """The database or index file cannot be used: locked by another program, disk full, not
    a SQLite database, or an incompatible older layout; the message says what to do."""


class DependencyMissingError(AssistantError, ImportError):
    """An optional heavy dependency (torch, faiss, gradio, …) is not installed."""


class ReferenceDataMissing(AssistantError, FileNotFoundError):
    """The shared reference data (KorQuAD, KorSTS, KLUE-STS) is not where evaluation looks."""


class ConfigError(AssistantError):
    """A setting is invalid (index string, metric, split backend, threshold …)."""


def require(module: str, extra: str = "") -> object:
    """Import ``module`` lazily, turning ImportError into an install hint.

    Args:
        module: Dotted module name, e.g. ``"faiss"``.
        extra: What to install, e.g. ``"faiss-cpu"``; defaults to the module name.

    Returns:
        The imported module.

    Raises:
        DependencyMissingError: The module is not installed.
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        hint = extra or module
        raise DependencyMissingError(
            f"'{module}' is not installed: run `pip install {hint}` "
            f"(or `pip install -e .` in the project)"
        ) from exc
