"""Tools for developing the app, shared by the tests and the benchmarks; the app never imports
them (and the Docker image leaves them out)."""
