"""Office review comments (SPEC §1, §4): load, check, merge, import from Word, answer status."""
