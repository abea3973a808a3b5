"""Printable notices (文书): Jinja2 templates laid out for A4 paper, rendered to HTML."""
