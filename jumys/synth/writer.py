"""Writing contract files: CSV (UTF-8, no BOM, `\\n`, one header row) or Parquet, in the contract's order.

Column types follow jumys.registry.contract: identifiers, codes, periods and text as strings,
dates as DATE, integers as INT64, numbers as DOUBLE, booleans as BOOLEAN. One background thread
does all the writing, in the order the files are handed over, while the calling thread goes on
computing the next file or payroll chunk; a bounded queue keeps memory in check.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Literal, TypeAlias

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from jumys.registry.contract import BY_NAME
from jumys.registry.spec import Kind

Format = Literal["csv", "parquet"]
_TYPES: dict[Kind, pa.DataType] = {
    "date": pa.date32(),
    "int": pa.int64(),
    "number": pa.float64(),
    "bool": pa.bool_(),
}
_BATCH_ROWS = 1_000_000
_QUEUED_BATCHES = 4


def schema(name: str) -> pa.Schema:
    """The Arrow schema of a contract file."""
    spec = BY_NAME[name]  # the synthetic country writes version 1.1 of the contract
    fields = [
        pa.field(c.name, _TYPES.get(c.kind, pa.string()), nullable=not c.required) for c in spec.columns
    ]
    return pa.schema(fields)


class _Sink:
    """One open output file of either format."""

    def __init__(
        self,
        path: Path,
        fmt: Format,
        file_schema: pa.Schema,
        dictionary: list[str] | bool,
        statistics: list[str] | bool,
    ) -> None:
        self.csv: pcsv.CSVWriter | None = None
        self.parquet: pq.ParquetWriter | None = None
        self.stream: pa.NativeFile | None = None
        if fmt == "csv":
            self.stream = pa.OSFile(str(path), "wb")
            self.stream.write((",".join(file_schema.names) + "\n").encode("utf-8"))
            # no value needs quoting (names carry no comma or quote); pyarrow refuses one that would
            options = pcsv.WriteOptions(include_header=False, quoting_style="none", delimiter=",")
            self.csv = pcsv.CSVWriter(self.stream, file_schema, write_options=options)
        else:
            self.parquet = pq.ParquetWriter(
                str(path),
                file_schema,
                compression="zstd",
                compression_level=1,
                use_dictionary=dictionary,
                write_statistics=statistics,
            )

    def write(self, batch: pa.RecordBatch) -> None:
        if self.csv is not None:
            self.csv.write_batch(batch)
        elif self.parquet is not None:
            self.parquet.write_batch(batch)

    def close(self) -> None:
        if self.csv is not None:
            self.csv.close()
        if self.stream is not None:
            self.stream.close()
        if self.parquet is not None:
            self.parquet.close()


_Open: TypeAlias = tuple[str, pa.Schema, list[str] | bool, list[str] | bool]
_Item: TypeAlias = "_Open | pa.RecordBatch | str | None"  # open a file, write a batch, "close" it, stop


class BatchWriter:
    """Writes the files of one batch folder in a background thread and counts their rows."""

    def __init__(self, out: Path, fmt: Format) -> None:
        self.out = out
        self.fmt = fmt
        self.rows: dict[str, int] = {}
        out.mkdir(parents=True, exist_ok=True)
        self._queue: queue.Queue[_Item] = queue.Queue(maxsize=_QUEUED_BATCHES)
        self._failure: list[BaseException] = []
        self._thread = threading.Thread(target=self._work, name="synth-writer", daemon=True)
        self._thread.start()

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def path(self, name: str) -> Path:
        """Where the file `name` goes."""
        return self.out / f"{name}.{self.fmt}"

    def _work(self) -> None:
        sink: _Sink | None = None
        while True:
            item = self._queue.get()
            if item is None:
                break
            if self._failure:
                continue  # drain after a failure, so that the producer never blocks
            try:
                if isinstance(item, tuple):
                    name, file_schema, dictionary, statistics = item
                    sink = _Sink(self.path(name), self.fmt, file_schema, dictionary, statistics)
                elif isinstance(item, str):
                    assert sink is not None
                    sink.close()
                    sink = None
                else:
                    assert sink is not None
                    sink.write(item)
            except BaseException as exc:  # handed over to the calling thread
                self._failure.append(exc)
                if sink is not None:
                    sink.close()
                    sink = None
        if sink is not None:  # the caller stopped half-way through a file
            sink.close()

    def _put(self, item: _Item) -> None:
        if self._failure:
            raise self._failure[0]
        self._queue.put(item)

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
        """Hand a whole file over for writing; return its number of rows."""
        table = self.table(name, columns)
        self._put((name, table.schema, True, True))
        for batch in table.to_batches(max_chunksize=_BATCH_ROWS):
            self._put(batch)
        self._put("close")
        rows = int(table.num_rows)
        self.rows[name] = rows
        return rows

    def stream(
        self,
        name: str,
        batches: Iterator[tuple[pa.RecordBatch, int]],
        progress: Callable[[int], None] | None = None,
        dictionary: list[str] | bool = True,
        statistics: list[str] | bool = True,
    ) -> int:
        """Hand a file over batch by batch, from (batch, work done) pairs; return its number of rows.

        dictionary and statistics: the Parquet columns to dictionary-encode and to keep min/max for.
        """
        file_schema = schema(name)
        self._put((name, file_schema, dictionary, statistics))
        rows = 0
        for batch, done in batches:
            if batch.schema != file_schema:
                raise TypeError(f"{name}: batch schema {batch.schema} is not the contract's")
            self._put(batch)
            rows += batch.num_rows
            if progress is not None:
                progress(done)
        self._put("close")
        self.rows[name] = rows
        return rows

    def close(self) -> None:
        """Wait until everything handed over is written; raise what went wrong in the writing thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._failure:
            raise self._failure[0]
