"""A synthetic city as Parquet files: one ``<table>.parquet`` per database table."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from anju.services.synth import City


class ParquetCitySink:
    """Writes every table of a city into ``directory`` (created when missing)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.label = str(self.directory)

    def write(self, city: City) -> None:
        """One Parquet file per table; existing files of the same name are replaced."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, frame in city.tables().items():
            # Write beside and rename, so a reader never sees half a file.
            partial = self.directory / f".{name}.parquet.partial"
            frame.write_parquet(partial, compression="zstd", statistics=True)
            partial.replace(self.directory / f"{name}.parquet")


def read_city(directory: Path) -> City:
    """The city written by :class:`ParquetCitySink` into ``directory``."""
    frames = {name: pl.read_parquet(Path(directory) / f"{name}.parquet") for name in City.__dataclass_fields__}
    return City(**frames)
