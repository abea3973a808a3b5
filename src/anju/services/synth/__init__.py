"""A realistic synthetic city of depositors (numpy + Polars, vectorised, seeded)."""

from anju.services.synth.city import City, generate_city

__all__ = ["City", "generate_city"]
