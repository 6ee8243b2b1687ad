"""Mail HTML made safe to show: no script, no remote loading, links kept.

nh3 (the Ammonia sanitiser) with an allow-list: text structure and
tables stay; images, frames, forms, media, styles and event handlers go,
and links keep only http(s) and mailto addresses. With no <img>, no
style attribute and no stylesheet left, nothing in the result can make a
viewer fetch anything.
"""

from __future__ import annotations

import nh3

TAGS = {"a", "b", "strong", "i", "em", "u", "p", "br", "div", "span", "ul", "ol", "li", "table", "thead",
        "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "hr",
        "dl", "dt", "dd", "small", "sub", "sup"}
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow", strip_comments=True)
