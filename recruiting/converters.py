class IdConverter:
    """A database id: at most 18 digits, so a tampered URL is a 404 rather than an integer overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
