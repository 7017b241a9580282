-- Very large single values, built on the server (the file itself is small): one text value of
-- 120 MiB (highly compressible: repeat()) and one bytea value of 120 MiB (incompressible:
-- md5 digests). In COPY text format the bytea becomes ~240 MiB of hex; the whole row must fit
-- in memory on both sides (PostgreSQL's limit is 1 GB per value). Loads in ~10-20 s and needs
-- ~1 GB of free memory on the server. Kept separate from the other cases on purpose. PG 14+.
CREATE TABLE big_text (id int PRIMARY KEY, body text NOT NULL, length bigint, md5 text);
INSERT INTO big_text (id, body) VALUES (1, repeat('0123456789abcdef', 120 * 1024 * 1024 / 16));
INSERT INTO big_text (id, body) VALUES (2, 'a small neighbour row');
UPDATE big_text SET length = octet_length(body), md5 = md5(body);

CREATE TABLE big_bytea (id int PRIMARY KEY, data bytea NOT NULL, length bigint, md5 text);
-- 7,864,320 md5 digests of 16 bytes each = 120 MiB.
INSERT INTO big_bytea (id, data)
SELECT 1, decode(string_agg(md5(i::text), '' ORDER BY i), 'hex') FROM generate_series(1, 7864320) AS i;
INSERT INTO big_bytea (id, data) VALUES (2, '\x00ff');
UPDATE big_bytea SET length = octet_length(data), md5 = md5(data);

DO $$
BEGIN
  IF (SELECT length FROM big_text WHERE id = 1) <> 125829120 OR (SELECT length FROM big_bytea WHERE id = 1) <> 125829120 THEN
    RAISE EXCEPTION 'big values are not 120 MiB';
  END IF;
END
$$;
