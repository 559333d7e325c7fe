"""The Merkle Tree Hash of RFC 6962 (Certificate Transparency) §2.1, with SHA-256.

The archive's ledger is an append-only log whose entries are the leaves of this tree, so a
signed tree head (size and root) commits to every entry before it. Certificate Transparency's
two proofs then let anyone check the log without trusting whoever serves it:

- an inclusion proof (§2.1.1) shows that one entry is the leaf at its index in a tree head;
- a consistency proof (§2.1.2) shows that a later head only appended to an earlier one, so
  nothing in the earlier log was rewritten, dropped or reordered.

Proofs are made as in RFC 6962 and checked with the iterative algorithms of RFC 9162 §2.1.3.2
and §2.1.4.2. `CompactRange` keeps the O(log n) frontier of a growing tree, so the root at
every size is cheap while entries are appended one by one (a ledger, or a verify pass that
checks every signed head against the leaves it has read so far).

Leaves here are always leaf hashes (`leaf_hash` of an entry), 32 bytes each. Pure Python,
standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import sha256

EMPTY_ROOT = sha256(b"").digest()  # MTH({}) = SHA-256 of the empty string
_LEAF = b"\x00"
_NODE = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 || d): the hash of one leaf's data."""
    return sha256(_LEAF + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): the hash of an interior node."""
    return sha256(_NODE + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly less than n (n >= 2): where RFC 6962 splits D[n]."""
    return 1 << ((n - 1).bit_length() - 1)


def _mth(leaves: Sequence[bytes], lo: int, hi: int) -> bytes:
    """MTH(leaves[lo:hi]), level by level without recursion or copying the input.

    Pairing neighbours and carrying an odd last node up unchanged builds the same tree as the
    RFC's largest-power-of-two split, in n - 1 hashes.
    """
    if hi <= lo:
        return EMPTY_ROOT
    if hi - lo == 1:
        return leaves[lo]
    node = node_hash
    level = [node(leaves[i], leaves[i + 1]) for i in range(lo, hi - 1, 2)]
    if (hi - lo) & 1:
        level.append(leaves[hi - 1])
    while len(level) > 1:
        odd = level[-1] if len(level) & 1 else None
        level = [node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if odd is not None:
            level.append(odd)
    return level[0]


def root(leaves: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of a list of leaf hashes; SHA-256(b"") for no leaves."""
    return _mth(leaves, 0, len(leaves))


class CompactRange:
    """The right frontier of a growing tree: one subtree hash per set bit of the size.

    `append` merges equal-sized subtrees like a binary counter (O(1) amortised, O(log n)
    worst case); `root` folds the frontier right to left without changing it, in O(log n).
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self, leaves: Iterable[bytes] = ()) -> None:
        self._hashes: list[bytes] = []  # largest (leftmost) subtree first
        self._size = 0
        self.extend(leaves)

    @property
    def size(self) -> int:
        """How many leaves have been appended."""
        return self._size

    def __len__(self) -> int:
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """The frontier's subtree hashes, leftmost (largest) first."""
        return tuple(self._hashes)

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash at the right edge of the tree."""
        hashes = self._hashes
        hashes.append(leaf)
        n = self._size
        while n & 1:  # each trailing 1 bit of the old size is a subtree of the new one's size
            right = hashes.pop()
            hashes[-1] = node_hash(hashes[-1], right)
            n >>= 1
        self._size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        """Append several leaf hashes in order."""
        for leaf in leaves:
            self.append(leaf)

    def root(self) -> bytes:
        """The Merkle root at the current size (SHA-256(b"") when empty)."""
        hashes = self._hashes
        if not hashes:
            return EMPTY_ROOT
        result = hashes[-1]
        for i in range(len(hashes) - 2, -1, -1):
            result = node_hash(hashes[i], result)
        return result

    def copy(self) -> CompactRange:
        other = CompactRange()
        other._hashes = list(self._hashes)
        other._size = self._size
        return other

    def __repr__(self) -> str:
        return f"CompactRange(size={self._size})"


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(index, D[n]) of RFC 6962 §2.1.1, n = len(leaves): the sibling hashes from the
    leaf up to the root. Each level hashes only the sibling subtree, so at most n - 1 hashes."""
    n = len(leaves)
    if not 0 <= index < n:
        raise ValueError(f"leaf index {index} is outside a tree of size {n}")
    path: list[bytes] = []  # collected root-first, returned leaf-first
    lo, hi = 0, n
    while hi - lo > 1:
        mid = lo + _split(hi - lo)
        if index < mid:
            path.append(_mth(leaves, mid, hi))
            hi = mid
        else:
            path.append(_mth(leaves, lo, mid))
            lo = mid
    path.reverse()
    return path


def consistency_proof(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(old_size, D[n]) of RFC 6962 §2.1.2, n = len(leaves): the hashes that show the
    tree of the first old_size leaves is a prefix of the whole one. Empty when old_size is 0
    or n."""
    n = len(leaves)
    if not 0 <= old_size <= n:
        raise ValueError(f"old size {old_size} is outside 0..{n}")
    if old_size in (0, n):
        return []
    # SUBPROOF(m, D[lo:hi], b), unrolled: walk down the split, recording the other side.
    proof: list[bytes] = []  # root-first, reversed at the end
    m, lo, hi, whole = old_size, 0, n, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:  # the old tree lies in the left subtree; the right one is new
            proof.append(_mth(leaves, lo + k, hi))
            hi = lo + k
        else:  # the left subtree is complete in both trees; recurse to the right
            proof.append(_mth(leaves, lo, lo + k))
            lo += k
            m -= k
            whole = False
    if not whole:  # the subtree equal to the old tree is not the old root itself
        proof.append(_mth(leaves, lo, hi))
    proof.reverse()
    return proof


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether `proof` shows `leaf` (a leaf hash) at `index` in the tree of `size` leaves
    whose root is `root` (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:  # proof longer than the path
            return False
        if fn & 1 or fn == sn:  # p is a left sibling (or we are on the right edge)
            r = node_hash(p, r)
            while fn and not fn & 1:  # skip the levels where the right edge has no sibling
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether `proof` shows the tree of `old_size` leaves with root `old_root` is a prefix of
    the tree of `new_size` leaves with root `new_root` (RFC 9162 §2.1.4.2)."""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof  # the empty tree is a prefix of every tree
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is a node of the new tree
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:  # climb to the smallest complete subtree that ends the old tree
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:  # proof longer than needed
            return False
        if fn & 1 or fn == sn:  # c is left of the path: in both trees
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:  # c is right of the path: only in the new tree
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root
