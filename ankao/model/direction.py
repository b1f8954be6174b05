"""A target's direction (方向, SPEC §2): the one owner of what "better" means for a metric.

`increase` 提高 and `decrease` 降低 move from the baseline to the target over the
term; `maintain` 保持, `at_least` 不低于 and `at_most` 不高于 are promised every
year. Every decision that depends on the direction — is an actual at or beyond
what a year asks (assessment, `behind-milestone`), does a target lie on the side
of its baseline (`metric-direction`), does a milestone go back (`milestones`), is
a changed figure a stronger commitment (`ankao diff`) — is made here and imported.
"""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    """increase (the default), decrease, maintain, at_least or at_most."""

    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"

    @classmethod
    def of(cls, text: object) -> Direction:
        """The direction a book writes (`None` or empty: increase; an unknown word: increase).

        An unknown word is a `schema` error and such a book is never built; the
        fallback only keeps a draft readable.
        """
        try:
            return cls(str(text)) if text else cls.INCREASE
        except ValueError:
            return cls.INCREASE

    @property
    def label(self) -> str:
        """The Chinese word (提高, 降低, 保持, 不低于, 不高于)."""
        return LABELS[self]

    @property
    def every_year(self) -> bool:
        """True for maintain, at_least and at_most: the target is promised in every year."""
        return self in (Direction.MAINTAIN, Direction.AT_LEAST, Direction.AT_MOST)

    @property
    def sense(self) -> int:
        """Which way a number must move to be better: +1 up, −1 down, 0 towards the target."""
        if self in (Direction.INCREASE, Direction.AT_LEAST):
            return 1
        if self in (Direction.DECREASE, Direction.AT_MOST):
            return -1
        return 0

    def at_or_beyond(self, value: float, reference: float) -> bool:
        """True when `value` is at `reference` or beyond it in this direction.

        increase / at_least: value ≥ reference; decrease / at_most: value ≤
        reference; maintain: value = reference.
        """
        if self.sense > 0:
            return value >= reference
        if self.sense < 0:
            return value <= reference
        return value == reference

    def short_of(self, value: float, reference: float) -> bool:
        """True when `value` falls short of `reference` in this direction (not at or beyond it)."""
        return not self.at_or_beyond(value, reference)

    def side_word(self) -> str:
        """How a value short of what was asked reads: 低于, 高于 (decrease, at_most) or 偏离 (maintain)."""
        return {1: "低于", -1: "高于", 0: "偏离"}[self.sense]

    def target_fits(self, baseline: float, target: float) -> bool:
        """The target lies on the baseline's side this direction says (rule `metric-direction`).

        increase: target > baseline; decrease: target < baseline; maintain:
        target = baseline; at_least and at_most accept any baseline.
        """
        if self is Direction.INCREASE:
            return target > baseline
        if self is Direction.DECREASE:
            return target < baseline
        if self is Direction.MAINTAIN:
            return target == baseline
        return True

    def goes_back(self, before: float, value: float, goal: float | None) -> bool:
        """A step from `before` to `value` moves away from the goal (rule `milestones`; level is fine)."""
        if self.sense > 0:
            return value < before
        if self.sense < 0:
            return value > before
        if goal is None:
            return False
        return abs(value - goal) > abs(before - goal)


LABELS: dict[Direction, str] = {
    Direction.INCREASE: "提高",
    Direction.DECREASE: "降低",
    Direction.MAINTAIN: "保持",
    Direction.AT_LEAST: "不低于",
    Direction.AT_MOST: "不高于",
}
"""The Chinese word of each direction (SPEC §2)."""


def label_of(text: str) -> str:
    """The Chinese word of a direction written as text; the text itself when it is none."""
    try:
        return LABELS[Direction(text)]
    except ValueError:
        return text
