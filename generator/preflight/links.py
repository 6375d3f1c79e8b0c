"""Link check: every url in the data (stand, organiser, projects) → alive, redirected or dead, with the
position that holds it. HEAD first, GET when a server refuses HEAD; redirects followed one by
one so each hop is known; at most four requests at a time, each with a timeout.
"""

from __future__ import annotations

import errno
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from generator import __version__
from generator.diag import Diagnostic, Problems, Span
from generator.messages import msg, register
from generator.model import Content

MAX_CONCURRENT = 4
MAX_REDIRECTS = 10
DEFAULT_TIMEOUT_S = 10.0
REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = f"standgen/{__version__} (link check)"
# Errors that say this computer has no network, rather than that a server is gone.
_NETWORK_ERRNOS = frozenset({errno.ENETUNREACH, errno.ENETDOWN})

register({
    "links.offline": ("keine Adresse konnte geprüft werden: dieser Computer hat keine Netzverbindung "
                      "(keiner der {count} Servernamen ließ sich auflösen); keine Adresse gilt deshalb als tot",
                      "no link could be checked: this computer has no network connection (none of the "
                      "{count} server names could be looked up); so no link is marked dead"),
    "links.loop": ("Weiterleitung im Kreis: {hops}", "redirect loop: {hops}"),
    "links.too_many_redirects": ("mehr als {count} Weiterleitungen", "more than {count} redirects"),
    "links.unreachable": ("nicht erreichbar ({reason})", "unreachable ({reason})"),
    "links.timeout": ("keine Antwort innerhalb von {seconds} s", "no answer within {seconds} s"),
    "links.dead": ("{where}: toter Link {url} ({detail})", "{where}: dead link {url} ({detail})"),
    "links.redirected": ("{where}: {url} leitet weiter auf {final} ({detail}); nimm besser die neue Adresse",
                         "{where}: {url} redirects to {final} ({detail}); consider the new address"),
    "links.ok": ("{where}: in Ordnung {url} ({detail})", "{where}: ok {url} ({detail})"),
    "links.offline.hint": ("mit dem Internet verbinden und 'standgen check --links' noch einmal aufrufen",
                           "connect to the internet and run 'standgen check --links' again"),
})


@dataclass(frozen=True, slots=True)
class UrlUse:
    """A url as the data holds it: where, and under which key."""

    url: str
    where: Span
    key: str


@dataclass(frozen=True, slots=True)
class LinkResult:
    url: str
    status: str  # "ok", "redirected" or "dead"
    detail: str  # the status line, the error, or the hops of a redirect
    final: str | None = None
    no_network: bool = False  # the name could not be looked up, or no network reaches it


def collect_urls(content: Content) -> tuple[UrlUse, ...]:
    """Every url in the data, in file order; a short_url is what a reader types, so it is checked as https://."""
    stand, uses = content.stand, []
    if stand.organiser.url:
        uses.append(UrlUse(stand.organiser.url, stand.organiser.at("url"), "organiser.url"))
    uses.append(UrlUse(stand.url, stand.at("url"), "url"))
    for project in content.projects:
        uses.append(UrlUse(project.url, project.at("url"), "url"))
        if project.short_url:
            uses.append(UrlUse(f"https://{project.short_url}", project.at("short_url"), "short_url"))
    return tuple(uses)


def check_links(uses: tuple[UrlUse, ...], timeout: float = DEFAULT_TIMEOUT_S) -> dict[str, LinkResult]:
    """Each distinct url checked once, at most MAX_CONCURRENT at a time.

    Raises Problems when not one server name could be looked up: then this computer is
    offline, and calling every link dead would send the user chasing working addresses.
    """
    urls = sorted({use.url for use in uses})
    with ThreadPoolExecutor(max_workers=MAX_CONCURRENT) as pool:
        results = dict(zip(urls, pool.map(lambda url: check_url(url, timeout), urls)))
    if results and all(result.no_network for result in results.values()):
        hosts = {urlsplit(url).hostname for url in urls}
        raise Problems([Diagnostic(uses[0].where.file, msg("links.offline", count=len(hosts)),
                                   msg("links.offline.hint"))])
    return results


class _NoNetwork(Exception):
    """A name lookup failed or no network was reachable: the url may be fine, this computer may be offline."""


def check_url(url: str, timeout: float) -> LinkResult:
    """Follow the url hop by hop; dead when a hop fails, redirected when it ends elsewhere."""
    try:
        return _follow(url, timeout)
    except _NoNetwork as failure:
        return LinkResult(url, "dead", str(failure), no_network=True)


def _follow(url: str, timeout: float) -> LinkResult:
    hops, current, visited = [], url, {url}
    for _ in range(MAX_REDIRECTS + 1):
        status, detail, location = _request(current, timeout)
        if status in REDIRECTS and location:
            current = urljoin(current, location)
            hops.append(f"{status} → {current}")
            if current in visited:
                return LinkResult(url, "dead", msg("links.loop", hops=", ".join(hops)))
            visited.add(current)
            continue
        if status is None or status >= 400:
            return LinkResult(url, "dead", detail)
        if hops:
            return LinkResult(url, "redirected", ", ".join(hops), current)
        return LinkResult(url, "ok", detail)
    return LinkResult(url, "dead", msg("links.too_many_redirects", count=MAX_REDIRECTS))


def _request(url: str, timeout: float) -> tuple[int | None, str, str | None]:
    """(status, detail, Location) of HEAD, or of GET when HEAD fails; status None when no answer came."""
    status, detail, location = _send(url, "HEAD", timeout)
    if status is not None and status >= 400:  # some servers refuse HEAD (405, 403, 501) but answer GET
        return _send(url, "GET", timeout)
    return status, detail, location


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None  # hand the 3xx back, so each hop is reported


_OPENER = urllib.request.build_opener(_NoRedirect)


def _send(url: str, method: str, timeout: float) -> tuple[int | None, str, str | None]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1)
            return response.status, f"{response.status} {response.reason}", response.headers.get("Location")
    except urllib.error.HTTPError as error:
        return error.code, f"{error.code} {error.reason}", error.headers.get("Location") if error.headers else None
    except (TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, socket.gaierror) or getattr(reason, "errno", None) in _NETWORK_ERRNOS:
            raise _NoNetwork(msg("links.unreachable", reason=reason)) from None
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return None, msg("links.timeout", seconds=f"{timeout:g}"), None
        return None, msg("links.unreachable", reason=reason), None


def describe(use: UrlUse, result: LinkResult) -> str:
    """The line a user reads: FILE:LINE:COL: what became of the url."""
    if result.status == "dead":
        return msg("links.dead", where=use.where, url=use.url, detail=result.detail)
    if result.status == "redirected":
        return msg("links.redirected", where=use.where, url=use.url, final=result.final, detail=result.detail)
    return msg("links.ok", where=use.where, url=use.url, detail=result.detail)
