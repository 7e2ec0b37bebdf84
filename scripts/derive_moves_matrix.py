#!/usr/bin/env python3
"""Derives the illustrative moves_to rows of models/goteborg/districts.yaml.

Gravity with balance: flows F[i][j] = a[i] a[j] K[i][j], K = exp(-distance / decay_km) between
districts (position_km) and `stay` within one, scaled (symmetric Sinkhorn) so that each
district's moves out equal its population share; then F is symmetric, so at the 2016
population every district gains as many households by moves as it loses. moves_to[i][j] =
F[i][j] / row sum. Prints the rows as YAML to paste. Usage: derive_moves_matrix.py DISTRICTS.yaml
"""
import math
import sys

import yaml

DECAY_KM = 5.0   # illustrative: most moves are short
STAY = 2.2       # illustrative: K within a district, giving about half the moves within it

districts = yaml.safe_load(open(sys.argv[1]))["districts"]
n = len(districts)
pop = [d["population"] for d in districts]
pos = [d["position_km"] for d in districts]
K = [[STAY if i == j else math.exp(-math.dist(pos[i], pos[j]) / DECAY_KM) for j in range(n)] for i in range(n)]
a = [1.0] * n
for _ in range(2000):
    a = [math.sqrt(a[i] * pop[i] / sum(a[i] * a[j] * K[i][j] for j in range(n))) for i in range(n)]
for i, d in enumerate(districts):
    row = [a[i] * a[j] * K[i][j] for j in range(n)]
    total = sum(row)
    shares = [round(x / total, 3) for x in row]
    shares[i] = round(1 - sum(s for k, s in enumerate(shares) if k != i), 3)
    print(f"  {d['key']}: {{" + ", ".join(f"{districts[j]['key']}: {shares[j]}" for j in range(n)) + "}")
