"""Deletion neighbourhoods: how a misspelt Cyrillic name is found without missing one.

Two words are within k edits (insertions, deletions, substitutions, swaps of neighbours) only
if deleting at most k letters from each gives a common string: a substitution is one deletion
on each side, a swap one on each side, an insertion one on the other side. The index keeps,
for each Cyrillic spelling, the hashes of every string its deletions of up to MAX_EDITS
letters leave; a query word's own deletions are looked up there, and the edits of what comes
back are counted (a hash collision only adds a candidate that the count then drops).
"""

from __future__ import annotations

import zlib

MAX_EDITS = 2
MIN_LENGTH = 3  # shorter words are matched exactly
MAX_LENGTH = 24  # longer spellings are too rare to be misspelt the same way; not indexed


def deletions(word: str, edits: int) -> set[str]:
    """The word and every string left by deleting up to `edits` of its letters."""
    found = {word}
    frontier = {word}
    for _ in range(edits):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w)) if len(w) > 1}
        found |= frontier
    return found


def one_edit(word: str, alphabet: str) -> set[str]:
    """Every string one edit from `word` over `alphabet` (for a short Latin word, whose trigrams
    one edit may all change)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in alphabet}
    out |= {a + c + b for a, b in splits for c in alphabet}
    out.discard(word)
    return out


def deletion_hashes(word: str, edits: int = MAX_EDITS) -> set[int]:
    """The 32-bit hashes of `deletions(word, edits)`, as the index stores them."""
    return {zlib.crc32(d.encode("utf-8")) for d in deletions(word, edits)}


def indexed(form: str) -> bool:
    """Whether a spelling gets a deletion neighbourhood in the index."""
    return MIN_LENGTH <= len(form) <= MAX_LENGTH
