"""The core takes any Activation, not only a registry key: a function that is not registered (as
a typed formula will be) goes wherever a registry entry goes, and the registry stays as it is."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import activations
from activations import propagation
from activations.composition import random_layers, two_layer_network
from tests.tolerance import SAME_NUMBERS

# The registry's tanh under another key and name: not registered anywhere.
OUTSIDER = dataclasses.replace(activations.get("tanh"), key="my_tanh", name="My tanh")


def test_the_outsider_is_not_registered() -> None:
    assert "my_tanh" not in activations.REGISTRY
    with pytest.raises(KeyError):
        activations.get("my_tanh")
    assert activations.resolve(OUTSIDER) is OUTSIDER
    assert activations.resolve("tanh") is activations.get("tanh")


def test_properties_and_dead_zones() -> None:
    mine, theirs = activations.properties(OUTSIDER), activations.properties("tanh")
    assert mine.key == "my_tanh"
    assert dataclasses.replace(mine, key="tanh") == theirs
    assert activations.dead_zones(OUTSIDER) == activations.dead_zones("tanh") == ()


def test_simulation_theory_chain_and_phase_diagram() -> None:
    alone = propagation.simulate(OUTSIDER, 6, 16, 4, 1.2, 0.1, seed=3)
    registered = propagation.simulate("tanh", 6, 16, 4, 1.2, 0.1, seed=3)
    np.testing.assert_allclose(alone.grad_rms, registered.grad_rms, **SAME_NUMBERS)
    mixed = propagation.simulate_many([OUTSIDER, "relu"], 6, 16, 4, 1.2, 0.1, seed=3)
    np.testing.assert_allclose(mixed[0].grad_rms, registered.grad_rms, **SAME_NUMBERS)
    network = propagation.Network([OUTSIDER], 16, 4, 1.2, 0.1, seed=3)
    np.testing.assert_allclose(network.run(6)[0].grad_rms, registered.grad_rms, **SAME_NUMBERS)
    np.testing.assert_array_equal(
        propagation.mean_field(OUTSIDER, 8, 1.5, 0.0).grad_rms,
        propagation.mean_field("tanh", 8, 1.5, 0.0).grad_rms,
    )
    np.testing.assert_array_equal(
        propagation.chain(OUTSIDER, 5, 0.5, 1.0).product,
        propagation.chain("tanh", 5, 0.5, 1.0).product,
    )
    np.testing.assert_array_equal(
        propagation.phase_diagram(OUTSIDER, [0.5, 1.5], [0.0]).chi,
        propagation.phase_diagram("tanh", [0.5, 1.5], [0.0]).chi,
    )


def test_the_composition_demo() -> None:
    x, layers = np.linspace(-2, 2, 9), random_layers(3)
    np.testing.assert_array_equal(
        two_layer_network(x, layers, OUTSIDER), two_layer_network(x, layers, "tanh")
    )


def cached_calls() -> None:
    import dataclasses

    import streamlit as st

    import activations
    from ui import compute

    tanh = activations.get("tanh")
    first = dataclasses.replace(tanh, key="my_tanh", name="My tanh")
    again = dataclasses.replace(tanh, key="my_tanh", name="Same function, built again")
    other = dataclasses.replace(activations.get("relu"), key="my_relu")
    st.session_state["curves"] = [compute.curve(f, -2.0, 2.0, ()) for f in (first, again, other)]
    st.session_state["props"] = compute.properties(first, ()).key
    st.session_state["sims"] = len(compute.simulations((first, "relu"), 4, 16, 1.0, 0.0, 0))


def test_cached_calls_know_an_activation_by_what_defines_it() -> None:
    at = AppTest.from_function(cached_calls, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (x, y, _), (_, y_again, _), (_, y_other, _) = at.session_state["curves"]
    np.testing.assert_array_equal(y, np.tanh(x))
    np.testing.assert_array_equal(y_again, y)
    np.testing.assert_array_equal(y_other, np.maximum(x, 0.0))
    assert at.session_state["props"] == "my_tanh"
    assert at.session_state["sims"] == 2
