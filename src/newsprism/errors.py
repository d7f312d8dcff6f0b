"""Errors newsprism raises, as a small hierarchy::

    NewsprismError            anything newsprism refuses to do
     ├── InputError           one input cannot be read: names the file and the problem
     └── UsageError           options that do not make sense together

and the warnings reading gives when it goes on: ``SkippedInput`` (a bad input left out) and
``PartialInput`` (an input kept, read in part).

The CLI turns ``InputError`` into exit code 1 and ``UsageError`` into exit code 2; the library never
prints or exits.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose."""


class InputError(NewsprismError):
    """An input file (or stdin) that cannot be read as an article."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class UsageError(NewsprismError):
    """Options or arguments that do not make sense."""


class SkippedInput(UserWarning):
    """Issued for a bad input that ``skip_bad`` turned into a warning."""


class PartialInput(UserWarning):
    """Issued for an input read in part: it was kept, and the message says what stood in for
    the part that could not be read (never counted as skipped)."""
