"""ankao: the term-goal task books of a university's middle-level leadership teams.

The packages, one per layer; each reads only the layers below it (`make lint`
holds it with import-linter's contracts in pyproject.toml, and
tests/test_layers.py finds no import cycle, counting imports inside functions):

- `cli/` — the command line: parse options, call one function of the layers
  below, pick a reporter, exit with the status of SPEC §3.
- `reporters/` — findings as text, JSON or GitHub annotations; the tables of
  `assess`, `status` and `intake`; tables of many rows.
- `forms/` — the workbooks units fill in Excel or WPS: written from the books
  (with `render/`'s workbook helpers) and read back into them (with the domain's
  diff and checks).
- `render/` — Word documents on a `reference.docx`, Excel workbooks, Jinja2 text.
- The domain, pure where it can be: `assessment/` (the term assessment of
  SPEC §8 over a repository), `procedure/` (approvals, stages, status,
  roll-up), `reviews/` (comments: merge, routing, status, respond, Word
  import), `grades/` (五（三）2: consequences of the grades), `diff/` (two
  versions of a book), `terms/` (the next term drafted from the last one),
  `scaffold` (init, new).
- `repository/` — SPEC §1: `layout` (which file is whose), each kind of file
  as records (`reviews`, `grades`), the one pass (`scan`, `checking`, across
  the cores), the checks across files (`crosscheck`; `previous` and `lastterm`:
  the last term's repository and the rules that hold a new term to its record).
- `rules/` — what `ankao check` asks of one task book (SPEC §3), one module per
  family, each rule declared with its code object.
- `model/` — the typed, read-only vocabulary: `book` (TaskBook, Target,
  Metric…), `build` (the one reader of a book's raw mapping), `located`,
  `sections`, `refs`, `progress` (the expected line and completion of SPEC §8),
  `grades` (a year of grades), `continuity` (a target across two terms),
  `direction` (a target's `Direction` and its comparisons), `quotes` (the text a
  review comment quotes, found again in a book).
- `load/` — a file on disk becomes data, every problem a finding: `files`
  (bounded, regular files only), `document`, `yaml12`, `schemas`, `config`,
  `names`, `boundedzip` (a zip bounded against bombs), `docxsafe`, `xlsxsafe`,
  `identity`, `xmltext`.
- `findings/` — `Finding`, `Severity`, `Report`, and `codes`: the registry of
  every diagnostic code (severity, Chinese text, seed clause).
- `errors` (`AnkaoError`: exit 2), `slots` (fast slotted dataclasses),
  `formatting` (how a numeral, a percentage, a figure and a term print: the one
  owner, for messages, tables and documents alike) and `pool` (worker processes
  that Ctrl-C ends cleanly), which everything may use.
"""

__version__ = "0.1.0"
