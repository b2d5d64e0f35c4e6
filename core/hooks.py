"""Extension points: an earlier app declares a hook and calls it; a later app plugs in from its AppConfig.ready.

This is how the layers (core < positions < candidates < evaluations < recruiting, kept by .importlinter) let
a later app add to an earlier app's pages and rules without the earlier app importing it. A hook with nothing
plugged in answers an empty list, so an earlier app still works on its own, except a hook declared
`required`: a rule that must not pass silently when nobody answers (who may be unmasked, who sits on a panel).
`manage.py check` (core.E201) fails while a required hook has nothing plugged in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import checks

DECLARED: list[Hook] = []


class Hook:
    def __init__(self, name: str, doc: str, *, required: bool = False):
        self.name = name
        self.__doc__ = doc
        self.required = required
        self._functions: list[Callable[..., Any]] = []
        DECLARED.append(self)

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


@checks.register()
def check_required_hooks(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"The hook {hook.name} has nothing plugged in, so its rule would pass unchecked.",
            hint="Plug a function in from the AppConfig.ready of the app that answers it.",
            obj=hook.name,
            id="core.E201",
        )
        for hook in DECLARED
        if hook.required and not hook._functions
    ]
