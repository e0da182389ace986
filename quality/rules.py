"""Evaluating a validation rule against one report's values: passed, failed or skipped, and why.

The semantics follow DHIS2's validation engine:

- A rule with a condition applies only when the condition is true; a condition that cannot be
  computed (a value it reads is missing) means the rule does not apply (skipped).
- Each side has a missing-value strategy: *skip if any value is missing* (the default), *skip only if
  all values are missing* (the missing ones count as 0), or *never skip* (missing values count as 0).
  A side that reads no variable at all (``0``) is never "all missing".
- The pair operators look only at whether each side *has a value*: not zero after the missing values
  were counted as 0 (a quarterly return leaves nothing blank; 0 is how "nothing" is entered).
  "Both or neither" (compulsory pair) fails when exactly one side has a value; "not both" (exclusive
  pair) fails when both have.
- A side that cannot be computed (division by zero) skips the rule rather than failing it.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from quality import expressions
from quality.expressions import BOOLEAN, NUMERIC, EvaluationError, Expression
from quality.models import MissingValueStrategy, Operator, ValidationRule
from quality.variables import SPELLINGS

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
ZERO = Decimal(0)


@dataclass(frozen=True)
class Outcome:
    status: str
    left: Decimal | None = None
    right: Decimal | None = None

    @property
    def failed(self) -> bool:
        return self.status == FAILED


class CompiledRule:
    """A ``ValidationRule`` with its expressions parsed once, ready to check many reports."""

    def __init__(self, rule: ValidationRule):
        self.rule = rule

    @cached_property
    def left(self) -> Expression:
        return expressions.parse(self.rule.left_expression, SPELLINGS, kind=NUMERIC)

    @cached_property
    def right(self) -> Expression:
        return expressions.parse(self.rule.right_expression, SPELLINGS, kind=NUMERIC)

    @cached_property
    def condition(self) -> Expression | None:
        text = (self.rule.condition or "").strip()
        return expressions.parse(text, SPELLINGS, kind=BOOLEAN) if text else None

    @property
    def names(self) -> frozenset[str]:
        names = self.left.names | self.right.names
        return names | self.condition.names if self.condition else names

    def check(self, values: dict) -> Outcome:
        """Check the rule against ``values`` (variable code -> ``Decimal`` or ``None`` when missing)."""
        if self.condition is not None:
            try:
                applies = self.condition.evaluate(values)
            except EvaluationError:
                return Outcome(SKIPPED)
            if not applies:  # False, or None: a value the condition reads is missing
                return Outcome(SKIPPED)
        left = _side(self.left, self.rule.left_missing, values)
        right = _side(self.right, self.rule.right_missing, values)
        if left is None or right is None:
            return Outcome(SKIPPED, left, right)
        return Outcome(PASSED if compare(self.rule.operator, left, right) else FAILED, left, right)


def _side(expression: Expression, strategy: str, values: dict) -> Decimal | None:
    """The side's value under its missing-value strategy; ``None`` means "skip the rule"."""
    names = expression.names
    missing = {name for name in names if values.get(name) is None}
    if missing:
        if strategy == MissingValueStrategy.SKIP_IF_ANY:
            return None
        if strategy == MissingValueStrategy.SKIP_IF_ALL and missing == names:
            return None
        values = {**values, **dict.fromkeys(missing, ZERO)}
    try:
        return expression.evaluate(values)
    except EvaluationError:
        return None


def compare(operator: str, left: Decimal, right: Decimal) -> bool:
    """Whether ``left operator right`` holds (the pair operators: see the module's docstring)."""
    if operator == Operator.COMPULSORY_PAIR:
        return (left != ZERO) == (right != ZERO)
    if operator == Operator.EXCLUSIVE_PAIR:
        return not (left != ZERO and right != ZERO)
    return expressions.COMPARISONS[operator](left, right)


def validate_rule_expressions(*, left: str, right: str, condition: str) -> dict[str, str]:
    """Problems with a rule's expressions, by field name (empty when all parse): for the admin form."""
    problems = {}
    for field, text, kind in (
        ("left_expression", left, NUMERIC),
        ("right_expression", right, NUMERIC),
        ("condition", condition, BOOLEAN),
    ):
        if field == "condition" and not (text or "").strip():
            continue
        try:
            expressions.parse(text, SPELLINGS, kind=kind)
        except expressions.ExpressionError as exc:
            problems[field] = str(exc)
    return problems
