"""The one exception of ankao: the tool cannot continue (exit 2).

Apart from `ankao.model.book` so that the command line, which needs it at start-up,
does not pay for building the model's classes (`ankao --help` stays fast).
"""

from __future__ import annotations


class AnkaoError(Exception):
    """The tool cannot continue (missing file, unwritable folder, bad usage): exit 2.

    The message is Chinese and shown to the user as one line.
    """
