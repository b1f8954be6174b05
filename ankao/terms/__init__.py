"""The next term (SPEC §10): starting it from the last one, and holding it to the record.

`link` reads the last term's repository named by `previous_term` (once per run,
bounded and safely); `carry` turns a unit's last book into the draft of its next
one and the last term's `ankao.yaml` into the new one's; `record` matches new
targets to old ones and applies the two rules `baseline-below-record` and
`target-below-record` as a check across files.
"""
