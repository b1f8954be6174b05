"""Forms and intake (SPEC §9): units fill in Excel or WPS, ankao reads it back into minimal YAML edits."""
