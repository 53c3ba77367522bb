"""The Factsheet exception tree; interfaces map it to exit codes or HTTP in one place.

    FactsheetError
     +-- InputError              the article cannot be analysed (CLI exit 2, HTTP 422)
     |    +-- EmptyInput         empty or whitespace-only
     |    +-- BinaryInput        binary data (NUL or control bytes)
     |    +-- UndecodableInput   bytes that are not valid UTF-8
     |    +-- InputTooLong       longer than FACTSHEET_MAX_CHARS (HTTP 413)
     +-- ConfigError             settings are invalid
"""

from __future__ import annotations


class FactsheetError(Exception):
    """Base of every error Factsheet raises on purpose."""


class InputError(FactsheetError):
    """The article cannot be analysed."""


class EmptyInput(InputError):
    """The article is empty or whitespace only."""


class BinaryInput(InputError):
    """The article looks like binary data, not text."""


class UndecodableInput(InputError):
    """The article bytes are not valid UTF-8."""


class InputTooLong(InputError):
    """The article is longer than the configured limit."""


class ConfigError(FactsheetError):
    """Settings are invalid."""
