"""Tables of the archive: Source → SourceFile → Record → Statement.

Records are evidence and are never edited: `raw` is the text as published and `digest` is the
SHA-256 of (source key, locator, raw), so the same entry read twice is stored once.
"""

from __future__ import annotations

from django.db import models


class Source(models.Model):
    """A published list, book or edition."""

    key = models.CharField(max_length=200, unique=True)
    title = models.TextField()
    publisher = models.TextField(blank=True, default="")
    year = models.CharField(max_length=32, blank=True, default="")
    language = models.CharField(max_length=16, default="ru")
    format = models.CharField(max_length=32)
    provenance = models.TextField(blank=True, default="")
    coverage = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

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
    qualifiers = models.JSONField(null=True)
    span_start = models.IntegerField(null=True)
    span_end = models.IntegerField(null=True)
    alternative = models.BooleanField(default=False)

    class Meta:
        db_table = "statement"
        # No index beyond the key: nothing looks statements up by predicate or value yet
        # (stats scans them all), and each index costs a fifth of the insert time. The
        # search indexes come with search, built for what it asks.
