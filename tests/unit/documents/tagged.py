"""Reading the tagged structure of a rendered PDF back, independently of the code that wrote it:
pdfplumber for the structure tree and the marked characters, pypdf for the content streams.

veraPDF says whether a file conforms; these helpers say whether it says the right thing: which
elements in which order, what text each holds, that every MCID is referenced exactly once and
that nothing is painted outside marked content.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pypdf import PdfReader
from pypdf.generic import ContentStream

# Operators that put marks on the page (ISO 32000-1, tables 51, 59, 77, 87, 92).
PAINTING = frozenset(
    {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "BI",
     "INLINE IMAGE"}
)


@dataclass
class Element:
    type: str
    page: int | None  # 1-based
    mcids: list[int]
    attributes: dict[str, Any]
    alt: str | None
    children: list[Element]
    text: str = ""

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()


def _element(node: dict[str, Any], chars: dict[tuple[int, int], str]) -> Element:
    children = [_element(child, chars) for child in node.get("children", [])]
    page = node.get("page_number")
    mcids = list(node.get("mcids", []))
    element = Element(
        type=node["type"],
        page=page,
        mcids=mcids,
        attributes=dict(node.get("attributes", {})),
        alt=node.get("alt_text"),
        children=children,
    )
    return element


def structure(data: bytes) -> list[Element]:
    """The structure tree's top elements (normally one ``Document``)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [_element(node, {}) for node in pdf.structure_tree]


def marked_text(data: bytes) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence: (page 1-based, MCID) → text, in content order."""
    texts: dict[tuple[int, int], list[str]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for char in page.chars:
                if char.get("mcid") is not None:
                    texts.setdefault((number, char["mcid"]), []).append(char["text"])
    return {key: "".join(value) for key, value in texts.items()}


def mcid_references(data: bytes) -> list[tuple[int, int]]:
    """Every (page, MCID) the structure tree points at, with repetitions.

    pdfplumber gives each element's MCIDs with the element's page; an element continued on a
    later page lists those MCIDs too, so the page is read from the raw tree here.
    """
    reader = PdfReader(io.BytesIO(data))
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    refs: list[tuple[int, int]] = []

    def visit(node: Any, page: int | None) -> None:
        node = node.get_object()
        if isinstance(node, int):
            assert page is not None
            refs.append((page, int(node)))
            return
        if not hasattr(node, "get"):
            for kid in node:
                visit(kid, page)
            return
        if node.get("/Type") == "/MCR":
            refs.append((page_numbers[node.raw_get("/Pg").idnum], int(node["/MCID"])))
            return
        if node.get("/Type") == "/OBJR":
            return
        if "/Pg" in node:
            page = page_numbers[node.raw_get("/Pg").idnum]
        kids = node.get("/K")
        if kids is None:
            return
        if isinstance(kids.get_object(), list):
            for kid in kids:
                visit(kid, page)
        else:
            visit(kids, page)

    visit(root["/K"], None)
    return refs


def content_mcids(data: bytes) -> list[tuple[int, int]]:
    """Every (page, MCID) that the content streams mark."""
    found: list[tuple[int, int]] = []
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC" and hasattr(operands[1], "get") and "/MCID" in operands[1]:
                found.append((number, int(operands[1]["/MCID"])))
    return found


def unmarked_painting(data: bytes) -> list[str]:
    """Painting operators outside any marked-content sequence ("page 1: Tj"); empty when every
    mark on every page is tagged or an artifact (what veraPDF checks as 7.1-3)."""
    problems: list[str] = []
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        depth = 0
        for _operands, operator in ContentStream(page.get_contents(), reader).operations:
            name = operator.decode("latin-1") if isinstance(operator, bytes) else str(operator)
            if name in ("BDC", "BMC"):
                depth += 1
            elif name == "EMC":
                depth -= 1
            elif name in PAINTING and depth == 0:
                problems.append(f"Seite {number}: {name}")
    return problems


def nested_marked_content(data: bytes) -> list[str]:
    """Marked-content sequences with an MCID inside another marked sequence (not allowed)."""
    problems: list[str] = []
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        depth = 0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                if depth and operator == b"BDC" and hasattr(operands[1], "get") and (
                    "/MCID" in operands[1]
                ):
                    problems.append(f"Seite {number}: MCID {operands[1]['/MCID']}")
                depth += 1
            elif operator == b"EMC":
                depth -= 1
    return problems


def reading_order(data: bytes) -> list[tuple[str, str]]:
    """(element type, its text) for every element that holds text, in the structure tree's
    order; an element's text is the text of its MCIDs in order (children's text is theirs)."""
    texts = marked_text(data)
    reader = PdfReader(io.BytesIO(data))
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    out: list[tuple[str, str]] = []

    def visit(node: Any) -> None:
        node = node.get_object()
        role = str(node["/S"])[1:]
        page = page_numbers[node.raw_get("/Pg").idnum] if "/Pg" in node else None
        kids = node.get("/K")
        kids = [] if kids is None else kids.get_object()
        if not isinstance(kids, list):
            kids = [kids]
        own: list[str] = []
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, int):
                assert page is not None
                own.append(texts.get((page, int(kid)), ""))
            elif kid.get("/Type") == "/MCR":
                kid_page = page_numbers[kid.raw_get("/Pg").idnum]
                own.append(texts.get((kid_page, int(kid["/MCID"])), ""))
            elif kid.get("/Type") == "/OBJR":
                continue
            else:
                if own:
                    out.append((role, "".join(own)))
                    own = []
                visit(kid)
        if own:
            out.append((role, "".join(own)))

    kids = root["/K"].get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        visit(kid)
    return out


def struct_elements(data: bytes) -> list[Any]:
    """Every structure element dictionary of the tree, in reading order (pypdf objects)."""
    reader = PdfReader(io.BytesIO(data))
    found: list[Any] = []

    def visit(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                visit(kid)
            return
        if not hasattr(node, "get") or "/S" not in node:
            return
        found.append(node)
        if "/K" in node:
            visit(node["/K"])

    visit(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def counts(data: bytes) -> Counter[str]:
    """How many elements of each type the structure tree has (also those without marked
    content of their own, such as ``Link`` and ``Form``, which hold annotations)."""
    return Counter(str(element["/S"])[1:] for element in struct_elements(data))


def normalise(text: str) -> str:
    """Whitespace folded to single spaces, as a screen reader would not hear a difference."""
    return re.sub(r"\s+", " ", text).strip()
