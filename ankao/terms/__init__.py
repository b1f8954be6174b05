"""The next term (SPEC §10): a unit's new book drafted from its last one (`carry`).

Reading the last term's repository (`repository.previous`) and the two rules that
hold a new term to its record (`repository.lastterm`) are checks of the
repository pass; what both terms share of a target is `model.continuity`.
"""
