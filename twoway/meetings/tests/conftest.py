from twoway.pairs.tests.conftest import agreement, morgan, pilot, published  # noqa: F401
