from deaths.tests.factories import deaths_cast  # noqa: F401  (the fixture, for this app's tests)
