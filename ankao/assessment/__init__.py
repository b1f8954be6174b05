"""The term assessment of SPEC §8 over a repository: every unit's book against its actuals."""
