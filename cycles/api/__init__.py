"""The cycles app's part of the public API (trygg.api) and of the open data (trygg.opendata), one module
per concept: each has its row schemas, the public querysets they read, its endpoints on a router and its
datasets. CyclesConfig.ready() adds the routers and registers the datasets."""

from . import followup, measure, milestone, promise

ROUTERS = [measure.router, milestone.router, promise.router, followup.router]
DATASETS = [*measure.DATASETS, *milestone.DATASETS, *promise.DATASETS, *followup.DATASETS]
