"""Enough of a PDF reader to test reportlab's output: the text of each page (via the fonts' ToUnicode maps) and
the fonts with whether each is embedded. pypdf is not a dependency; this reads only what reportlab writes."""

from __future__ import annotations

import base64
import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)


def objects(pdf: bytes) -> dict[int, bytes]:
    """Every object of the file by number (its dictionary and raw stream)."""
    return {int(m.group(1)): m.group(2) for m in _OBJ.finditer(pdf)}


def stream(body: bytes) -> bytes:
    """An object's stream, inflated when it is FlateDecode."""
    m = _STREAM.search(body)
    if m is None:
        return b""
    data, head = m.group(1), body[: m.start()]
    if b"ASCII85Decode" in head:
        data = base64.a85decode(data.strip(), adobe=True)
    return zlib.decompress(data) if b"FlateDecode" in head else data


def _cmap(text: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + i)
    return out


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):  # backslash
            n = raw[i + 1]
            if 0x30 <= n <= 0x37:
                j = i + 1
                while j < len(raw) and j < i + 4 and 0x30 <= raw[j] <= 0x37:
                    j += 1
                out.append(int(raw[i + 1 : j], 8) & 0xFF)
                i = j
                continue
            out.append({ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out)


_TOKENS = re.compile(
    rb"/([\w+.-]+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f]*)>|(T\*|Td|TD|ET|')", re.S
)


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page, strings joined by spaces (a new line where the text moves)."""
    objs = objects(pdf)
    maps: dict[int, dict[int, str]] = {}
    for num, body in objs.items():
        m = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if m and b"/Font" in body:
            maps[num] = _cmap(stream(objs[int(m.group(1))]))
    names: dict[bytes, int] = {}
    for body in objs.values():
        for name, ref in re.findall(rb"/(F[\w+.-]*) (\d+) 0 R", body):
            names[name] = int(ref)
    out = []
    for body in objs.values():
        if not re.search(rb"/Type /Page\b", body):
            continue
        contents = re.search(rb"/Contents (\d+) 0 R", body)
        if contents is None:
            continue
        text, cmap = [], {}
        for font, literal, hexa, op in _TOKENS.findall(stream(objs[int(contents.group(1))])):
            if font:
                cmap = maps.get(names.get(font, -1), {})
            elif op:
                text.append("\n")
            else:
                raw = bytes.fromhex(hexa.decode()) if hexa else _unescape(literal)
                text.append("".join(cmap.get(b, chr(b)) for b in raw))
        out.append(" ".join(text))
    return out


def fonts(pdf: bytes) -> dict[str, bool]:
    """The base font of every font of the file and whether the file embeds it."""
    objs = objects(pdf)
    found = {}
    for body in objs.values():
        if b"/Type /Font" not in body:
            continue
        name = re.search(rb"/BaseFont /([\w+.-]+)", body)
        if name is None:
            continue
        descriptor = re.search(rb"/FontDescriptor (\d+) 0 R", body)
        embedded = (
            descriptor is not None
            and re.search(rb"/FontFile[23]? \d+ 0 R", objs.get(int(descriptor.group(1)), b"")) is not None
        )
        found[name.group(1).decode()] = embedded
    return found
