"""Writing contract files: CSV (UTF-8, no BOM, `\\n`, one header row) or Parquet, columns in the contract's order.

Column types follow jumys.registry.contract: identifiers, codes, periods and text as strings,
dates as DATE, integers as INT64, numbers as DOUBLE, booleans as BOOLEAN. Large files are
streamed: batches are produced in the calling thread and written by a second one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from jumys.registry.contract import BY_NAME, Kind

Format = Literal["csv", "parquet"]
_TYPES: dict[Kind, pa.DataType] = {"date": pa.date32(), "int": pa.int64(), "number": pa.float64(), "bool": pa.bool_()}


def schema(name: str) -> pa.Schema:
    """The Arrow schema of a contract file."""
    spec = BY_NAME[name]
    return pa.schema([pa.field(c.name, _TYPES.get(c.kind, pa.string()), nullable=not c.required) for c in spec.columns])


class _Sink:
    """One open output file of either format."""

    def __init__(self, path: Path, fmt: Format, file_schema: pa.Schema, dictionary: list[str] | bool) -> None:
        self.rows = 0
        self.csv: pcsv.CSVWriter | None = None
        self.parquet: pq.ParquetWriter | None = None
        self.stream: pa.NativeFile | None = None
        if fmt == "csv":
            self.stream = pa.OSFile(str(path), "wb")
            self.stream.write((",".join(file_schema.names) + "\n").encode("utf-8"))
            options = pcsv.WriteOptions(include_header=False, quoting_style="none", delimiter=",")
            self.csv = pcsv.CSVWriter(self.stream, file_schema, write_options=options)
        else:
            self.parquet = pq.ParquetWriter(str(path), file_schema, compression="snappy", use_dictionary=dictionary)

    def write(self, batch: pa.RecordBatch) -> None:
        if self.csv is not None:
            self.csv.write_batch(batch)
        elif self.parquet is not None:
            self.parquet.write_batch(batch)
        self.rows += batch.num_rows

    def close(self) -> None:
        if self.csv is not None:
            self.csv.close()
        if self.stream is not None:
            self.stream.close()
        if self.parquet is not None:
            self.parquet.close()


class BatchWriter:
    """Writes the files of one batch folder and counts their rows."""

    def __init__(self, out: Path, fmt: Format) -> None:
        self.out = out
        self.fmt = fmt
        self.rows: dict[str, int] = {}
        out.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        """Where the file `name` goes."""
        return self.out / f"{name}.{self.fmt}"

    def table(self, name: str, columns: Mapping[str, pa.Array | pa.ChunkedArray]) -> pa.Table:
        """Columns as a table of the file's schema, checking names and types against the contract."""
        file_schema = schema(name)
        if list(columns) != file_schema.names:
            raise ValueError(f"{name}: columns {list(columns)} are not the contract's {file_schema.names}")
        arrays = []
        for fld in file_schema:
            array = columns[fld.name]
            if array.type != fld.type:
                raise TypeError(f"{name}.{fld.name}: {array.type} where the contract wants {fld.type}")
            if not fld.nullable and array.null_count:
                raise ValueError(f"{name}.{fld.name}: a required column has empty cells")
            arrays.append(array)
        return pa.table(arrays, schema=file_schema)

    def write(self, name: str, columns: Mapping[str, pa.Array | pa.ChunkedArray]) -> int:
        """Write a whole file at once; return its number of rows."""
        table = self.table(name, columns)
        sink = _Sink(self.path(name), self.fmt, table.schema, True)
        try:
            for batch in table.to_batches(max_chunksize=1_000_000):
                sink.write(batch)
        finally:
            sink.close()
        self.rows[name] = table.num_rows
        return table.num_rows

    def stream(
        self,
        name: str,
        batches: Iterator[tuple[pa.RecordBatch, int]],
        progress: Callable[[int], None] | None = None,
        dictionary: list[str] | bool = True,
    ) -> int:
        """Write a file from (batch, work done) pairs made in this thread while another thread writes."""
        file_schema = schema(name)
        sink = _Sink(self.path(name), self.fmt, file_schema, dictionary)
        pending: queue.Queue[pa.RecordBatch | None] = queue.Queue(maxsize=2)
        failure: list[BaseException] = []

        def consume() -> None:
            try:
                while (batch := pending.get()) is not None:
                    if not failure:
                        sink.write(batch)
            except BaseException as exc:  # handed to the producing thread
                failure.append(exc)
                while pending.get() is not None:
                    pass

        worker = threading.Thread(target=consume, name=f"write-{name}", daemon=True)
        worker.start()
        try:
            for batch, done in batches:
                if batch.schema != file_schema:
                    raise TypeError(f"{name}: batch schema {batch.schema} is not the contract's")
                if failure:
                    break
                pending.put(batch)
                if progress is not None:
                    progress(done)
        finally:
            pending.put(None)
            worker.join()
            sink.close()
        if failure:
            raise failure[0]
        self.rows[name] = sink.rows
        return sink.rows
