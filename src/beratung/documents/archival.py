"""Writing what PDF/UA-1 and PDF/A-2a need besides the marked content, inside ReportLab's save.

- the structure tree (ISO 32000-1, 14.7): ``StructTreeRoot`` with the elements that
  :class:`~beratung.documents.tagging.Tagger` collected, the ``ParentTree`` number tree (which
  element owns each MCID of a page, and each annotation), ``/StructParents`` and ``/Tabs /S``
  on the pages, ``/StructParent`` on annotations;
- ``/MarkInfo << /Marked true >>``;
- XMP metadata mirroring the document information dictionary (dc:title, dc:creator,
  dc:description, pdf:Producer, xmp:CreatorTool), with ``pdfaid:part 2``/``conformance A`` and
  ``pdfuaid:part 1`` (declared as an extension schema, as PDF/A wants for a schema it does not
  know);
- an output intent with an sRGB ICC profile (made by Pillow's LittleCMS, no file), because
  PDF/A allows device colours only with one;
- a document information dictionary without dates: ReportLab's invariant mode would write
  1 January 2000; leaving them out keeps reprints byte-identical without a false date.

Why here and not afterwards with a PDF library: the objects are a few hundred small
dictionaries that ReportLab formats anyway, a re-parse and re-write cost more than the
25 % the tagging may add to a render (bench/results/tagged_pdf.md), and no dependency is needed.
The price is use of ReportLab's PDF object classes (``pdfdoc``), which have been stable for many
years; ``tests/unit/documents`` validates every document with veraPDF, so a change there shows.

One change to ReportLab itself: its streams end ``…data endstream`` without an end-of-line
marker before ``endstream`` when the data does not end with one, which PDF/A (ISO 19005-2,
6.1.7.1) forbids. :func:`_stream_format` adds the line feed after the counted data.
"""

from __future__ import annotations

import functools
import zlib
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFStream,
    PDFString,
)

from beratung.documents.tagging import (
    KEEP_EMPTY,
    AnnotationRef,
    MarkedContent,
    StructElement,
    Tagger,
)

# --- ReportLab's stream ending ------------------------------------------------------------------

_original_stream_format = PDFStream.format


def _stream_format(self: PDFStream, document: Any) -> bytes:
    """PDFStream.format with an EOL before ``endstream`` (PDF/A-2 6.1.7.1); Length unchanged."""
    data: bytes = _original_stream_format(self, document)
    tail = b"endstream\n"
    if data.endswith(tail) and not data[: -len(tail)].endswith((b"\n", b"\r")):
        data = data[: -len(tail)] + b"\n" + tail
    return data


if getattr(PDFStream.format, "__name__", "") != "_stream_format":
    PDFStream.format = _stream_format


# --- small PDF objects ------------------------------------------------------------------------


class _PlainStream(PDFObject):  # type: ignore[misc]  # ReportLab ships no type hints
    """An unfiltered stream: PDF/A wants the XMP packet readable as it is."""

    def __init__(self, entries: dict[str, Any], data: bytes) -> None:
        self.entries = entries
        self.data = data

    def format(self, document: Any) -> bytes:
        entries = dict(self.entries)
        entries["Length"] = len(self.data)
        head: bytes = PDFDictionary(entries).format(document)
        return head + b"\nstream\n" + self.data + b"\nendstream\n"


class _ArchivalInfo(pdfdoc.PDFInfo):  # type: ignore[misc]
    """The document information dictionary without time stamps, trapping or empty keywords.

    Everything in it has its XMP twin (PDF/A wants the two equal), and nothing depends on the
    time of rendering.
    """

    def format(self, document: Any) -> bytes:
        entries = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
        }
        return PDFDictionary(entries).format(document)  # type: ignore[no-any-return]


# --- ICC profile ------------------------------------------------------------------------------


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile from LittleCMS (through Pillow), the same bytes in every process.

    LittleCMS stamps the creation time into the header (bytes 24–35); it is set to a fixed
    date, so that the PDF is reproducible.
    """
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # dateTimeNumber: 2017-01-01 00:00:00 (six big-endian 16-bit numbers).
    profile[24:36] = bytes.fromhex("07e1" "0001" "0001" "0000" "0000" "0000")
    profile[84:100] = bytes(16)  # profile ID: "not computed", valid and stable
    return bytes(profile)


@functools.cache
def _compressed_profile() -> bytes:
    return zlib.compress(srgb_profile())


# --- XMP --------------------------------------------------------------------------------------

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>{producer}</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


def xmp_packet(*, title: str, author: str, subject: str, creator: str, producer: str,
               lang: str) -> bytes:
    """The XMP metadata: the information dictionary's values plus the PDF/A and PDF/UA ids."""
    values = {
        "title": title, "author": author, "subject": subject, "creator": creator,
        "producer": producer, "lang": lang,
    }
    return _XMP.format(**{key: escape(value) for key, value in values.items()}).encode("utf-8")


# --- the structure tree -----------------------------------------------------------------------


class _Raw(PDFObject):  # type: ignore[misc]
    """An object whose bytes are written here rather than by ReportLab's object classes.

    A structure tree has an object per element; ReportLab's generic dictionaries format each
    key and value through several Python calls, which made the tree a noticeable part of a
    render. Object numbers are fixed once an object is registered (``doc.Reference``), so the
    dictionaries can be written as bytes directly.
    """

    def __init__(self) -> None:
        self.data = b""

    def format(self, document: Any) -> bytes:
        return self.data


def _text(value: str) -> str:
    """A PDF text string: PDFDocEncoding-safe ASCII as a literal, anything else UTF-16BE hex."""
    if value.isascii() and value.isprintable():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped})"
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _value(value: Any) -> str:
    if isinstance(value, str):
        return "/" + value
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(_value(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def finish_document(doc: Any, tagger: Tagger) -> None:
    """Add structure tree, MarkInfo, XMP and output intent to ReportLab's document ``doc``
    (``canvas._doc``) after the last page was written and before it is saved."""
    numbers = doc.idToObjectNumberAndVersion

    def register(obj: Any) -> str:
        """Register ``obj`` as an indirect object; its reference as PDF text ("12 0 R")."""
        number, generation = numbers[doc.Reference(obj).name]
        return f"{number} {generation} R"

    pages = list(doc.Pages.pages)
    page_refs = [register(page) for page in pages]

    root = tagger.root
    for element in tagger.trailing:
        if element.has_content():
            root.add(element)

    tree_root = _Raw()
    tree_root_ref = register(tree_root)
    elements = [e for e in root.walk() if e is root or e.role in KEEP_EMPTY or e.has_content()]
    objects = {id(e): _Raw() for e in elements}
    refs = {id(e): register(objects[id(e)]) for e in elements}

    annotation_keys: dict[int, int] = {}
    next_key = len(pages)
    for ref in tagger.annotations:
        annotation_keys[id(ref)] = next_key
        next_key += 1
    annotation_owners: list[tuple[int, str]] = []

    for element in elements:
        parent = element.parent
        parts = [f"<< /Type /StructElem /S /{element.role} /P "
                 f"{tree_root_ref if parent is None else refs[id(parent)]}"]
        first_page = next((kid.page for kid in element.kids
                           if isinstance(kid, (MarkedContent, AnnotationRef))), None)
        if first_page is not None:
            parts.append(f"/Pg {page_refs[first_page]}")
        kids: list[str] = []
        for kid in element.kids:
            if isinstance(kid, StructElement):
                if id(kid) in refs:
                    kids.append(refs[id(kid)])
            elif isinstance(kid, MarkedContent):
                if kid.page == first_page:
                    kids.append(str(kid.mcid))
                else:
                    kids.append(f"<< /Type /MCR /Pg {page_refs[kid.page]} /MCID {kid.mcid} >>")
            else:
                annotation = kid.annotation
                kids.append(f"<< /Type /OBJR /Obj {register(annotation)} "
                            f"/Pg {page_refs[kid.page]} >>")
                struct_parent = annotation_keys[id(kid)]
                _set_entry(annotation, "StructParent", struct_parent)
                annotation_owners.append((struct_parent, refs[id(element)]))
        if kids:
            parts.append("/K [" + " ".join(kids) + "]")
        for key, value in (("Alt", element.alt), ("ActualText", element.actual_text),
                           ("E", element.expansion), ("Lang", element.lang),
                           ("T", element.title)):
            if value:
                parts.append(f"/{key} {_text(value)}")
        if element.attributes:
            attrs = [
                "<< /O /" + owner + "".join(f" /{name} {_value(v)}" for name, v in values.items())
                + " >>"
                for owner, values in sorted(element.attributes.items())
            ]
            parts.append("/A " + (attrs[0] if len(attrs) == 1 else "[" + " ".join(attrs) + "]"))
        parts.append(">>")
        objects[id(element)].data = " ".join(parts).encode("latin-1")

    nums: list[str] = []
    for index, owners in enumerate(tagger.pages):
        nums.append(f"{index} [" + " ".join(refs[id(owner)] for owner in owners) + "]")
    nums += [f"{key} {ref}" for key, ref in sorted(annotation_owners)]
    parent_tree = _Raw()
    parent_tree.data = ("<< /Nums [" + "\n".join(nums) + "] >>").encode("latin-1")
    tree_root.data = (
        f"<< /Type /StructTreeRoot /K [{refs[id(root)]}] /ParentTree {register(parent_tree)} "
        f"/ParentTreeNextKey {next_key} >>"
    ).encode("latin-1")

    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = PDFName("S")
        page.__NoDefault__ = [*type(page).__NoDefault__, "StructParents", "Tabs"]

    doc.Catalog.StructTreeRoot = tree_root
    _write_catalog(doc)


def _set_entry(annotation: Any, key: str, value: Any) -> None:
    """Set an entry of a ReportLab annotation: a PDFDictionary, or an ``Annotation`` object."""
    if isinstance(annotation, PDFDictionary):
        annotation[key] = value
    else:
        annotation.otherkw[key] = value
        if key not in annotation.permitted:
            annotation.permitted = (*annotation.permitted, key)


def prepare_annotation(annotation: Any, contents: str | None) -> None:
    """What PDF/A and PDF/UA want of every annotation: printed (``/F 4``) and described
    (``/Contents``)."""
    if isinstance(annotation, PDFDictionary):
        if "F" not in annotation.dict:
            annotation["F"] = 4
        if contents and "Contents" not in annotation.dict:
            annotation["Contents"] = PDFString(contents)
    else:
        annotation.otherkw.setdefault("F", 4)
        if "F" not in annotation.permitted:
            annotation.permitted = (*annotation.permitted, "F")
        if contents and not annotation.Contents:
            annotation.Contents = contents


def _write_catalog(doc: Any) -> None:
    info = doc.info
    archival = _ArchivalInfo()
    archival.__dict__.update(info.__dict__)
    doc.info = archival
    catalog = doc.Catalog
    lang = catalog.Lang or "de-DE"
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Metadata = _PlainStream(
        {"Type": PDFName("Metadata"), "Subtype": PDFName("XML")},
        xmp_packet(title=info.title, author=info.author, subject=info.subject,
                   creator=info.creator, producer=info.producer, lang=str(lang)),
    )
    icc = _PlainStream({"N": 3, "Filter": PDFName("FlateDecode")}, _compressed_profile())
    intent = _Raw()
    intent.data = (
        b"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) "
        b"/Info (sRGB IEC61966-2.1) /DestOutputProfile "
        + doc.Reference(icc).format(doc) + b" >>"
    )
    catalog.OutputIntents = PDFArray([intent])
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
