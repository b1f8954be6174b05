"""The repository of SPEC §1: its layout, its files as records, the one pass that reads them, the checks across files."""
