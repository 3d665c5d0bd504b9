"""Tolerances for comparing one result reached by two routes.

Results that reach the same numbers by another route (another BLAS call, matrix shape, thread
count or buffer) agree to rounding, not bit for bit: OpenBLAS picks kernels and summation orders by
CPU, shape and thread count (an AMD CPU's Haswell kernel differs from an Intel one's in the last
bit). 1e-12 relative is about 4500 ulps: far below anything a chart or a test of the maths can see,
and far above what reordering a few thousand products can do.
"""

SAME_NUMBERS = {"rtol": 1e-12, "atol": 0.0}
