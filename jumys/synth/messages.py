"""The messages of the synthetic country (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

SCALE_OUT_OF_RANGE = Message("synth.scale_out_of_range", "scale must lie in (0, 10], got {scale}")
FORMAT_UNKNOWN = Message("synth.format_unknown", "format is csv or parquet, got {format!r}")
YEAR_OUT_OF_RANGE = Message("synth.year_out_of_range", "year must lie in 2000-2100, got {year}")
FOLDER_NOT_EMPTY = Message(
    "synth.folder_not_empty", "{folder} already holds {files} of another batch; write into an empty folder"
)
NO_FIGURE_NEAR = Message("synth.no_figure_near", "no complete published figure near {year}")
