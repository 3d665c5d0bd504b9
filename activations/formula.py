"""A small, whitelisting parser for activation formulas a user types.

The text is never given to ``eval``, ``exec``, ``compile``, ``sympify``, ``parse_expr`` or
``lambdify``: a tokenizer and a recursive-descent parser of our own accept only the language below,
and build a tree of :class:`Node`. Everything that can grow is bounded before any symbolic work:
the length of the text, the nesting depth, the node count, numeric literals and constant
exponents (a constant part is evaluated in floating point here and must stay modest, so that
``9**9**9`` is refused instead of computed).

The language::

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := ("+" | "-") unary | power
    power  := atom (("^" | "**") unary)?          # right-associative: 2^3^2 = 2^9; -x^2 = -(x^2)
    atom   := number | name | function "(" expr ("," expr)? ")" | "(" expr ")"

Names: ``x``, ``alpha``, ``beta``, ``pi``, ``e``. Functions: :data:`FUNCTIONS`, the rows of
:data:`activations.language.PRIMITIVES` that a user may type.

>>> parse("x * tanh(log(1 + exp(x)))").count
8
>>> parse("x + y")
Traceback (most recent call last):
...
ValueError: unknown name 'y' at position 5
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from activations.language import LANGUAGE

MAX_LENGTH = 200  # characters
MAX_DEPTH = 24  # nested parentheses, calls and unary signs
MAX_NODES = 120
MAX_LITERAL = 1e9  # the largest number a literal may write
MAX_LITERAL_CHARS = 20
MIN_LITERAL = 1e-300  # the smallest non-zero number a literal may write (float64's normal range)
MAX_LITERAL_EXPONENT = 300  # |n| in a literal's e±n
MAX_CONSTANT = 1e100  # the largest magnitude a constant part of the formula may reach
MAX_CONSTANT_EXPONENT = 100  # the largest |p| in u^p where p is a constant

VARIABLES = ("x", "alpha", "beta")
CONSTANTS = {"pi": math.pi, "e": math.e}


# The language's functions, in the order the help lists them: each row of the one table
# (activations.language) that a user may type, with its arity and its value on constants.
FUNCTIONS = LANGUAGE
OPERATORS = ("+", "-", "*", "/", "^", "**")


def describe_language() -> str:
    """The language in one sentence, for help texts (derived from the tables above)."""
    one = [name for name, function in FUNCTIONS.items() if function.arity == 1]
    two = [f"{name}(a, b)" for name, function in FUNCTIONS.items() if function.arity == 2]
    return (
        f"Use {', '.join(VARIABLES)}, numbers, {' and '.join(CONSTANTS)}; "
        f"{' '.join(OPERATORS)} and parentheses; {', '.join(one)}, {' and '.join(two)}."
    )


@dataclass(frozen=True)
class Node:
    """One node of a parsed formula: ``kind`` is "num", "var", "const", "call" or an operator
    ("+", "-", "*", "/", "^", "neg"); ``position`` is 1-based, for messages."""

    kind: str
    position: int
    value: float | str | None = None  # the number, or the name
    args: tuple[Node, ...] = ()

    @property
    def count(self) -> int:
        """How many nodes the tree has."""
        return 1 + sum(arg.count for arg in self.args)

    def uses(self, name: str) -> bool:
        """Whether ``name`` (a variable) appears in the tree."""
        return (self.kind == "var" and self.value == name) or any(a.uses(name) for a in self.args)


# ASCII only: Unicode digits (\uff11, \u0663) and Unicode spaces or separators (U+001C to U+001F,
# U+2028) are refused by name, never read as digits or spaces.
_SPACE = " \t"
_TOKEN = re.compile(
    r"[ \t]*(?:(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|[-+*/^(),]))",
    re.ASCII,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "op", "end"
    text: str
    position: int  # 1-based


def _short(name: str) -> str:
    return name if len(name) <= 20 else name[:20] + "…"


_LOOK_ALIKES = {"−": "-", "–": "-", "—": "-", "×": "*", "·": "*", "÷": "/", "α": "alpha",
                "β": "beta", "π": "pi"}  # fmt: skip


def _describe(char: str) -> str:
    """A character for a message: printable ASCII as itself, others by their Unicode name, with
    the ASCII character it looks like, if any."""
    if char.isprintable() and char.isascii():  # by name: a note never echoes <, [ or a quote
        return f"{unicodedata.name(char).lower()} (U+{ord(char):04X})"
    if unicodedata.category(char).startswith("C"):
        return f"control character U+{ord(char):04X}"
    name = unicodedata.name(char, "").lower() or "character"
    if len(plain := _LOOK_ALIKES.get(char, "")) > 1:  # a Greek letter has a name to type
        return f"{name} (U+{ord(char):04X}; type '{plain}' instead)"
    plain = _LOOK_ALIKES.get(char) or unicodedata.normalize("NFKC", char)
    hint = f"; type '{plain}' instead" if plain.isascii() and plain.isprintable() else ""
    return f"{name} (U+{ord(char):04X}{hint})"


def _tokens(text: str) -> list[_Token]:
    """The tokens in reading order; a character outside the language becomes a "bad" token, so
    the parser reports whatever comes first (``__import__(`` is an unknown function at 1)."""
    tokens, at = [], 0
    while at < len(text):
        if text[at:].strip(_SPACE) == "":
            break
        match = _TOKEN.match(text, at)
        if match is None or match.end() == at:
            bad = at + len(text[at:]) - len(text[at:].lstrip(_SPACE))
            tokens.append(_Token("bad", text[bad], bad + 1))
            break
        kind = match.lastgroup or "op"
        tokens.append(_Token(kind, match.group(kind), match.start(kind) + 1))
        at = match.end()
    else:
        tokens.append(_Token("end", "", len(text) + 1))
        return tokens
    if tokens[-1].kind != "bad":
        tokens.append(_Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens, self.index, self.depth, self.nodes = _tokens(text), 0, 0, 0

    @property
    def token(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind == "bad":
            raise ValueError(f"unexpected {_describe(token.text)} at position {token.position}")
        return token

    def take(self) -> _Token:
        token = self.token
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        if self.token.text != text:
            raise ValueError(f"expected '{text}' at position {self.token.position}{self._found()}")
        self.take()

    def _found(self) -> str:
        token = self.token
        return ", found the end" if token.kind == "end" else f", found '{token.text}'"

    def node(self, kind: str, position: int, value=None, args: tuple[Node, ...] = ()) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ValueError(f"the formula is too long: over {MAX_NODES} parts")
        return Node(kind, position, value, args)

    def nested(self, position: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ValueError(f"nested too deeply at position {position} (at most {MAX_DEPTH})")

    def expr(self) -> Node:
        left = self.term()
        while self.token.text in ("+", "-"):
            op = self.take()
            left = self.node(op.text, op.position, args=(left, self.term()))
        return left

    def term(self) -> Node:
        left = self.unary()
        while self.token.text in ("*", "/"):
            op = self.take()
            left = self.node(op.text, op.position, args=(left, self.unary()))
        return left

    def unary(self) -> Node:
        if self.token.text in ("+", "-"):
            op = self.take()
            self.nested(op.position)
            operand = self.unary()
            self.depth -= 1
            return operand if op.text == "+" else self.node("neg", op.position, args=(operand,))
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        if self.token.text in ("^", "**"):
            op = self.take()
            self.nested(op.position)
            exponent = self.unary()
            self.depth -= 1
            return self.node("^", op.position, args=(base, exponent))
        return base

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "number":
            _check_literal(token)
            return self.node("num", token.position, token.text)
        if token.kind == "name":
            name = token.text
            if name in FUNCTIONS:
                return self.call(token)
            if self.token.text == "(":
                raise ValueError(f"unknown function '{_short(name)}' at position {token.position}")
            if name in VARIABLES:
                return self.node("var", token.position, name)
            if name in CONSTANTS:
                return self.node("const", token.position, name)
            raise ValueError(f"unknown name '{_short(name)}' at position {token.position}")
        if token.text == "(":
            self.nested(token.position)
            inner = self.expr()
            self.expect(")")
            self.depth -= 1
            return inner
        where = "the end" if token.kind == "end" else f"'{token.text}'"
        raise ValueError(
            f"expected a number, a name or '(' at position {token.position}, found {where}"
        )

    def call(self, name: _Token) -> Node:
        self.nested(name.position)
        self.expect("(")
        args = [self.expr()]
        while self.token.text == ",":
            self.take()
            args.append(self.expr())
        self.expect(")")
        self.depth -= 1
        arity = FUNCTIONS[name.text].arity
        if len(args) != arity:
            wanted = "one argument" if arity == 1 else f"{arity} arguments"
            raise ValueError(
                f"{name.text} takes {wanted}, got {len(args)} at position {name.position}"
            )
        return self.node("call", name.position, name.text, tuple(args))


def _check_literal(token: _Token) -> None:
    """A literal must be a float64 that is not huge and not vanishingly small: ``1e-999999`` is
    refused here, before anything computes 10^999999 exactly."""
    mantissa, _, exponent = token.text.lower().partition("e")
    value = float(token.text)
    if len(token.text) > MAX_LITERAL_CHARS or value > MAX_LITERAL:
        raise ValueError(
            f"the number at position {token.position} is too large (at most {MAX_LITERAL:g})"
        )
    nonzero = any(c in "123456789" for c in mantissa)
    if nonzero and (value < MIN_LITERAL or abs(int(exponent or 0)) > MAX_LITERAL_EXPONENT):
        raise ValueError(
            f"the number at position {token.position} is too small (at least {MIN_LITERAL:g}, or 0)"
        )


def parse(text: str) -> Node:
    """The tree of a formula, or ``ValueError`` saying what is wrong and where (1-based)."""
    if not isinstance(text, str):
        raise ValueError("a formula is text")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"the formula is {len(text)} characters long; at most {MAX_LENGTH}")
    if not text.strip():
        raise ValueError("the formula is empty")
    parser = _Parser(text)
    tree = parser.expr()
    if parser.token.kind != "end":
        token = parser.token
        if token.kind in ("number", "name") or token.text == "(":
            raise ValueError(f"missing an operator (such as *) before position {token.position}")
        raise ValueError(f"unexpected '{token.text}' at position {token.position}")
    _check_constants(tree)
    return tree


def _check_constants(node: Node) -> float | None:
    """The value of a constant part of the tree (None where it depends on a variable), checking
    that no constant is huge and no constant exponent is large: the symbolic step will then
    never be asked for a giant number."""
    values = [_check_constants(arg) for arg in node.args]
    by_zero = (node.kind == "/" and values[1] == 0) or (
        node.kind == "^" and values[0] == 0 and values[1] is not None and values[1] < 0
    )
    if by_zero:  # 0/0 and x/0 are no number, not a large one
        raise ValueError(f"division by zero at position {node.position}")
    if node.kind == "^" and values[1] is not None and abs(values[1]) > MAX_CONSTANT_EXPONENT:
        raise ValueError(
            f"the exponent at position {node.position} is too large "
            f"(at most {MAX_CONSTANT_EXPONENT} in size)"
        )
    if any(v is None for v in values) or node.kind == "var":
        return None
    value = _constant_value(node, values)
    if value is not None and not (math.isfinite(value) and abs(value) <= MAX_CONSTANT):
        raise ValueError(f"the number made at position {node.position} is too large")
    return value


def _constant_value(node: Node, values: list) -> float | None:
    """A constant node's value in floating point; None where it is not a real number (say the
    log of a negative number: that is for the evaluation to report, as a gap)."""
    try:
        if node.kind == "num":
            return float(node.value)
        if node.kind == "const":
            return CONSTANTS[node.value]
        if node.kind == "neg":
            return -values[0]
        if node.kind in ("+", "-", "*", "/"):
            a, b = values
            return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else math.inf}[node.kind]
        if node.kind == "^":
            a, b = values
            result = a**b
            return result if isinstance(result, float | int) else None
        return FUNCTIONS[str(node.value)].fold(*values)
    except (OverflowError, ZeroDivisionError):
        return math.inf
    except ValueError:
        return None  # outside the function's domain: not huge, just undefined
