"""Adapters that bring data from other systems into Twoway.

Each integration turns an outside format into plain Python values; the app
that owns the data (for HR files, ``twoway.people.importing``) validates and
saves them.
"""
