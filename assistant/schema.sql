-- Course catalog database. FAISS ids are sentences.id; citations come from one join
-- (sentences JOIN courses). Built databases (*.db) are git-ignored and rebuilt from a catalog.
CREATE TABLE IF NOT EXISTS courses (
    lecture_id       TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    department       TEXT NOT NULL,
    instructor       TEXT NOT NULL,
    credits          REAL,           -- NULL: the catalog gives none (0 is a 0-credit course)
    course_type      TEXT NOT NULL,
    description      TEXT NOT NULL,
    -- further catalog columns: JSON list of [key, value] (prerequisites, textbook, …)
    extra            TEXT NOT NULL DEFAULT '[]',
    -- sha256 of the normalized description: sections sharing one description collapse
    description_hash TEXT NOT NULL,
    -- sha256 of everything that shapes the sentences and their vectors (title + description)
    content_hash     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS courses_description_hash ON courses(description_hash);

CREATE TABLE IF NOT EXISTS sentences (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,   -- == FAISS id
    lecture_id TEXT NOT NULL REFERENCES courses(lecture_id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    start      INTEGER NOT NULL,                     -- offsets into courses.description
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    UNIQUE (lecture_id, position)
);

-- One vector per sentence for the model in meta.embedding_model, so a rebuild with another
-- index type does not re-embed anything.
CREATE TABLE IF NOT EXISTS vectors (
    sentence_id INTEGER PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
    vector      BLOB NOT NULL                        -- float32, little endian
);

-- Korean keyword search. Particles stay glued to nouns in Korean, so whitespace tokens
-- fail; two FTS5 tables index character n-grams instead:
--   bigram:  text pre-split into character bigrams per word (2-syllable nouns match)
--   trigram: SQLite's built-in trigram tokenizer over the raw text
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_bigram USING fts5(text, title, tokenize = 'unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_trigram USING fts5(text, title, tokenize = 'trigram');
-- how many sentences hold each bigram (keyword search keeps a question's rarest terms)
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_bigram_vocab USING fts5vocab(sentences_bigram, row);

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One vector per course for the whole course ("title: description"), the course-level
-- representation that lookup fuses with the sentence level. content_hash says which
-- version of the course it was computed from.
CREATE TABLE IF NOT EXISTS course_vectors (
    lecture_id   TEXT PRIMARY KEY REFERENCES courses(lecture_id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    vector       BLOB NOT NULL
);
