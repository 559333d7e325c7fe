"""Find a person by any spelling of the name, in any script, with the reason it matched.

```python
from unpersoned.search import search

result = search("Tschernyschew Ilja", born="1905±2")
for hit in result.hits:
    print(hit.locator, hit.name, hit.why)
```
"""

from __future__ import annotations

from .engine import Hit, SearchResult, search
from .query import QueryError

__all__ = ["Hit", "QueryError", "SearchResult", "search"]
