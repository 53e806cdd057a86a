from community.tests.factories import spaces  # noqa: F401  (the fixture, for this app's tests)
