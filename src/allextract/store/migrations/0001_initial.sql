-- The evidence store, version 1. Documented table by table in docs/evidence_store.md.
-- Times are ISO 8601 UTC text ("2026-11-21T10:15:00Z"); booleans do not occur.

-- One row per `corpus add` or `corpus remove` that changed something.
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,                 -- "corpus add", "corpus remove"
    args TEXT NOT NULL,                    -- JSON list of the command's arguments
    started_at TEXT NOT NULL,
    finished_at TEXT,                      -- NULL while running, or when the process died
    status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'errors')),
    extractor_version TEXT NOT NULL,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
);

-- One row per document, keyed by its doc_id (the file's stem).
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,            -- sha256 of the file's bytes, hex
    path TEXT NOT NULL,                    -- the file it was last extracted from
    file_type TEXT NOT NULL,               -- "pdf", "txt", "md"
    size_bytes INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    tables INTEGER NOT NULL,
    sentences INTEGER NOT NULL,
    records INTEGER NOT NULL,
    extractor_version TEXT NOT NULL,       -- allextract.__version__
    model TEXT NOT NULL,                   -- the NER model's name, or "rules-only"
    model_version TEXT,
    model_data_version TEXT,               -- hash of the training data, when the model has one
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    run_id INTEGER REFERENCES runs (run_id) ON DELETE SET NULL
);

-- The document's reference list, so that a record's citation marker can be resolved.
CREATE TABLE document_references (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,             -- 1-based order in the list (numbers can repeat)
    number INTEGER NOT NULL,               -- as printed
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, position)
);

-- Canonical trials, rebuilt from all outcomes and references after every change.
CREATE TABLE trials (
    trial_key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    documents INTEGER NOT NULL             -- how many documents report on the trial
);

CREATE TABLE trial_aliases (
    trial_key TEXT NOT NULL REFERENCES trials (trial_key) ON DELETE CASCADE,
    alias TEXT NOT NULL,                   -- a name as a document writes it
    PRIMARY KEY (trial_key, alias)
);

-- The outcomes dataset (docs/outcome_schema.md, columns in order), plus the keys.
CREATE TABLE outcomes (
    outcome_id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,           -- 1-based position in the document's records
    trial_key TEXT REFERENCES trials (trial_key) ON DELETE SET NULL,
    source TEXT NOT NULL CHECK (source IN ('table', 'text')),
    "table" TEXT,
    page INTEGER,
    trial TEXT,
    reference TEXT,
    phase TEXT,
    n INTEGER,
    events INTEGER,
    intervention TEXT,
    arm TEXT,
    population TEXT,
    endpoint TEXT NOT NULL,
    endpoint_text TEXT NOT NULL,
    grade_min INTEGER,
    timepoint_months REAL,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    value_low REAL,
    value_high REAL,
    qualifier TEXT,
    ci_low REAL,
    ci_high REAL,
    se REAL,
    p_value TEXT,
    evidence TEXT,
    char_start INTEGER,
    char_end INTEGER,
    trial_id TEXT,
    bbox TEXT,
    UNIQUE (doc_id, row_number)
);

CREATE INDEX outcomes_trial_key ON outcomes (trial_key);
CREATE INDEX outcomes_endpoint ON outcomes (endpoint, timepoint_months);
CREATE INDEX documents_run ON documents (run_id);
