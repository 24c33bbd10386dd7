"""Rendering our own HTML as tagged PDF (PDF/UA-1) with WeasyPrint.

The offer summary (``eoi``) and the scrutiny report both render through
:func:`render_html_pdf`, with the same settings and the same fetcher, which
reads nothing but ``static/pdf/``.

The print stylesheet (``static/pdf/print.css``) is parsed once per process
and given to every render, with one font configuration shared by all
renders, so that a render only lays out and writes its own document
(issue 13). The templates do not link print.css themselves; a template may
still link a stylesheet of its own (the report's ``report.css``), which
WeasyPrint fetches through :func:`pdf_url_fetcher` and which overrides
print.css (a document's own stylesheets come after the ones given to the
renderer in the cascade).

WeasyPrint tags a table's header cells (``TH``) and gives each data cell
``/Headers`` pointing to their ``/ID``s, but writes neither the ``/IDTree``
those IDs are looked up in nor a ``/Scope`` on the header cells, so a
screen reader may not find a cell's headers. :func:`table_headers_associate`
adds both, as a finisher run on WeasyPrint's objects before they are written.
"""

from __future__ import annotations

import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings

AUTHOR = "Leicester City Council"
LANG = "en-GB"


class PdfResourceRefused(ValueError):
    """The PDF asked for a resource outside ``static/pdf/``."""


def pdf_static_dir() -> Path:
    """The only folder the PDF may read from: ``static/pdf/`` of the project."""
    return (Path(settings.BASE_DIR) / "static" / "pdf").resolve()


def pdf_url_fetcher(url: str):
    """Fetch a resource for the PDF: only a file in ``static/pdf/``; refuse the rest.

    Why: the summary carries text a provider typed, and WeasyPrint would
    otherwise fetch any URL the HTML names, over the network (server-side
    request forgery, a slow or hostile host stalling the worker) or from the
    disk (``file:///etc/passwd``, the settings, uploaded files). Django escapes
    provider text, so this is the second line of defence, and it keeps the
    render offline and repeatable. The print stylesheet is the one resource
    the template needs; ``data:`` URLs are refused too (nothing needs them, and
    one folder of our own files is a policy easy to check). Symbolic links and
    ``..`` are resolved before the check.

    WeasyPrint logs a refused resource and renders without it.
    """
    # WeasyPrint's own fetcher type, imported here so that importing this
    # module (for the context alone) does not load Pango.
    from weasyprint.urls import URLFetcherResponse

    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise PdfResourceRefused(f"The PDF may not fetch {url!r}: only files in static/pdf/.")
    path = Path(url2pathname(unquote(parts.path))).resolve()
    folder = pdf_static_dir()
    if not path.is_relative_to(folder) or not path.is_file():
        raise PdfResourceRefused(f"The PDF may not read {path}: only files in {folder}.")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(
        path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
    )


@functools.cache
def _fetcher_class():
    """WeasyPrint (68 and later) takes a ``URLFetcher``: this one calls ours."""
    from weasyprint.urls import URLFetcher

    class StaticPdfURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return pdf_url_fetcher(url)

    return StaticPdfURLFetcher


@functools.cache
def _font_config():
    """One WeasyPrint font configuration for the process: fonts are found once."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _print_stylesheet():
    """``static/pdf/print.css``, parsed once for the process."""
    from weasyprint import CSS

    return CSS(
        url=(pdf_static_dir() / "print.css").as_uri(),
        url_fetcher=_fetcher_class()(),
        font_config=_font_config(),
    )


def render_html_pdf(html: str) -> bytes:
    """Any HTML of ours as a tagged PDF/UA-1, reading only from ``static/pdf/``."""
    from weasyprint import HTML

    return HTML(
        string=html,
        base_url=f"{pdf_static_dir().as_uri()}/",
        url_fetcher=_fetcher_class()(),
    ).write_pdf(
        stylesheets=[_print_stylesheet()],
        font_config=_font_config(),
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        finisher=table_headers_associate,
    )


def _kids(pdf, element) -> list:
    """The structure elements among ``element``'s kids (not marked-content
    numbers), resolved from their references."""
    found = []
    for kid in element.get("K", ()):
        if isinstance(kid, bytes):  # pydyf's "N 0 R"
            kid = pdf.objects[int(kid.split()[0])]
            if "S" in kid:
                found.append(kid)
    return found


def _header_scope(pdf, row, parent_type: str) -> str:
    """A header cell heads its column in a ``THead`` or a row of headers
    only, else its row (as the templates' ``scope`` attributes say)."""
    cells = [kid["S"] for kid in _kids(pdf, row) if kid["S"] in ("/TH", "/TD")]
    return "/Column" if parent_type == "/THead" or "/TD" not in cells else "/Row"


def _headers_visit(pdf, element, parent_type: str, ids: dict) -> None:
    """Scope ``element``'s header cells and collect its subtree's ``/ID``s.

    A function of the module, not a closure calling itself: such a closure is
    a reference cycle holding the whole PDF until the garbage collector's
    next full pass."""
    import pydyf

    kind = element.get("S", "")
    if "ID" in element:
        ids[element["ID"].string] = element
    for kid in _kids(pdf, element):
        if kid["S"] == "/TH" and kind == "/TR":
            attributes = kid.setdefault("A", pydyf.Dictionary())
            attributes["O"] = "/Table"
            attributes["Scope"] = _header_scope(pdf, element, parent_type)
        _headers_visit(pdf, kid, kind if kind != "/TR" else parent_type, ids)


def table_headers_associate(document, pdf) -> None:
    """A WeasyPrint finisher: ``/Scope`` on each ``TH`` and an ``/IDTree``
    naming every element with an ``/ID``, so ``/Headers`` on data cells
    resolve. It changes WeasyPrint's objects before they are written, so the
    PDF is not parsed again (issue 13: re-reading it with pypdf was a fifth
    of a render)."""
    import pydyf

    reference = pdf.catalog.get("StructTreeRoot")
    if reference is None:
        return
    root = pdf.objects[int(reference.split()[0])]
    ids = {}
    _headers_visit(pdf, root, "", ids)
    if ids:
        names = pydyf.Array()
        for key in sorted(ids):
            names.extend([pydyf.String(key), ids[key].reference])
        root["IDTree"] = pydyf.Dictionary({"Names": names})
