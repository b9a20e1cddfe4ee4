# The notes app has no models and no migrations in release 1: its first migration arrives with release 2.
