"""URLs for follow-up reports: the workspace under /arbete/rapporter/ and the public /uppfoljning/
(included by cycles/urls.py)."""

patterns = []
