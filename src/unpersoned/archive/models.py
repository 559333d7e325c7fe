"""Tables of the archive: Source → SourceFile → Record → Statement, and the ledger.

Records are evidence and are never edited: `raw` is the text as published and `digest` is the
SHA-256 of (source key, locator, raw), so the same entry read twice is stored once. Every row
names the ledger entry that wrote it (`entry`); no row is updated or deleted after that, so
the ledger's hashes describe the tables exactly (`archive.verify` checks it). A correction is a
new statement, a hidden record a `Redaction` beside it.
"""

from __future__ import annotations

import json

from django.db import models


class CanonicalJSONEncoder(json.JSONEncoder):
    """JSON as the ledger hashes it (sorted keys, no spaces), so SQLite stores those bytes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.update(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class Source(models.Model):
    """A published list, book or edition."""

    key = models.CharField(max_length=200, unique=True)
    title = models.TextField()
    publisher = models.TextField(blank=True, default="")
    year = models.CharField(max_length=32, blank=True, default="")
    language = models.CharField(max_length=16, default="ru")
    format = models.CharField(max_length=32)
    provenance = models.TextField(blank=True, default="")
    # a diagnostic recounted by each ingest: the one column outside the ledger's hashes
    coverage = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    entry = models.BigIntegerField(null=True)

    class Meta:
        db_table = "source"

    def __str__(self) -> str:
        return self.key


class SourceFile(models.Model):
    """One file of a source as it was read, identified by its checksum."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="files")
    name = models.TextField()
    path = models.TextField()
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    record_count = models.IntegerField(default=0)
    read_at = models.DateTimeField(auto_now_add=True)
    entry = models.BigIntegerField(null=True)

    class Meta:
        db_table = "source_file"
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="source_file_once"),
        ]


class Record(models.Model):
    """One entry of a source exactly as published, with the locator that finds it."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="records")
    file = models.ForeignKey(SourceFile, on_delete=models.PROTECT, related_name="records")
    locator = models.TextField()
    raw = models.TextField()
    digest = models.CharField(max_length=64, unique=True)
    ordinal = models.IntegerField()
    # SHA-256 of the digest and the statements the record came with (`archive.hashing`)
    state = models.CharField(max_length=64, null=True)
    entry = models.BigIntegerField(null=True)

    class Meta:
        db_table = "record"
        indexes = [models.Index(fields=["source", "locator"], name="record_locator")]


class Statement(models.Model):
    """One claim a record makes, with the span of raw text it was read from.

    A statement is known by its record and its place among the record's statements: that
    key is also the only index, so the millions of rows of an ingest go in fast (an id column
    would mean SQLite's AUTOINCREMENT bookkeeping on every insert).
    """

    pk = models.CompositePrimaryKey("record_id", "ordinal")
    record = models.ForeignKey(
        Record, on_delete=models.PROTECT, related_name="statements", db_index=False
    )
    ordinal = models.IntegerField()
    predicate = models.CharField(max_length=40)
    value = models.TextField()
    date = models.CharField(max_length=64, null=True)
    place = models.TextField(null=True)
    qualifiers = models.JSONField(null=True, encoder=CanonicalJSONEncoder)
    span_start = models.IntegerField(null=True)
    span_end = models.IntegerField(null=True)
    alternative = models.BooleanField(default=False)
    # NULL for the statements read with the record; an editor's statement names its own entry
    entry = models.BigIntegerField(null=True)

    class Meta:
        db_table = "statement"
        # No index beyond the key: nothing looks statements up by predicate or value yet
        # (stats scans them all), and each index costs a fifth of the insert time. The
        # search indexes come with search, built for what it asks.


class LedgerEntry(models.Model):
    """One write, as a leaf of the archive's Merkle tree (`archive.ledger`).

    `seq` is the leaf's index; `detail` is canonical JSON naming every row the write made and
    their hashes; `state` is the hash of the object's new state; `prev` the leaf hash of the
    entry before; `leaf` this entry's own RFC 6962 leaf hash. Text columns, so the bytes hashed
    are the same on every database.
    """

    seq = models.BigIntegerField(primary_key=True)
    kind = models.CharField(max_length=40)
    subject = models.TextField()
    actor = models.TextField()
    at = models.CharField(max_length=40)
    reason = models.TextField(default="", blank=True)
    detail = models.TextField()
    state = models.CharField(max_length=64)
    prev = models.CharField(max_length=64)
    leaf = models.CharField(max_length=64)

    class Meta:
        db_table = "ledger_entry"


class TreeHead(models.Model):
    """A signed statement of the ledger's size and Merkle root, written with every write."""

    size = models.BigIntegerField(primary_key=True)
    root = models.CharField(max_length=64)
    at = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    signature = models.CharField(max_length=128)

    class Meta:
        db_table = "tree_head"


class Judgement(models.Model):
    """Whether two records are the same person, by whom and how sure."""

    VERDICTS = ("same", "different", "unsure")

    left = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=16)
    score = models.FloatField(null=True)
    method = models.CharField(max_length=16, default="editor")
    actor = models.TextField()
    at = models.CharField(max_length=40)
    reason = models.TextField(default="", blank=True)
    entry = models.BigIntegerField(null=True)

    class Meta:
        db_table = "judgement"


class Redaction(models.Model):
    """A record withheld from views and exports (a court order, a living person's data).

    The record stays in the archive and in the ledger's hashes: hiding it rewrites nothing.
    """

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="redactions")
    reason = models.TextField()
    actor = models.TextField()
    at = models.CharField(max_length=40)
    entry = models.BigIntegerField(null=True)

    class Meta:
        db_table = "redaction"


# The name index (`archive.name_index`): derived from the statements, rebuilt by
# `unpersoned reindex`, outside the ledger's hashes like any index.


class NameKey(models.Model):
    """One folded name of one kind (surname, given name, patronymic): the index's vocabulary."""

    kind = models.CharField(max_length=1)  # S surname, G given name, P patronymic
    key = models.TextField()

    class Meta:
        db_table = "name_key"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="name_key_unique")]


class NameForm(models.Model):
    """A spelling a key is found by: itself, a romanisation, a woman's form, an equivalent."""

    form = models.TextField()
    name = models.ForeignKey(NameKey, on_delete=models.CASCADE, db_constraint=False)
    schemes = models.TextField()  # comma-separated scheme ids (`names.romanise.LABELS`)
    variant = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        db_table = "name_form"
        indexes = [models.Index(fields=["form"], name="name_form_form")]


class NameFormDeletion(models.Model):
    """A hash of a string a Cyrillic spelling leaves when up to two of its letters are deleted
    (`names.deletions`): how a misspelt name is found with none missed."""

    hash = models.BigIntegerField()
    form_id = models.BigIntegerField()

    class Meta:
        db_table = "name_form_deletion"
        indexes = [models.Index(fields=["hash"], name="name_form_deletion_hash")]


class NameEntry(models.Model):
    """One way a record names its person, as keys; what a search reads."""

    record_id = models.BigIntegerField()
    role = models.CharField(max_length=1)
    surname_id = models.BigIntegerField(null=True)
    given_id = models.BigIntegerField(null=True)
    patronymic_id = models.BigIntegerField(null=True)
    given_initial = models.CharField(max_length=1, blank=True, default="")
    patronymic_initial = models.CharField(max_length=1, blank=True, default="")
    female_form = models.BooleanField(default=False)
    sex = models.CharField(max_length=1, blank=True, default="")
    born = models.IntegerField(null=True)
    source_id = models.IntegerField()
    place = models.TextField(blank=True, default="")
    printed = models.TextField()

    class Meta:
        db_table = "name_entry"
        indexes = [
            models.Index(fields=["surname_id", "given_id"], name="name_entry_surname"),
            models.Index(fields=["given_id", "patronymic_id"], name="name_entry_given"),
            models.Index(fields=["record_id"], name="name_entry_record"),
        ]


class NameIndexState(models.Model):
    """How far the name index has read: the last record id and ledger entry it took in."""

    id = models.IntegerField(primary_key=True)
    record_mark = models.BigIntegerField(default=0)
    entry_mark = models.BigIntegerField(default=-1)
    rules = models.CharField(max_length=64, default="")  # names.index_rules() it was built by

    class Meta:
        db_table = "name_index_state"
