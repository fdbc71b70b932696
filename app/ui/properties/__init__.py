"""The properties dock: a form per element kind, bound both ways to the map."""
