"""Loading: a file on disk becomes data, every problem a finding (bounded reads, YAML 1.2, schemas, config)."""
