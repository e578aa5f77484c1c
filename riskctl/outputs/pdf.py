"""The HTML report printed to PDF by WeasyPrint, an optional extra (``pdf``: WeasyPrint).

WeasyPrint lays the report out on A4 from the template's print CSS: the protective marking
in the top and bottom margin boxes of every page, ``Page N of M``, headings kept with what
follows, table headers repeated. The report needs nothing from outside itself, so every
fetch WeasyPrint would make is refused: a report never reaches the network or the disk.
"""

from __future__ import annotations

from riskctl.model.errors import UsageError

INSTALL = "pip install 'weasyprint>=68' where riskctl is installed (its pdf extra)"


def require() -> None:
    """Fail now, before any register is read, when WeasyPrint (or the Pango it loads) is missing."""
    try:
        import weasyprint  # noqa: F401  (imported to learn whether it can be)
    except ImportError:
        raise UsageError(f"--format pdf needs WeasyPrint, an optional extra: {INSTALL}") from None
    except OSError as error:  # WeasyPrint is there but the system libraries it loads are not
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UsageError(
            f"--format pdf: WeasyPrint cannot load Pango ({first}); install it, e.g. apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0"
        ) from None


def html_to_pdf(html: str) -> bytes:
    require()
    import weasyprint
    from weasyprint.urls import URLFetcher

    nothing = URLFetcher(allowed_protocols=(), allow_redirects=False)  # no protocol is allowed: no fetch
    pdf = weasyprint.HTML(string=html, base_url=None, url_fetcher=nothing).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
