"""The journey map model: pure Python, no Qt, no database."""
