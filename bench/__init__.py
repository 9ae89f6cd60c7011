"""`make bench`: the benchmark runner (run.py) and the data and timings it runs inside Django."""
