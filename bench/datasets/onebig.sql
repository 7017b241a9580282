-- onebig: one wide-ish table (~180 bytes a row) with 3 indexes. Deterministic.
-- Usage: psql -v rows=N -f onebig.sql (7,200,000 rows ~ 1.3 GB of heap).
\set ON_ERROR_STOP on
CREATE TABLE big (
  id bigint NOT NULL, account int NOT NULL, created timestamptz NOT NULL,
  amount numeric(12,2), label text, payload text);
INSERT INTO big
  SELECT i, (i * 7919) % 100000, timestamptz '2023-01-01 00:00+00' + i * interval '1 s',
         (i % 100000) / 100.0, 'label-' || (i % 1000), repeat(md5(i::text), 3)
  FROM generate_series(1::bigint, :rows) AS i;
ALTER TABLE big ADD PRIMARY KEY (id);
CREATE INDEX big_account ON big (account);
CREATE INDEX big_created ON big (created);
