"""Outcomes: the evidence that a program works, as of a date, never for a group under k people."""
