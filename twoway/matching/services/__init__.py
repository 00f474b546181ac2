"""Writes about matching, one module per concept.

- ``runs``: queue a run, run the engine, store what it found; re-run after opt-outs.
- ``review``: lock, exclude and swap the pairs of the current run.
- ``preview``: share a run's proposals, mark one seen, opt out of one.
- ``publish``: turn a run's proposals into pairs.
- ``mail``: the e-mails about published pairs and shared proposals.
- ``self_match``: participants ask each other, accept, decline, withdraw.
- ``rematch``: the engine's verdict on a chosen pair; re-match who stayed in an ended pair.
- ``guards``: the checks every write starts with, and ``MatchingError``.

Each service takes ``actor=`` first and keyword-only arguments, checks that the
actor may do it and writes an audit event in the same transaction. ``actor``
None means the command line (whoever can run it already holds the database).
Refusals raise ``MatchingError`` (a ``ValidationError``) with a message meant
for the person who asked. Background tasks sit next to the service they run;
their arguments are ids (task arguments travel as JSON), and each service is
safe to run twice, because a task may be delivered more than once.
"""
