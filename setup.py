"""The one part pyproject.toml cannot say: pipeline/pdf_chars.py's character loop as an optional C
extension (pipeline/_charruns.c). Where no compiler or Python headers are found the build goes on
without it and pdf_chars.py runs the same loop in Python (the same runs; tests/pipeline/test_charruns.py)."""
from setuptools import Extension, setup

setup(ext_modules=[Extension(
    "congvan.pipeline._charruns", ["pipeline/_charruns.c"], optional=True,
    # the loop's float arithmetic must be the Python loop's: no fused multiply-adds
    extra_compile_args=["-O2", "-ffp-contract=off"])])
