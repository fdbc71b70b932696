"""CJM Studio: an offline desktop editor for customer journey maps."""

__version__ = "0.1.0"
#: The product's name, as users see it (window titles, settings, data folder, lock holder).
APP_NAME = "CJM Studio"
