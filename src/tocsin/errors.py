"""One exception hierarchy; each error has a stable code and a message that says what to do."""

from __future__ import annotations


class TocsinError(Exception):
    """Base of every error tocsin raises."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(TocsinError):
    """A setting or configuration file is invalid."""

    code = "config"


class LanguageDataError(TocsinError):
    """A language data file is missing or does not match its schema."""

    code = "language_data"


class ModelNotInstalledError(TocsinError):
    """A spaCy model named in the settings is not installed."""

    code = "model_not_installed"


class ArticleError(TocsinError):
    """One article cannot be processed; the batch goes on without it."""

    code = "article"


class EmptyArticleError(ArticleError):
    code = "empty"


class BinaryContentError(ArticleError):
    code = "binary"


class TooLargeError(ArticleError):
    code = "too_large"


class EncodingError(ArticleError):
    code = "encoding"


class BadHeaderError(ArticleError):
    code = "bad_header"


class BadRecordError(ArticleError):
    code = "bad_record"


class UnsupportedLanguageError(ArticleError):
    code = "unsupported_language"


class ReadError(ArticleError):
    code = "unreadable"


class GazetteerError(TocsinError):
    """The offline gazetteer cannot be built or opened."""

    code = "gazetteer"


class StoreError(TocsinError):
    """The store cannot be opened, migrated or queried."""

    code = "store"


class FetchError(ArticleError):
    """A page or feed cannot be fetched."""

    code = "fetch_failed"


class FetchRefusedError(FetchError):
    """A fetch that tocsin refuses to make: a private address, robots.txt, a scheme it does not read."""

    code = "fetch_refused"


class MissingExtraError(TocsinError):
    """An optional part of tocsin is used without its extra installed (e.g. `pip install 'tocsin[ray]'`)."""

    code = "missing_extra"


class WorkerCrashedError(ArticleError):
    """The worker process running an article died, again when the article was retried alone."""

    code = "worker_crashed"


class RunnerError(TocsinError):
    """The batch runner cannot start its workers, reach its cluster, or keep them running."""

    code = "runner"


class ModelMismatchError(ModelNotInstalledError):
    """An installed spaCy model is not the version, or not the files, tocsin pins (tocsin/models.yaml)."""

    code = "model_mismatch"


class MissingDatabaseError(StoreError):
    """A command that only reads was pointed at a database that does not exist."""

    code = "no_database"
