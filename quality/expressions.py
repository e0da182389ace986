"""The small language of validation rules: arithmetic on a report's figures, parsed safely.

A rule's sides are *numeric* expressions (``按时准确填报企业数``, ``上季度交易额 * 10``,
``abs(交易额 - 上季度交易额) / 上季度交易额 * 100``); its optional condition is a *boolean* one
(``填报企业数 > 0 and 上季度交易额 > 0``). Text is never handed to ``eval``: a tokenizer and a
recursive-descent parser build a tree of the few node types below, and evaluation walks that tree
with ``Decimal`` arithmetic. Anything else (attribute access, strings, unknown names or functions)
is refused when the rule is saved, with the position and a message in plain Chinese.

Full-width characters typed with a Chinese input method (（）＜＝，) and ≤ ≥ ≠ are read as their
ASCII forms. A missing value (``None``: no previous quarter, no per-enterprise flags yet) makes the
whole expression ``None``; the rule's missing-value strategy decides what that means (``rules.py``).
"""

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from functools import cached_property

from django.utils.translation import gettext as _

MAX_LENGTH = 500
MAX_DEPTH = 40


class ExpressionError(ValueError):
    """An expression that cannot be parsed; ``str()`` is the message shown to the admin."""

    def __init__(self, message: str, position: int | None = None):
        self.position = position
        if position is not None:
            message = _("第%(n)d个字符处：%(message)s") % {"n": position + 1, "message": message}
        super().__init__(message)


class EvaluationError(ArithmeticError):
    """An expression that parsed but cannot be computed for these values (division by zero)."""


# -- tokens -----------------------------------------------------------------------------------

_REPLACEMENTS = {"≤": "<=", "≥": ">=", "≠": "!=", "×": "*", "÷": "/"}
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[^\W\d]\w*)
  | (?P<op><=|>=|==|!=|<|>|=|\+|-|\*|/|\(|\)|,)
    """,
    re.VERBOSE,
)
KEYWORDS = {"and", "or", "not"}


@dataclass(frozen=True)
class Token:
    kind: str  # number, name, op, keyword, end
    text: str
    position: int


def normalise(text: str) -> str:
    """Full-width forms to ASCII (NFKC) and the mathematical signs people paste to Python's."""
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    return unicodedata.normalize("NFKC", text)


def tokenize(text: str) -> list[Token]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(_("无法识别的字符“%(char)s”。") % {"char": text[position]}, position)
        kind = match.lastgroup
        value = match.group()
        if kind == "name" and value.lower() in KEYWORDS:
            kind, value = "keyword", value.lower()
        if kind == "op" and value == "=":
            raise ExpressionError(_("比较相等请用“==”。"), position)
        if kind != "space":
            tokens.append(Token(kind, value, position))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# -- the tree ---------------------------------------------------------------------------------

NUMERIC, BOOLEAN = "numeric", "boolean"


@dataclass(frozen=True)
class Node:
    kind: str  # NUMERIC or BOOLEAN


@dataclass(frozen=True)
class Number(Node):
    value: Decimal


@dataclass(frozen=True)
class Name(Node):
    name: str  # the variable's code, whatever alias was written


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "-", "+", "not"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # + - * / < <= > >= == != and or
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple


def _abs(x):
    return abs(x)


def _round(x, digits=Decimal(0)):
    """Rounded half up (四舍五入), as people round by hand."""
    return x.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)


def _if(condition, then, otherwise):
    return then if condition else otherwise


@dataclass(frozen=True)
class Function:
    implementation: Callable
    min_args: int
    max_args: int | None
    condition_first: bool = False  # if(): the first argument is a condition


FUNCTIONS = {
    "abs": Function(_abs, 1, 1),
    "min": Function(min, 2, None),
    "max": Function(max, 2, None),
    "round": Function(_round, 1, 2),
    "if": Function(_if, 3, 3, condition_first=True),
}

COMPARISONS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


# -- the parser -------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the grammar:

    condition  := disjunct ('or' disjunct)*
    disjunct   := conjunct ('and' conjunct)*
    conjunct   := 'not' conjunct | comparison
    comparison := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
    sum        := term (('+' | '-') term)*
    term       := unary (('*' | '/') unary)*
    unary      := ('-' | '+') unary | atom
    atom       := NUMBER | NAME | NAME '(' condition (',' condition)* ')' | '(' condition ')'
    """

    def __init__(self, text: str, names: Mapping[str, str]):
        self.tokens = tokenize(text)
        self.index = 0
        self.names = names
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def accept(self, *texts: str) -> Token | None:
        if self.token.kind in ("op", "keyword") and self.token.text in texts:
            return self.take()
        return None

    def expect(self, text: str) -> None:
        if not self.accept(text):
            raise ExpressionError(_("此处应为“%(text)s”。") % {"text": text}, self.token.position)

    def parse(self) -> Node:
        node = self.condition()
        if self.token.kind != "end":
            raise ExpressionError(_("多余的内容“%(text)s”。") % {"text": self.token.text}, self.token.position)
        return node

    def _deeper(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(_("表达式嵌套过深。"), self.token.position)

    def condition(self) -> Node:
        node = self.disjunct()
        while token := self.accept("or"):
            node = Binary(BOOLEAN, "or", self._boolean(node, token), self._boolean(self.disjunct(), token))
        return node

    def disjunct(self) -> Node:
        node = self.conjunct()
        while token := self.accept("and"):
            node = Binary(BOOLEAN, "and", self._boolean(node, token), self._boolean(self.conjunct(), token))
        return node

    def conjunct(self) -> Node:
        if token := self.accept("not"):
            self._deeper()
            node = Unary(BOOLEAN, "not", self._boolean(self.conjunct(), token))
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        node = self.sum()
        if token := self.accept(*COMPARISONS):
            right = self.sum()
            node = Binary(BOOLEAN, token.text, self._numeric(node, token), self._numeric(right, token))
            if self.token.text in COMPARISONS:
                raise ExpressionError(_("比较不能连写，请用 and 连接。"), self.token.position)
        return node

    def sum(self) -> Node:
        node = self.term()
        while token := self.accept("+", "-"):
            node = Binary(NUMERIC, token.text, self._numeric(node, token), self._numeric(self.term(), token))
        return node

    def term(self) -> Node:
        node = self.unary()
        while token := self.accept("*", "/"):
            node = Binary(NUMERIC, token.text, self._numeric(node, token), self._numeric(self.unary(), token))
        return node

    def unary(self) -> Node:
        if token := self.accept("-", "+"):
            self._deeper()
            node = Unary(NUMERIC, token.text, self._numeric(self.unary(), token))
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.take()
            return Number(NUMERIC, Decimal(token.text))
        if token.kind == "name":
            self.take()
            if self.token.text == "(" and self.token.kind == "op":
                return self.call(token)
            code = self.names.get(token.text) or self.names.get(token.text.lower())
            if code is None:
                raise ExpressionError(
                    _("未知的名称“%(name)s”。可用的名称见下方说明。") % {"name": token.text}, token.position
                )
            return Name(NUMERIC, code)
        if self.accept("("):
            self._deeper()
            node = self.condition()
            self.expect(")")
            self.depth -= 1
            return node
        if token.kind == "end":
            raise ExpressionError(_("表达式不完整。"), token.position)
        raise ExpressionError(_("此处不应出现“%(text)s”。") % {"text": token.text}, token.position)

    def call(self, name: Token) -> Node:
        function = FUNCTIONS.get(name.text.lower())
        if function is None:
            allowed = "、".join(FUNCTIONS)
            raise ExpressionError(
                _("未知的函数“%(name)s”，可用：%(allowed)s。") % {"name": name.text, "allowed": allowed}, name.position
            )
        self._deeper()
        self.expect("(")
        args = [self.condition()]
        while self.accept(","):
            args.append(self.condition())
        self.expect(")")
        self.depth -= 1
        count = len(args)
        if count < function.min_args or (function.max_args is not None and count > function.max_args):
            raise ExpressionError(_("函数“%(name)s”的参数个数不对。") % {"name": name.text}, name.position)
        checked = []
        for i, arg in enumerate(args):
            wanted = BOOLEAN if function.condition_first and i == 0 else NUMERIC
            checked.append(self._boolean(arg, name) if wanted == BOOLEAN else self._numeric(arg, name))
        return Call(NUMERIC, name.text.lower(), tuple(checked))

    @staticmethod
    def _numeric(node: Node, token: Token) -> Node:
        if node.kind != NUMERIC:
            raise ExpressionError(_("“%(op)s”两边应为数值，不能是比较结果。") % {"op": token.text}, token.position)
        return node

    @staticmethod
    def _boolean(node: Node, token: Token) -> Node:
        if node.kind != BOOLEAN:
            raise ExpressionError(
                _("“%(op)s”需要条件（如 填报企业数 > 0），不能是数值。") % {"op": token.text}, token.position
            )
        return node


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, its tree, and the variables it reads."""

    text: str
    tree: Node

    @property
    def kind(self) -> str:
        return self.tree.kind

    @cached_property
    def names(self) -> frozenset[str]:
        """Read once per expression: a batch asks for every report and rule."""
        return frozenset(_names(self.tree))

    def evaluate(self, values: Mapping[str, Decimal | None]):
        """The value (``Decimal`` or ``bool``), or ``None`` when a value it reads is missing.

        Raises ``EvaluationError`` for a division by zero.
        """
        return _evaluate(self.tree, values)


def parse(text: str, names: Mapping[str, str], *, kind: str = NUMERIC) -> Expression:
    """Parse ``text``; ``names`` maps every accepted spelling of a variable to its code.

    ``kind`` is what the expression must produce: ``NUMERIC`` for a rule's side, ``BOOLEAN`` for its condition.
    """
    text = normalise((text or "").strip())
    if not text:
        raise ExpressionError(_("表达式不能为空。"))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(_("表达式过长（最多%(n)d个字符）。") % {"n": MAX_LENGTH})
    tree = _Parser(text, names).parse()
    if tree.kind != kind:
        if kind == NUMERIC:
            raise ExpressionError(_("这里需要一个数值表达式，不能是比较或条件。"))
        raise ExpressionError(_("这里需要一个条件（如 填报企业数 > 0），不能只是数值。"))
    return Expression(text, tree)


def _names(node: Node):
    if isinstance(node, Name):
        yield node.name
    elif isinstance(node, Unary):
        yield from _names(node.operand)
    elif isinstance(node, Binary):
        yield from _names(node.left)
        yield from _names(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from _names(arg)


def _evaluate(node: Node, values: Mapping[str, Decimal | None]):
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        value = values.get(node.name)
        return None if value is None else Decimal(value)
    if isinstance(node, Unary):
        operand = _evaluate(node.operand, values)
        if operand is None:
            return None
        return {"-": lambda x: -x, "+": lambda x: x, "not": lambda x: not x}[node.op](operand)
    if isinstance(node, Binary):
        return _binary(node, values)
    if isinstance(node, Call) and node.function == "if":
        condition = _evaluate(node.args[0], values)
        return None if condition is None else _evaluate(node.args[1 if condition else 2], values)
    if isinstance(node, Call):
        args = [_evaluate(arg, values) for arg in node.args]
        if any(a is None for a in args):
            return None
        return FUNCTIONS[node.function].implementation(*args)
    raise TypeError(node)  # pragma: no cover - the parser builds only the types above


def _binary(node: Binary, values):
    left = _evaluate(node.left, values)
    if node.op in ("and", "or"):
        # Short-circuit like people read it: "A and B" is false once A is false, whatever B is.
        if left is not None and (left is False if node.op == "and" else left is True):
            return left
        right = _evaluate(node.right, values)
        if left is None or right is None:
            return None
        return (left and right) if node.op == "and" else (left or right)
    right = _evaluate(node.right, values)
    if left is None or right is None:
        return None
    if node.op in COMPARISONS:
        return COMPARISONS[node.op](left, right)
    try:
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        return left / right
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        raise EvaluationError(_("除数为零。")) from None
