"""ankao: the term-goal task books of a university's middle-level leadership teams.

The layers, each reading only the ones above it:

1. Loading — a file on disk becomes data, with every problem a finding:
   `files` (bounded, regular files only), `loading` (`Document`: encoding,
   full-width marks, syntax, size), `yaml12` (YAML 1.2 core meanings, alias
   guard), `schemas` (JSON Schema; jsonschema-rs decides validity, jsonschema
   explains failures in Chinese), `names` (invisible characters in names),
   `config` (`ankao.yaml`).
2. Model — `model` (`Finding`, `Report`; the typed, read-only `TaskBook`,
   `Target`, `Metric`, `Number`, and `BookOutline`, what the checks across
   files need of a book), `books` (the one place a task book's raw mapping is
   read: `build`, `fingerprint`), `located` (`Loaded`: any other file without
   its node tree; `FilePositions`, found again from the file when a finding
   needs them), `taskbook` (sections and aspects of SPEC §2).
3. The repository pass — `repository.scan`: every file of SPEC §1 loaded once
   (`validation.run`, across the cores when there are many), the models built,
   the rules applied where each book is read, each unit's review folder
   checked where it is read, and the cross-file checks settled at the end
   (`rules.repository`). `check` takes back only outlines and findings;
   commands that use the books take back the models and records.
4. Rules and commands, pure where they can be — `rules/` (what `ankao check`
   asks), `reviews/` (comments: merge, import, packets, status, respond),
   `grades` + `consequences` (五(三)2), `procedure/` (approvals, stages, status,
   summary), `assessment` + `assessing` (SPEC §8), `diff/` + `revisions`
   (two versions of a book), `scaffold` (init, new), `forms/` (SPEC §9: the
   workbook a unit fills in, read back — layout, write, read, merge, apply,
   yamledit with ruamel.yaml — and the 反馈表's answers), `codes` (every code in
   Chinese, for `ankao rules` and `docs/`).
5. Reporters and renderers at the edge — `reporters` (text / json / github),
   `textgrid` (tables of many rows, drawn without rich's per-cell layout),
   `rendering/` (Word documents on a `reference.docx`, Excel workbooks,
   Jinja2 text), `docxsafe` and `xlsxsafe` (Word and Excel files that inflate,
   refused by size before they are parsed).
6. The command line — `cli/`: parse options, call one function of the layers
   above, report, exit with the status of SPEC §3.
"""

__version__ = "0.1.0"
