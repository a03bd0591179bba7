"""Links to a map service for a place. Only a link: no map is embedded, so no third party sees our visitors."""

from urllib.parse import urlencode


def map_search_url(query: str) -> str:
    """OpenStreetMap's search for an address or a place name."""
    return "https://www.openstreetmap.org/search?" + urlencode({"query": query})
