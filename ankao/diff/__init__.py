"""Two versions of a task book -> the changes between them, each classed (pure).

Targets are matched by `id`: a target only in the later version is `added`, one
only in the earlier is `removed` (a renamed id is both), and every field whose
value differs is a `changed` entry with its value before and after. Only values
count: comments, formatting, key order, line numbers and the order of any list
(targets, aspects, milestones, members) never make a change; numbers compare by
value (5 and 5.0 are equal) and show as written.

Each change is classed by what it does to the unit's commitment:

- `weakened`: a removed target; a metric dropped (quantitative -> qualitative);
  a target value or a milestone moved against the metric's direction (lower for
  increase / at_least, higher for decrease / at_most: a lower milestone is a
  later one); a target value or a milestone left out.
- `strengthened`: a metric added (qualitative -> quantitative); a target value or
  milestone moved with the direction, or newly given; an added quantitative
  target (a new measurable commitment).
- `neutral`: everything else: an added qualitative target, text (content,
  criteria, aspect, owner), a target moved to another section, a baseline (a
  fact about the start, not a promise), a changed direction or unit (the numbers
  are no longer comparable: a person must judge), maintain targets, members,
  term, profile and overall goal.

`actuals` (年度完成情况) are reports, not commitments: they are left out, as
they are from the fingerprint (SPEC §7).
"""

from ankao.diff.canonical import canonical_text
from ankao.diff.change import (
    ADDED,
    CHANGED,
    CLASS_LABELS,
    FIELD_TITLES,
    NEUTRAL,
    REMOVED,
    RENUMBERED,
    STRENGTHENED,
    WEAKENED,
    Change,
    field_title,
)
from ankao.diff.changes import (
    BookDiff,
    describe_member,
    diff_books,
)
from ankao.diff.join import (
    ACCEPTING,
    ACTED_ON,
    NOT_ACCEPTED,
    NOT_ACTED_ON,
    UNANSWERED,
    UNCLEAR,
    CommentStatus,
    comment_status,
    unrequested,
)
from ankao.diff.targets import (
    describe_metric,
    describe_target,
    share_text,
)

__all__ = [
    "ACCEPTING",
    "ACTED_ON",
    "ADDED",
    "CHANGED",
    "CLASS_LABELS",
    "FIELD_TITLES",
    "NEUTRAL",
    "NOT_ACCEPTED",
    "NOT_ACTED_ON",
    "REMOVED",
    "RENUMBERED",
    "STRENGTHENED",
    "UNANSWERED",
    "UNCLEAR",
    "WEAKENED",
    "BookDiff",
    "Change",
    "CommentStatus",
    "canonical_text",
    "comment_status",
    "describe_member",
    "describe_metric",
    "describe_target",
    "diff_books",
    "field_title",
    "share_text",
    "unrequested",
]
