"""The registry: one frozen spec per activation function, in one read-only mapping.

``get(key)`` is the front door; an unknown key raises a ``KeyError`` that names the closest keys.
``Activation.value`` and ``Activation.derivative`` coerce inputs to float64 and check parameters,
so the functions in :mod:`activations.functions` can stay short.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from activations import functions

FAMILIES: Mapping[str, str] = MappingProxyType(
    {
        "linear": "Linear",
        "step": "Step",
        "sigmoidal": "Sigmoid-like",
        "rectifier": "Rectifiers",
        "gated": "Self-gated",
        "softplus": "Softplus family",
        "other": "Other",
        "typed": "Your formula",  # a typed formula's (activations.custom), never the registry's
    }
)


@dataclass(frozen=True)
class Param:
    """One scalar parameter of an activation, with everything a slider needs."""

    name: str
    symbol: str  # LaTeX, without dollar signs
    default: float
    min: float
    max: float
    step: float
    help: str

    def check(self, value: float) -> float:
        """Return ``value`` as a float, or raise ``ValueError`` if it is not finite or not in range."""
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} must be a number, got {value!r}") from None
        if not math.isfinite(number) or not self.min <= number <= self.max:
            raise ValueError(f"{self.name} must lie in [{self.min}, {self.max}], got {value!r}")
        return number


@dataclass(frozen=True)
class Credit:
    """One step in a function's history: who used it first, named it, or made it popular."""

    role: str  # "First known use", "Named", "Popularised", "This form", ...
    authors: str
    year: int | None
    work: str = ""

    def __str__(self) -> str:
        when = f" ({self.year})" if self.year else ""
        work = f", *{self.work}*" if self.work else ""
        return f"{self.role}: {self.authors}{work}{when}."


@dataclass(frozen=True)
class Activation:
    """The spec of one element-wise activation: f, f', their LaTeX, parameters and notes."""

    key: str
    name: str
    family: str
    fn: Callable[..., NDArray[np.float64]] = field(repr=False)
    grad: Callable[..., NDArray[np.float64]] = field(repr=False)
    formula: str
    derivative_formula: str
    params: tuple[Param, ...] = ()
    # Where the formula changes piece; smoothness and kinks are computed from these.
    breakpoints: tuple[float, ...] = ()
    default_range: tuple[float, float] = (-6.0, 6.0)
    use_case: str = ""
    limitation: str = ""
    notes: str = ""
    # Who introduced it, named it or made it popular, oldest first (none for classical functions).
    history: tuple[Credit, ...] = ()
    # Optional fused f and f' that share work; must agree with (fn(x), grad(x)) to rounding.
    fused: Callable[..., tuple[NDArray[np.float64], NDArray[np.float64]]] | None = field(
        default=None, repr=False
    )

    def at(self, **params: float) -> Activation:
        """This function with its breakpoints where they lie at ``params``: itself for a registry
        entry (its kinks do not move); a typed formula's kinks can (``max(x, alpha)``)."""
        return self

    @property
    def cost(self) -> float:
        """What evaluating f and f′ costs in a work budget (:mod:`activations.budget`), relative
        to a registry function's: 1 here; a typed formula's grows with its size."""
        return 1.0

    def resolve_params(self, **params: float) -> dict[str, float]:
        """Fill in defaults and check every parameter; raise ``ValueError`` on unknown or bad ones."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(params) - set(known))
        if unknown:
            accepted = ", ".join(known) if known else "none"
            raise ValueError(
                f"{self.key} has no parameter {', '.join(unknown)} (accepted: {accepted})"
            )
        return {name: p.check(params.get(name, p.default)) for name, p in known.items()}

    def value(self, x: ArrayLike, **params: float) -> NDArray[np.float64]:
        """f(x) as a float64 array of x's shape; missing parameters take their defaults."""
        return self.fn(_as_float_array(x), **self.resolve_params(**params))

    def derivative(self, x: ArrayLike, **params: float) -> NDArray[np.float64]:
        """The exact analytic f'(x), with PyTorch 2.x autograd's values at kinks."""
        return self.grad(_as_float_array(x), **self.resolve_params(**params))

    def value_and_derivative(
        self, x: ArrayLike, **params: float
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """f(x) and f'(x) together; cheaper than two calls for functions that share work."""
        array, resolved = _as_float_array(x), self.resolve_params(**params)
        if self.fused is not None:
            return self.fused(array, **resolved)
        return self.fn(array, **resolved), self.grad(array, **resolved)

    def defaults(self) -> dict[str, float]:
        """Every parameter at its default value."""
        return {p.name: p.default for p in self.params}

    @property
    def year(self) -> int | None:
        """The year of the first known use: the first step of its history (None if undated)."""
        return self.history[0].year if self.history else None


def _as_float_array(x: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(x, dtype=np.float64)


_ALPHA_LEAKY = Param("alpha", r"\alpha", 0.01, 0.0, 1.0, 0.01, "slope for x < 0")
_ALPHA_PRELU = Param(
    "alpha", r"\alpha", 0.25, 0.0, 1.0, 0.01, "slope for x < 0 (learned in training)"
)
_ALPHA_ELU = Param("alpha", r"\alpha", 1.0, 0.0, 3.0, 0.05, "value f approaches as x → −∞ is −α")
_ALPHA_CELU = Param("alpha", r"\alpha", 1.0, 0.1, 3.0, 0.05, "scale of the exponential for x < 0")
_BETA_SWISH = Param(
    "beta", r"\beta", 1.0, 0.0, 10.0, 0.1, "gate sharpness; 1 is SiLU, large β → ReLU"
)
_BETA_SOFTPLUS = Param("beta", r"\beta", 1.0, 0.1, 10.0, 0.1, "sharpness; large β → ReLU")

_SPECS: tuple[Activation, ...] = (
    Activation(
        key="identity",
        name="Identity",
        family="linear",
        fn=functions.identity,
        grad=functions.identity_grad,
        formula=r"f(x) = x",
        derivative_formula=r"f'(x) = 1",
        use_case="Output layer for regression; the 'no activation' baseline.",
        limitation="Stacked linear layers collapse into one linear map.",
    ),
    Activation(
        key="binary_step",
        name="Binary step",
        family="step",
        fn=functions.binary_step,
        grad=functions.binary_step_grad,
        formula=r"f(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
        derivative_formula=r"f'(x) = 0",
        breakpoints=(0.0,),
        use_case="The perceptron's threshold unit; logic gates.",
        limitation="Zero gradient everywhere: backpropagation cannot train through it.",
        notes="A comparison has no gradient in autograd, so f′ is 0 everywhere, f′(0) included.",
        history=(
            Credit(
                "First known use",
                "McCulloch & Pitts",
                1943,
                "A logical calculus of the ideas immanent in nervous activity",
            ),
        ),
    ),
    Activation(
        key="sigmoid",
        name="Sigmoid",
        family="sigmoidal",
        fn=functions.sigmoid,
        grad=functions.sigmoid_grad,
        fused=functions.sigmoid_and_grad,
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        default_range=(-8.0, 8.0),
        use_case="Binary-classification outputs and gates in LSTMs and GRUs.",
        limitation=(
            "f′ ≤ 0.25: each layer passes back at most a quarter of what its weights alone would; "
            "saturates both ways."
        ),
        history=(
            Credit(
                "First known use, as the logistic curve of population growth",
                "Verhulst",
                1838,
                "Notice sur la loi que la population poursuit dans son accroissement",
            ),
            Credit(
                "Popularised in neural networks",
                "Rumelhart, Hinton & Williams",
                1986,
                "Learning representations by back-propagating errors",
            ),
        ),
    ),
    Activation(
        key="hard_sigmoid",
        name="Hard sigmoid",
        family="sigmoidal",
        fn=functions.hard_sigmoid,
        grad=functions.hard_sigmoid_grad,
        formula=r"f(x) = \min\bigl(\max(\tfrac{x}{6} + \tfrac{1}{2},\, 0),\, 1\bigr)",
        derivative_formula=r"f'(x) = \begin{cases} \tfrac{1}{6} & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}",
        breakpoints=(-3.0, 3.0),
        use_case="Cheap gate on mobile hardware (MobileNetV3's squeeze-and-excite).",
        limitation="Flat outside ±3: no gradient there at all.",
        notes="PyTorch and Keras 3 definition, x/6 + 1/2; older Keras used 0.2x + 0.5.",
        history=(
            Credit(
                "An earlier hard sigmoid, clip((x + 1)/2, 0, 1)",
                "Courbariaux, Bengio & David",
                2015,
                "BinaryConnect: training deep neural networks with binary weights during "
                "propagations",
            ),
            Credit("This form, x/6 + 1/2", "Howard et al.", 2019, "Searching for MobileNetV3"),
        ),
    ),
    Activation(
        key="tanh",
        name="Tanh",
        family="sigmoidal",
        fn=functions.tanh,
        grad=functions.tanh_grad,
        fused=functions.tanh_and_grad,
        formula=r"f(x) = \tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_formula=r"f'(x) = 1 - \tanh^2 x",
        use_case="Zero-centred squashing: RNN states, and bounded outputs in (−1, 1).",
        limitation="Saturates for |x| ≳ 3, so deep stacks lose gradient.",
        history=(
            Credit(
                "First known use, among the hyperbolic functions",
                "Riccati",
                1757,
                "Opusculorum ad res physicas et mathematicas pertinentium",
            ),
            Credit(
                "Recommended for hidden layers",
                "LeCun, Bottou, Orr & Müller",
                1998,
                "Efficient BackProp",
            ),
        ),
    ),
    Activation(
        key="hardtanh",
        name="Hardtanh",
        family="sigmoidal",
        fn=functions.hardtanh,
        grad=functions.hardtanh_grad,
        formula=r"f(x) = \min\bigl(\max(x, -1),\, 1\bigr)",
        derivative_formula=r"f'(x) = \begin{cases} 1 & -1 < x < 1 \\ 0 & \text{otherwise} \end{cases}",
        breakpoints=(-1.0, 1.0),
        default_range=(-3.0, 3.0),
        use_case="Cheap tanh stand-in; straight-through estimators in binarised networks.",
        limitation="No gradient for |x| ≥ 1 (autograd's f′(±1) = 0 included).",
        history=(
            Credit("Early use", "Collobert", 2004, "Large scale machine learning (PhD thesis)"),
        ),
    ),
    Activation(
        key="softsign",
        name="Softsign",
        family="sigmoidal",
        fn=functions.softsign,
        grad=functions.softsign_grad,
        formula=r"f(x) = \frac{x}{1 + |x|}",
        derivative_formula=r"f'(x) = \frac{1}{(1 + |x|)^2}",
        breakpoints=(0.0,),
        default_range=(-10.0, 10.0),
        use_case="A tanh-like squash whose tails decay polynomially, not exponentially.",
        limitation="Still saturating, only more slowly; rare in modern networks.",
        history=(
            Credit(
                "First known use",
                "Elliott",
                1993,
                "A better activation function for artificial neural networks",
            ),
            Credit(
                "Named softsign",
                "Bergstra, Desjardins, Lamblin & Bengio",
                2009,
                "Quadratic polynomials learn better image features",
            ),
            Credit(
                "Studied",
                "Glorot & Bengio",
                2010,
                "Understanding the difficulty of training deep feedforward neural networks",
            ),
        ),
    ),
    Activation(
        key="arctan",
        name="Arctan",
        family="sigmoidal",
        fn=functions.arctan,
        grad=functions.arctan_grad,
        formula=r"f(x) = \arctan x",
        derivative_formula=r"f'(x) = \frac{1}{1 + x^2}",
        default_range=(-10.0, 10.0),
        use_case="A smooth squash onto (−π/2, π/2) with heavy tails.",
        limitation="Saturating; uncommon in modern networks.",
    ),
    Activation(
        key="relu",
        name="ReLU",
        family="rectifier",
        fn=functions.relu,
        grad=functions.relu_grad,
        formula=r"f(x) = \max(0, x)",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        breakpoints=(0.0,),
        use_case="The default hidden activation: cheap, and f′ = 1 on the positive side.",
        limitation="Dead units: once a unit's input stays negative it gets no gradient.",
        notes="Autograd uses ReLU′(0) = 0.",
        history=(
            Credit(
                "First known use",
                "Fukushima",
                1969,
                "Visual feature extraction by a multilayered network of analog threshold elements",
            ),
            Credit(
                "Popularised",
                "Nair & Hinton",
                2010,
                "Rectified linear units improve restricted Boltzmann machines",
            ),
            Credit(
                "Popularised",
                "Glorot, Bordes & Bengio",
                2011,
                "Deep sparse rectifier neural networks",
            ),
        ),
    ),
    Activation(
        key="relu6",
        name="ReLU6",
        family="rectifier",
        fn=functions.relu6,
        grad=functions.relu6_grad,
        formula=r"f(x) = \min\bigl(\max(0, x),\, 6\bigr)",
        derivative_formula=r"f'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
        breakpoints=(0.0, 6.0),
        default_range=(-4.0, 10.0),
        use_case="Mobile networks: a bounded output suits low-precision arithmetic.",
        limitation="Dead below 0 and flat above 6.",
        history=(
            Credit(
                "First known use",
                "Krizhevsky",
                2010,
                "Convolutional deep belief networks on CIFAR-10",
            ),
        ),
    ),
    Activation(
        key="leaky_relu",
        name="Leaky ReLU",
        family="rectifier",
        fn=functions.leaky_relu,
        grad=functions.leaky_relu_grad,
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        params=(_ALPHA_LEAKY,),
        breakpoints=(0.0,),
        use_case="ReLU without dead units: a small slope keeps gradient flowing for x < 0.",
        limitation="α is one more hyper-parameter; gains over ReLU are often small.",
        history=(
            Credit(
                "Introduced",
                "Maas, Hannun & Ng",
                2013,
                "Rectifier nonlinearities improve neural network acoustic models",
            ),
        ),
    ),
    Activation(
        key="prelu",
        name="PReLU",
        family="rectifier",
        fn=functions.leaky_relu,
        grad=functions.leaky_relu_grad,
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        params=(_ALPHA_PRELU,),
        breakpoints=(0.0,),
        use_case="Leaky ReLU whose slope α is learned, per channel, during training.",
        limitation="The learned slopes can overfit on small data sets.",
        notes="In training α is a learned weight; here it is a slider.",
        history=(
            Credit("Introduced", "He, Zhang, Ren & Sun", 2015, "Delving deep into rectifiers"),
        ),
    ),
    Activation(
        key="elu",
        name="ELU",
        family="rectifier",
        fn=functions.elu,
        grad=functions.elu_grad,
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}",
        params=(_ALPHA_ELU,),
        breakpoints=(0.0,),
        use_case="Negative outputs push mean activations toward zero, which speeds learning.",
        limitation="An exponential per negative input costs more than ReLU.",
        notes="Autograd uses ELU′(0) = α; f is C¹ only when α = 1.",
        history=(
            Credit(
                "Introduced",
                "Clevert, Unterthiner & Hochreiter",
                2015,
                "Fast and accurate deep network learning by exponential linear units (ELUs)",
            ),
        ),
    ),
    Activation(
        key="celu",
        name="CELU",
        family="rectifier",
        fn=functions.celu,
        grad=functions.celu_grad,
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x/\alpha} - 1) & x \le 0 \end{cases}",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        params=(_ALPHA_CELU,),
        breakpoints=(0.0,),
        use_case="ELU made continuously differentiable for every α.",
        limitation="Same cost as ELU; α must stay positive.",
        notes="Autograd uses CELU′(0) = 1.",
        history=(
            Credit(
                "Introduced", "Barron", 2017, "Continuously differentiable exponential linear units"
            ),
        ),
    ),
    Activation(
        key="selu",
        name="SELU",
        family="rectifier",
        fn=functions.selu,
        grad=functions.selu_grad,
        formula=r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        derivative_formula=r"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}",
        breakpoints=(0.0,),
        use_case="Self-normalising networks: with LeCun init, activations keep mean 0, variance 1.",
        limitation="Needs LeCun-normal init and alpha-dropout; the guarantee breaks with other layers.",
        notes="α ≈ 1.6733, λ ≈ 1.0507 (PyTorch's constants); autograd uses SELU′(0) = λα.",
        history=(
            Credit(
                "Introduced",
                "Klambauer, Unterthiner, Mayr & Hochreiter",
                2017,
                "Self-normalizing neural networks",
            ),
        ),
    ),
    Activation(
        key="gelu",
        name="GELU",
        family="gated",
        fn=functions.gelu,
        grad=functions.gelu_grad,
        fused=functions.gelu_and_grad,
        formula=r"f(x) = x\,\Phi(x) = \frac{x}{2}\Bigl(1 + \operatorname{erf}\frac{x}{\sqrt{2}}\Bigr)",
        derivative_formula=r"f'(x) = \Phi(x) + x\,\varphi(x)",
        default_range=(-4.0, 4.0),
        use_case=(
            "A smooth, probabilistic ReLU used in Transformers: BERT's released code used this "
            "exact form, GPT-2 the tanh approximation (the next entry); the original Transformer "
            "used ReLU."
        ),
        limitation="Needs erf; slightly dearer than ReLU. Not monotonic (minimum ≈ −0.17).",
        notes=(
            "Exact form with erf, as PyTorch's nn.GELU() by default. Φ and φ are the standard "
            "normal CDF and density."
        ),
        history=(
            Credit("Introduced", "Hendrycks & Gimpel", 2016, "Gaussian error linear units (GELUs)"),
        ),
    ),
    Activation(
        key="gelu_tanh",
        name="GELU (tanh approx.)",
        family="gated",
        fn=functions.gelu_tanh,
        grad=functions.gelu_tanh_grad,
        formula=r"f(x) = \frac{x}{2}\Bigl(1 + \tanh u\Bigr),\ u = \sqrt{2/\pi}\,(x + 0.044715\,x^3)",
        derivative_formula=r"f'(x) = \frac{1 + \tanh u}{2} + \frac{x}{2}\,\operatorname{sech}^2 u\;\sqrt{2/\pi}\,(1 + 0.134145\,x^2)",
        default_range=(-4.0, 4.0),
        use_case=(
            "GELU without erf: GPT-2's form (and BERT's code's after 2019), PyTorch's "
            "approximate='tanh'."
        ),
        limitation="An approximation: it differs from exact GELU by up to about 5e−4.",
        history=(
            Credit("Introduced", "Hendrycks & Gimpel", 2016, "Gaussian error linear units (GELUs)"),
        ),
    ),
    Activation(
        key="swish",
        name="Swish / SiLU",
        family="gated",
        fn=functions.swish,
        grad=functions.swish_grad,
        formula=r"f(x) = x\,\sigma(\beta x)",
        derivative_formula=r"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\bigl(1 - \sigma(\beta x)\bigr)",
        params=(_BETA_SWISH,),
        use_case="Found by automated search; SiLU (β = 1) is common in vision and LLMs.",
        limitation="Not monotonic; a sigmoid per element costs more than ReLU.",
        notes="β = 1 is SiLU; β = 0 gives x/2; β → ∞ approaches ReLU.",
        history=(
            Credit(
                "Named SiLU (β = 1)",
                "Hendrycks & Gimpel",
                2016,
                "Gaussian error linear units (GELUs)",
            ),
            Credit(
                "Named SiLU (β = 1)",
                "Elfwing, Uchibe & Doya",
                2017,
                "Sigmoid-weighted linear units for neural network function approximation in "
                "reinforcement learning",
            ),
            Credit(
                "Rediscovered with β as Swish, and popularised",
                "Ramachandran, Zoph & Le",
                2017,
                "Searching for activation functions",
            ),
        ),
    ),
    Activation(
        key="mish",
        name="Mish",
        family="gated",
        fn=functions.mish,
        grad=functions.mish_grad,
        formula=r"f(x) = x \tanh\bigl(\operatorname{softplus}(x)\bigr)",
        derivative_formula=r"f'(x) = \tanh(s) + x\,\operatorname{sech}^2(s)\,\sigma(x),\ s = \operatorname{softplus}(x)",
        use_case="Smooth self-gating used in YOLOv4 and other detectors.",
        limitation="Dearer than Swish; not monotonic (minimum ≈ −0.31).",
        history=(
            Credit(
                "Introduced",
                "Misra",
                2019,
                "Mish: a self regularized non-monotonic activation function",
            ),
        ),
    ),
    Activation(
        key="hardswish",
        name="Hardswish",
        family="gated",
        fn=functions.hardswish,
        grad=functions.hardswish_grad,
        formula=r"f(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6}",
        derivative_formula=r"f'(x) = \begin{cases} 0 & x \le -3 \\ \tfrac{x}{3} + \tfrac{1}{2} & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
        breakpoints=(-3.0, 3.0),
        use_case="Swish for mobile hardware: no exponential (MobileNetV3).",
        limitation="f′ jumps at ±3; dead for x ≤ −3.",
        notes="Autograd uses f′(−3) = 0 and f′(3) = 1.",
        history=(Credit("Introduced", "Howard et al.", 2019, "Searching for MobileNetV3"),),
    ),
    Activation(
        key="softplus",
        name="Softplus",
        family="softplus",
        fn=functions.softplus,
        grad=functions.softplus_grad,
        formula=r"f(x) = \frac{1}{\beta}\log\bigl(1 + e^{\beta x}\bigr)",
        derivative_formula=r"f'(x) = \sigma(\beta x)",
        params=(_BETA_SOFTPLUS,),
        use_case="A smooth ReLU; keeps outputs positive (variances, rates).",
        limitation="Its slope at 0 is only 1/2, and it saturates on the left.",
        notes="Exact: no linear cut-off above a threshold, unlike PyTorch's default.",
        history=(
            Credit(
                "Named, in a neural network",
                "Dugas, Bengio, Bélisle, Nadeau & Garcia",
                2000,
                "Incorporating second-order functional knowledge for better option pricing",
            ),
        ),
    ),
    Activation(
        key="logsigmoid",
        name="Log-sigmoid",
        family="softplus",
        fn=functions.logsigmoid,
        grad=functions.logsigmoid_grad,
        formula=r"f(x) = \log \sigma(x) = -\operatorname{softplus}(-x)",
        derivative_formula=r"f'(x) = 1 - \sigma(x) = \sigma(-x)",
        use_case="Stable log-probabilities for binary losses (logistic loss = −log σ).",
        limitation="Unbounded below and saturating on the right; rarely a hidden activation.",
    ),
    Activation(
        key="tanhshrink",
        name="Tanhshrink",
        family="other",
        fn=functions.tanhshrink,
        grad=functions.tanhshrink_grad,
        formula=r"f(x) = x - \tanh x",
        derivative_formula=r"f'(x) = \tanh^2 x",
        use_case="Shrinks small inputs toward 0 (sparse coding, denoising).",
        limitation="f′(0) = 0: near-zero inputs pass almost no gradient.",
    ),
    Activation(
        key="gaussian",
        name="Gaussian",
        family="other",
        fn=functions.gaussian,
        grad=functions.gaussian_grad,
        formula=r"f(x) = e^{-x^2}",
        derivative_formula=r"f'(x) = -2x\,e^{-x^2}",
        default_range=(-4.0, 4.0),
        use_case="Radial-basis-function networks: a bump that responds near 0.",
        limitation="Not monotonic and saturates both ways: hard to train deep.",
        history=(
            Credit(
                "Early use, in radial-basis-function networks",
                "Broomhead & Lowe",
                1988,
                "Multivariable functional interpolation and adaptive networks",
            ),
        ),
    ),
)

_family_order = {family: rank for rank, family in enumerate(FAMILIES)}
REGISTRY: Mapping[str, Activation] = MappingProxyType(
    {spec.key: spec for spec in sorted(_SPECS, key=lambda spec: _family_order[spec.family])}
)


def get(key: str) -> Activation:
    """The activation registered under ``key``; an unknown key raises ``KeyError`` naming close ones."""
    try:
        return REGISTRY[key]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(key), REGISTRY, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"No activation {key!r}.{hint} Known: {', '.join(REGISTRY)}.") from None


def resolve(key_or_spec: str | Activation) -> Activation:
    """An ``Activation`` as given, or the one registered under a key: the core takes either, so a
    function that is not in the registry goes wherever a registry entry goes."""
    return key_or_spec if isinstance(key_or_spec, Activation) else get(key_or_spec)


def resolve_with_params(
    key_or_spec: str | Activation, params: Mapping[str, float] | None = None
) -> tuple[Activation, dict[str, float]]:
    """The activation and its checked parameters (defaults where missing)."""
    spec = resolve(key_or_spec)
    return spec, spec.resolve_params(**(params or {}))
