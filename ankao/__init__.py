"""ankao: the term-goal task books of a university's middle-level leadership teams."""

__version__ = "0.1.0"
