"""Surveys: a baseline when a pair starts, a closing one at the end, reported in aggregate only."""
