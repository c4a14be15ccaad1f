"""The same floating-point arithmetic for every run, on whichever processor it lands.

OpenBLAS, which numpy and scipy load, picks its kernels by the processor it
finds. Kernels for different instruction sets add in different orders, and a
long fit amplifies the last bits: an L-BFGS fit of a small network on the
moons follows another path to another optimum. Seen here: the logistic network
of ``neural_networks.py`` scored 94.7% of the validation points with the AVX2
("Haswell") kernels and 92.7% with the AVX-512 ("SkylakeX") ones, enough to
break a claim on one CI machine and not on another. Every run therefore gets
one thread and, on x86-64 processors with AVX2 and FMA (nearly every one made
since 2015), the Haswell kernels; other processors keep OpenBLAS's own choice,
since forcing a kernel a processor lacks would crash the run.
"""

from __future__ import annotations

import platform
import sys
from functools import cache
from pathlib import Path

KERNEL = "Haswell"


@cache
def arithmetic_env() -> dict[str, str]:
    """Variables that fix the arithmetic of a run; the cache key includes them."""
    env = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    if _has_haswell_instructions():
        env["OPENBLAS_CORETYPE"] = KERNEL
    return env


def _has_haswell_instructions() -> bool:
    if platform.machine().lower() not in ("x86_64", "amd64") or not sys.platform.startswith("linux"):
        return False
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])
    return {"avx2", "fma"} <= set(flags)
