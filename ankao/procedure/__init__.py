"""The procedure (四) of SPEC §7: stages and their order, approvals files, status and the roll-up.

`stages` holds the order (pure); `approvals` reads an approvals file and
appends an event (`ankao approve`); `status` puts every unit's stage, review
round, open comments and check result side by side (`ankao status`);
`summary` gathers every unit's targets and figures for the office's roll-up
(`ankao summary`, written by `ankao.render.summary`).
"""
