"""RFC 6962 Merkle trees: known answers, a literal transcription of the RFC, and properties."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unpersoned.archive.merkle import (
    EMPTY_ROOT,
    CompactRange,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# The test vectors of certificate-transparency's merkle_tree_test (also transparency-dev/merkle).
INPUTS = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
LEAVES = [leaf_hash(d) for d in INPUTS]
ROOTS = {  # size -> root
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
INCLUSION = [  # (index, size, path)
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CONSISTENCY = [  # (old size, new size, proof)
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


# RFC 6962 §2.1, transcribed literally (recursion over slices): the reference for small trees.
def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = _k(len(d))
    return node_hash(ref_mth(d[:k]), ref_mth(d[k:]))


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*ref_path(m, d[:k]), ref_mth(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_mth(d[:k])]


def ref_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [ref_mth(d)]
    k = _k(n)
    if m <= k:
        return [*ref_subproof(m, d[:k], b), ref_mth(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_mth(d[:k])]


def ref_proof(m: int, d: list[bytes]) -> list[bytes]:
    return [] if m in (0, len(d)) else ref_subproof(m, d, True)


def flip(h: bytes, bit: int = 0) -> bytes:
    """h with one bit changed."""
    return bytes([h[0] ^ (1 << (bit % 8))]) + h[1:]


def hexes(hashes: list[bytes]) -> list[str]:
    return [h.hex() for h in hashes]


# Distinct leaf hashes, so that a proof for one position can never fit another by accident.
leaf_lists = st.lists(st.binary(max_size=8), min_size=1, max_size=40, unique=True).map(
    lambda data: [leaf_hash(d) for d in data]
)


# Known answers.


def test_empty_tree() -> None:
    expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert root([]).hex() == expected
    assert EMPTY_ROOT.hex() == expected
    assert CompactRange().root().hex() == expected
    assert CompactRange().size == 0


def test_hash_prefixes() -> None:
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()


@pytest.mark.parametrize("size", sorted(ROOTS))
def test_known_roots(size: int) -> None:
    assert root(LEAVES[:size]).hex() == ROOTS[size]
    tree = CompactRange(LEAVES[:size])
    assert tree.size == size
    assert tree.root().hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_known_inclusion_proofs(index: int, size: int, path: list[str]) -> None:
    proof = inclusion_proof(index, LEAVES[:size])
    assert hexes(proof) == path
    assert verify_inclusion(index, size, LEAVES[index], proof, bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY)
def test_known_consistency_proofs(old: int, new: int, path: list[str]) -> None:
    proof = consistency_proof(old, LEAVES[:new])
    assert hexes(proof) == path
    old_root, new_root = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new])
    assert verify_consistency(old, new, old_root, new_root, proof)
    if proof:
        assert not verify_consistency(old, new, new_root, old_root, proof)


def test_agrees_with_the_rfc_text_exhaustively() -> None:
    """Every root, path and proof of trees of up to 33 leaves, against the literal RFC."""
    leaves = [leaf_hash(i.to_bytes(2, "big")) for i in range(33)]
    for n in range(1, len(leaves) + 1):
        d = leaves[:n]
        r = root(d)
        assert r == ref_mth(d)
        for i in range(n):
            proof = inclusion_proof(i, d)
            assert proof == ref_path(i, d)
            assert verify_inclusion(i, n, d[i], proof, r)
        for m in range(n + 1):
            proof = consistency_proof(m, d)
            assert proof == ref_proof(m, d)
            assert verify_consistency(m, n, ref_mth(d[:m]), r, proof)


# Edge cases.


def test_consistency_edge_cases() -> None:
    r5, r8 = root(LEAVES[:5]), root(LEAVES)
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verify_consistency(0, 8, EMPTY_ROOT, r8, [])
    assert verify_consistency(0, 8, b"whatever", r8, [])  # the empty tree fits anything
    assert not verify_consistency(0, 8, EMPTY_ROOT, r8, [r8])  # but the proof must be empty
    assert verify_consistency(8, 8, r8, r8, [])
    assert not verify_consistency(8, 8, r8, r5, [])
    assert not verify_consistency(8, 8, r8, r8, [r8])
    assert not verify_consistency(8, 5, r8, r5, [])
    assert not verify_consistency(5, 8, r5, r8, [])
    assert not verify_consistency(-1, 8, r5, r8, [])
    assert consistency_proof(0, LEAVES) == []
    assert consistency_proof(8, LEAVES) == []
    with pytest.raises(ValueError):
        consistency_proof(9, LEAVES)
    with pytest.raises(ValueError):
        consistency_proof(-1, LEAVES)


def test_inclusion_edge_cases() -> None:
    r8 = root(LEAVES)
    assert verify_inclusion(0, 1, LEAVES[0], [], LEAVES[0])
    assert not verify_inclusion(0, 0, LEAVES[0], [], EMPTY_ROOT)
    assert not verify_inclusion(8, 8, LEAVES[0], inclusion_proof(0, LEAVES), r8)
    assert not verify_inclusion(-1, 8, LEAVES[0], inclusion_proof(0, LEAVES), r8)
    proof = inclusion_proof(3, LEAVES)
    assert not verify_inclusion(3, 8, LEAVES[3], proof[:-1], r8)  # too short
    assert not verify_inclusion(3, 8, LEAVES[3], [*proof, r8], r8)  # too long
    assert not verify_inclusion(3, 16, LEAVES[3], proof, r8)  # wrong size
    with pytest.raises(ValueError):
        inclusion_proof(8, LEAVES)
    with pytest.raises(ValueError):
        inclusion_proof(0, [])


def test_compact_range_root_does_not_mutate() -> None:
    tree = CompactRange()
    tree.extend(LEAVES[:5])
    before = tree.hashes
    assert tree.root() == tree.root() == bytes.fromhex(ROOTS[5])
    assert tree.hashes == before
    assert len(tree.hashes) == 2  # 5 = 0b101: subtrees of 4 and 1
    copy = tree.copy()
    tree.extend(LEAVES[5:])
    assert tree.root().hex() == ROOTS[8]
    assert copy.root().hex() == ROOTS[5]
    assert len(tree) == 8 and len(tree.hashes) == 1


def test_larger_tree() -> None:
    """A few thousand leaves across a power of two: builder, root and proofs agree."""
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(4097 + 300)]
    tree = CompactRange()
    heads = {}
    for leaf in leaves:
        tree.append(leaf)
        if tree.size in (1, 2, 1000, 2048, 4096, 4097, len(leaves)):
            heads[tree.size] = tree.root()
    assert heads[len(leaves)] == root(leaves)
    for size, head in heads.items():
        assert head == root(leaves[:size])
    new = heads[len(leaves)]
    for index in (0, 1, 2047, 2048, 4095, 4096, len(leaves) - 1):
        proof = inclusion_proof(index, leaves)
        assert verify_inclusion(index, len(leaves), leaves[index], proof, new)
    for size, head in heads.items():
        proof = consistency_proof(size, leaves)
        assert verify_consistency(size, len(leaves), head, new, proof)


# Properties.


@given(leaf_lists)
def test_compact_range_matches_root_at_every_prefix(leaves: list[bytes]) -> None:
    tree = CompactRange()
    assert tree.root() == root([])
    for n, leaf in enumerate(leaves, 1):
        tree.append(leaf)
        assert tree.size == n
        assert len(tree.hashes) == n.bit_count()
        assert tree.root() == root(leaves[:n])


@given(leaf_lists, st.data())
def test_inclusion_proofs_verify_and_catch_tampering(leaves: list[bytes], data) -> None:
    n = len(leaves)
    r = root(leaves)
    index = data.draw(st.integers(0, n - 1), label="index")
    proof = inclusion_proof(index, leaves)
    assert len(proof) <= (n - 1).bit_length()
    assert verify_inclusion(index, n, leaves[index], proof, r)
    # The wrong leaf: altered, or another leaf of the tree.
    assert not verify_inclusion(index, n, flip(leaves[index]), proof, r)
    for other in range(n):
        if other != index:
            assert not verify_inclusion(index, n, leaves[other], proof, r)
            assert not verify_inclusion(other, n, leaves[index], proof, r)
    assert not verify_inclusion(n, n, leaves[index], proof, r)
    # Any altered element of the proof, or the proof cut short.
    for i, h in enumerate(proof):
        bit = data.draw(st.integers(0, 255), label="bit")
        altered = [*proof[:i], flip(h, bit), *proof[i + 1 :]]
        assert not verify_inclusion(index, n, leaves[index], altered, r)
    if proof:
        assert not verify_inclusion(index, n, leaves[index], proof[:-1], r)
    assert not verify_inclusion(index, n, leaves[index], [*proof, r], r)


@given(leaf_lists, st.data())
def test_consistency_proofs_verify_and_catch_tampering(leaves: list[bytes], data) -> None:
    n = len(leaves)
    m = data.draw(st.integers(0, n), label="old size")
    old_root, new_root = root(leaves[:m]), root(leaves)
    proof = consistency_proof(m, leaves)
    assert verify_consistency(m, n, old_root, new_root, proof)
    # Swapped sizes: the old tree cannot be larger.
    if m < n:
        assert not verify_consistency(n, m, old_root, new_root, proof)
        assert not verify_consistency(n, m, new_root, old_root, proof)
    # An old tree that differs in any one leaf is not a prefix of the new one.
    if m:
        changed = data.draw(st.integers(0, m - 1), label="changed leaf")
        rewritten = list(leaves[:m])
        rewritten[changed] = flip(rewritten[changed])
        assert not verify_consistency(m, n, root(rewritten), new_root, proof)
    # Any altered element of the proof.
    for i, h in enumerate(proof):
        bit = data.draw(st.integers(0, 255), label="bit")
        altered = [*proof[:i], flip(h, bit), *proof[i + 1 :]]
        assert not verify_consistency(m, n, old_root, new_root, altered)
    if proof:
        assert not verify_consistency(m, n, old_root, new_root, proof[:-1])
        assert not verify_consistency(m, n, old_root, new_root, [*proof, new_root])


@settings(max_examples=50)
@given(leaf_lists)
def test_every_consistency_proof_of_a_tree(leaves: list[bytes]) -> None:
    """All m <= n of one tree at once, each against the heads a builder gave on the way."""
    n = len(leaves)
    tree = CompactRange()
    heads = [tree.root()]
    for leaf in leaves:
        tree.append(leaf)
        heads.append(tree.root())
    for m in range(n + 1):
        proof = consistency_proof(m, leaves)
        assert verify_consistency(m, n, heads[m], heads[n], proof)
        if 0 < m < n:
            assert not verify_consistency(m, n, heads[m - 1], heads[n], proof)
