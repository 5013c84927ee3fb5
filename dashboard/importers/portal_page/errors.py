"""The one error of the page importer."""


class ImportError_(Exception):  # the trailing underscore keeps it apart from the builtin ImportError
    """A refusal or failure with a message for the operator (the command exits 1)."""
