"""Shared Streamlit helpers: URL state, page chrome, cached computations and figure builders.

Pages import from here; nothing here is imported by :mod:`activations`.
"""
