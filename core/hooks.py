"""Extension points: an earlier app declares a hook and calls it; a later app plugs in from its AppConfig.ready.

This is how the layers (core < positions < candidates < evaluations < recruiting, kept by .importlinter) let
a later app add to an earlier app's pages and rules without the earlier app importing it. A hook with nothing
plugged in answers an empty list, so an earlier app still works on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, name: str, doc: str):
        self.name = name
        self.__doc__ = doc
        self._functions: list[Callable[..., Any]] = []

    def register(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Plug `function` in (once, however often the app registry is set up); usable as a decorator."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def __call__(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Every plugged-in function's answer, in the order they were plugged in."""
        return [function(*args, **kwargs) for function in self._functions]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._functions)} plugged in>"
