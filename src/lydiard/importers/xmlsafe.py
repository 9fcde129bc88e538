"""Safe loading of an XML activity document (GPX, TCX) before its values are scanned.

Three steps, shared by the GPX and TCX readers:

1. **Encoding**: byte-order marks, UTF-16 (with or without a BOM) and any encoding named in
   the XML declaration are turned into UTF-8; a file that claims UTF-8 but holds
   Windows-1252 bytes is read as Windows-1252, with an issue.
2. **Well-formedness and safety**: expat checks the whole document once, with the handlers
   defusedxml installs: any entity declaration (the "billion laughs" bomb and its kin) and
   any external entity reference is refused with a :class:`FileFormatError`. Nothing is
   ever fetched. Where the document stops being well-formed (a truncated upload, flipped
   bits), the error's line, column and byte offset are kept and the text is cut there, so
   the reader can still use what came before.
3. **Blanking**: comments and CDATA sections are overwritten with spaces (newlines kept, so
   offsets and line numbers do not move) so that markup inside them is never read as data.
"""

from __future__ import annotations

import codecs
import pyexpat
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pyexpat import errors as expat_errors
from typing import NoReturn

import numpy as np
import numpy.typing as npt
from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden

from lydiard.errors import FileFormatError, FileTruncatedError, Issue, IssueLevel, where

__all__ = [
    "MAX_DEPTH",
    "XmlDocument",
    "XmlError",
    "load_document",
    "strict_error",
    "too_deep",
    "xml_trouble",
]

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DECLARATION = re.compile(rb"\A<\?xml[^>]*?\?>")
_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ROOT = re.compile(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")
_HIDDEN = re.compile(rb"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)", re.S)
_UTF8_NAMES = {"utf8", "utf_8", "u8", "ascii", "us_ascii", "646"}

# Errors expat reports only when the input ends early.
_TRUNCATION_CODES = {
    expat_errors.codes[expat_errors.XML_ERROR_NO_ELEMENTS],
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_TOKEN],
    expat_errors.codes[expat_errors.XML_ERROR_PARTIAL_CHAR],
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_CDATA_SECTION],
}
_JUNK_CODE = expat_errors.codes[expat_errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]
_INVALID_TOKEN = expat_errors.codes[expat_errors.XML_ERROR_INVALID_TOKEN]

#: The deepest element nesting accepted; TCX, the deeper format, nests about ten levels.
MAX_DEPTH = 100


@dataclass(frozen=True, slots=True)
class XmlError:
    """Where and why a document stopped being well-formed.

    Attributes:
        reason: expat's words, e.g. "mismatched tag".
        line: 1-based line.
        column: 1-based column.
        offset: byte offset in the UTF-8 text.
        truncated: the input ended early (as opposed to damaged markup).
        trailing: the document was complete and only junk followed it.
    """

    reason: str
    line: int
    column: int
    offset: int
    truncated: bool
    trailing: bool

    @property
    def where(self) -> str:
        """Position for messages: "line 12, column 3"."""
        return f"line {self.line}, column {self.column}"


@dataclass(frozen=True, eq=False)
class XmlDocument:
    """A checked XML document, ready to be scanned.

    Attributes:
        name: the file name for messages.
        raw: the UTF-8 text, cut where it stopped being well-formed.
        text: ``raw`` with comments and CDATA sections blanked, for scanning.
        root: local name of the root element.
        error: where the document was damaged or cut, or None.
        issues: encoding repairs made while loading.
    """

    name: str
    raw: bytes
    text: bytes
    root: str
    error: XmlError | None
    issues: list[Issue] = field(default_factory=list)

    @cached_property
    def _newlines(self) -> npt.NDArray[np.intp]:
        return np.flatnonzero(np.frombuffer(self.raw, dtype=np.uint8) == 10)

    def line(self, offset: int) -> int:
        """1-based line number of a byte offset in the text."""
        return int(np.searchsorted(self._newlines, offset)) + 1

    def position(self, offset: int) -> str:
        """The place of a byte offset as "line L, column C" (columns count bytes, from 1)."""
        line = int(np.searchsorted(self._newlines, offset))
        start = int(self._newlines[line - 1]) + 1 if line else 0
        return f"line {line + 1}, column {offset - start + 1}"


def _fail(name: str, what: str) -> NoReturn:
    raise FileFormatError(f"{name}: {what}")


def _to_utf8(data: bytes, name: str, issues: list[Issue]) -> bytes:
    """Return the document as UTF-8 bytes whose declaration (if any) says nothing else."""
    if data.startswith(codecs.BOM_UTF8):
        return _bom_wins(data[len(codecs.BOM_UTF8) :], issues)
    encoding: str | None = None
    if data.startswith(_UTF16_BOMS):
        encoding = "utf-16"
    elif data.startswith(b"<\x00") or data.startswith(b"\x00<"):
        encoding = "utf-16-le" if data[0] == 0x3C else "utf-16-be"
    else:
        declaration = _DECLARATION.match(data)
        declared = _DECLARED_ENCODING.search(declaration.group(0)) if declaration else None
        if declared:
            label = declared.group(1).decode("ascii")
            try:
                canonical = codecs.lookup(label).name.replace("-", "_")
            except LookupError:
                _fail(name, f"unknown text encoding {label!r} in the XML declaration (line 1)")
            if canonical not in _UTF8_NAMES:
                encoding = label
    if encoding is None:
        return data
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        _fail(name, f"not valid {encoding} text (byte {exc.start}); the file may be damaged")
    text = text.removeprefix("\ufeff")
    issues.append(Issue(f"text encoding {encoding} converted to UTF-8", "", IssueLevel.INFO))
    utf8 = text.encode("utf-8")
    declaration = _DECLARATION.match(utf8)
    if declaration:  # the declaration would otherwise tell expat the old encoding
        fixed = _DECLARED_ENCODING.sub(b'encoding="UTF-8"', declaration.group(0))
        utf8 = fixed + utf8[declaration.end() :]
    return utf8


def _bom_wins(text: bytes, issues: list[Issue]) -> bytes:
    """UTF-8 text after a UTF-8 byte-order mark, its declaration made to agree with it.

    The byte-order mark decides (XML 1.0, appendix F); a declaration naming another or an
    unknown encoding (a damaged "utf-8") is rewritten, with a warning.
    """
    declaration = _DECLARATION.match(text)
    if declaration is None or b"encoding" not in declaration.group(0):
        return text
    declared = _DECLARED_ENCODING.search(declaration.group(0))
    label = declared.group(1).decode("ascii") if declared else None
    try:
        same = label is not None and codecs.lookup(label).name.replace("-", "_") in _UTF8_NAMES
    except LookupError:
        same = False
    if same:
        return text
    shown = repr(label) if label else "an unreadable encoding"
    issues.append(
        Issue(
            f"the XML declaration names {shown} but the file starts with a UTF-8 "
            "byte-order mark; read as UTF-8",
            "line 1",
        )
    )
    fixed = re.sub(rb"""encoding\s*=\s*(["'])[^"']*\1""", b'encoding="UTF-8"', declaration.group(0))
    return fixed + text[declaration.end() :]


def _refuse(exc: DefusedXmlException, name: str, line: int) -> NoReturn:
    if isinstance(exc, EntitiesForbidden):
        what = f"declares the entity {exc.name!r}"
    elif isinstance(exc, ExternalReferenceForbidden):
        what = f"refers to an external entity ({exc.sysid or exc.pubid})"
    else:
        what = "has a document type declaration"
    raise FileFormatError(
        f"{name}: the XML {what} (line {line}); entities are refused for safety "
        "(entity expansion bombs, external files). GPX and TCX never need them"
    ) from exc


def _check(text: bytes, name: str) -> XmlError | None:
    """Parse once with expat and defused handlers; return the first error or None."""
    parser = pyexpat.ParserCreate()

    def entity_decl(entity: str, *_: object) -> NoReturn:
        raise EntitiesForbidden(entity, None, None, None, None, None)

    def unparsed_entity_decl(entity: str, *_: object) -> NoReturn:
        raise EntitiesForbidden(entity, None, None, None, None, None)

    def external_ref(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser.EntityDeclHandler = entity_decl
    parser.UnparsedEntityDeclHandler = unparsed_entity_decl
    parser.ExternalEntityRefHandler = external_ref
    try:
        parser.Parse(text, True)
    except DefusedXmlException as exc:
        _refuse(exc, name, parser.CurrentLineNumber)
    except LookupError as exc:  # expat asked Python for an encoding named in a damaged way
        raise FileFormatError(
            f"{name}: unknown text encoding in the XML declaration (line 1): {exc}"
        ) from exc
    except pyexpat.ExpatError as exc:
        reason = expat_errors.messages.get(exc.code, str(exc))
        return XmlError(
            reason=reason,
            line=exc.lineno,
            column=exc.offset + 1,
            offset=max(0, min(parser.ErrorByteIndex, len(text))),
            truncated=exc.code in _TRUNCATION_CODES,
            trailing=exc.code == _JUNK_CODE,
        )
    return None


_SPACES = bytes(10 if i == 10 else 32 for i in range(256))


def _blank(match: re.Match[bytes]) -> bytes:
    return match.group(0).translate(_SPACES)


def _line_of(text: bytes, offset: int) -> int:
    return text.count(b"\n", 0, offset) + 1


def load_document(data: bytes, name: str | None, root: str) -> XmlDocument:
    """Decode, check and prepare an XML activity document.

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        root: the expected local name of the root element ("gpx", "TrainingCenterDatabase").

    Returns:
        The document, cut where it stopped being well-formed (see ``error``).

    Raises:
        FileFormatError: on hostile constructs (entities), an unknown encoding, a different
            root element, or a document that is damaged before its root element starts.
    """
    label = where(name)
    issues: list[Issue] = []
    text = _to_utf8(data, label, issues)
    error = _check(text, label)
    if error is not None and error.reason == expat_errors.messages[_INVALID_TOKEN]:
        try:
            text.decode("utf-8")
        except UnicodeDecodeError as exc:
            # Common: a name typed in Windows-1252 in a file that claims UTF-8.
            issues.append(
                Issue(
                    "not valid UTF-8; read as Windows-1252",
                    f"line {_line_of(text, exc.start)}",
                )
            )
            text = text.decode("cp1252", errors="replace").encode("utf-8")
            error = _check(text, label)
    found = _ROOT.search(text)
    if found is None or (error is not None and found.start() >= error.offset):
        where_ = error.where if error else "line 1"
        reason = f" ({error.reason})" if error else ""
        _fail(label, f"no XML root element found ({where_}){reason}; the file is empty or damaged")
    local = found.group(1).decode("ascii", errors="replace")
    if local != root:
        line = _line_of(text, found.start())
        _fail(label, f"the root element is <{local}>, not <{root}> (line {line})")
    raw = text
    if error is not None:
        raw = text[: error.offset]
        if raw.rfind(b"<") > raw.rfind(b">"):  # do not keep half a tag
            raw = raw[: raw.rfind(b"<")]
    scanned = _HIDDEN.sub(_blank, raw) if (b"<!--" in raw or b"<![CDATA[" in raw) else raw
    doc = XmlDocument(label, raw, scanned, local, error, issues)
    deep = too_deep(scanned)
    if deep is not None:
        _fail(
            label,
            f"elements nested more than {MAX_DEPTH} levels deep ({doc.position(deep)}, "
            f"byte {deep}); no GPX or TCX file nests so deep, so this one is damaged or hostile",
        )
    return doc


def too_deep(text: bytes, limit: int | None = None) -> int | None:
    """Byte offset of the first start tag nested deeper than ``limit`` levels, or None.

    ``text`` is a checked document with comments and CDATA blanked, so every ``<`` starts
    a tag. A start tag is self-closing when a ``/`` precedes the ``>`` that ends it (the
    first ``>`` after it, or the last before the next ``<``: either way a ``>`` inside an
    attribute value or text cannot hide it). Deep nesting makes every later step slow
    (hundreds of thousands of nested ``<trkpt>`` or ``<Lap>`` elements took 7 to 15 s
    in the fuzz campaign) and no real file nests more than about ten levels.
    """
    limit = MAX_DEPTH if limit is None else limit
    buf = np.frombuffer(text, dtype=np.uint8)
    lt = np.flatnonzero(buf == 60)
    if lt.size <= limit:
        return None
    gt = np.flatnonzero(buf == 62)
    if gt.size == 0:
        return None
    after = buf[np.minimum(lt + 1, buf.size - 1)]
    first_gt = gt[np.minimum(np.searchsorted(gt, lt), gt.size - 1)]
    next_lt = np.append(lt[1:], buf.size)
    last_gt = gt[np.maximum(np.searchsorted(gt, next_lt) - 1, 0)]
    closes = (buf[np.maximum(first_gt - 1, 0)] == 47) | (buf[np.maximum(last_gt - 1, 0)] == 47)
    opens = (after != 47) & (after != 63) & (after != 33) & ~closes
    depth = np.cumsum(opens.astype(np.int64) - (after == 47))
    deep = np.flatnonzero(depth > limit)
    return int(lt[deep[0]]) if deep.size else None


def xml_trouble(doc: XmlDocument, kept: str, issues: list[Issue]) -> None:
    """Report where a document was cut or damaged, and what was kept ("1254 points")."""
    error = doc.error
    if error is None:
        return
    if error.trailing:
        issues.append(Issue("junk after the end of the document ignored", error.where))
    elif error.truncated:
        issues.append(
            Issue(
                f"the file ends early ({error.reason}); kept the {kept} before the cut; "
                "the upload may be incomplete",
                error.where,
                IssueLevel.ERROR,
            )
        )
    else:
        issues.append(
            Issue(
                f"damaged XML ({error.reason}); kept the {kept} before it, the rest is lost",
                error.where,
                IssueLevel.ERROR,
            )
        )


def strict_error(doc: XmlDocument) -> Callable[[Issue], Exception]:
    """Build the exception strict mode raises for an issue of a document."""

    def build(issue: Issue) -> Exception:
        place = f" ({issue.where})" if issue.where else ""
        cut = doc.error is not None and doc.error.truncated and issue.level is IssueLevel.ERROR
        kind = FileTruncatedError if cut else FileFormatError
        return kind(f"{doc.name}: {issue.message}{place}")

    return build
