"""Document metadata as written in front matter or a corpus manifest."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from factcheck.corpus.document import Metadata
from factcheck.rules.base import Date


class MetadataFields(BaseModel):
    """The metadata fields factcheck understands; other keys are ignored in front
    matter (site generators put layout, tags... there) but rejected in a manifest."""

    model_config = ConfigDict(defer_build=True, extra="ignore", populate_by_name=True, frozen=True)

    title: str | None = None
    published: Date | None = Field(default=None, validation_alias="published")
    date: Date | None = Field(default=None, description="Alias of 'published' (Jekyll, Hugo).")
    source: str | None = None
    url: str | None = None

    def to_metadata(self) -> Metadata:
        return Metadata(
            title=self.title,
            published=self.published or self.date,
            source=self.source,
            url=self.url,
        )
