"""The Gradio chat app (``python -m ui``); see :mod:`ui.app`."""

from __future__ import annotations

__all__ = ["create_app", "main"]


def __getattr__(name: str):
    # gradio is heavy: import the app only when it is asked for
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
