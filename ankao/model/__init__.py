"""The model: the typed, read-only vocabulary of a task book and what is derived from it alone."""
