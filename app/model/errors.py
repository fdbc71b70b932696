"""Errors raised by the journey model and the document store."""


class ModelError(ValueError):
    """A command or a value does not fit the map (unknown id, value out of range...)."""


class MutationOutsideCommand(RuntimeError):
    """Something tried to change a map without going through a command."""
