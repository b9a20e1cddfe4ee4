"""The corpus's models are its migrations' state (tests/django/compat/corpus/migrations): no model code is needed to
classify or apply them."""
