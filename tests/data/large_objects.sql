-- Large objects (pg_largeobject): an empty one, a tiny one, one of 3 MB (many 2 kB pages), one
-- with all 256 byte values, one written sparsely (a hole in the middle reads back as zeros),
-- with comments, some referenced from a table's oid column and one orphaned. Fixed OIDs, so a
-- copy can be compared by OID (restoring needs those OIDs free: use an empty database). PG 14+.
DO $$
BEGIN
  PERFORM lo_from_bytea(910001, '');                                             -- empty
  PERFORM lo_from_bytea(910002, convert_to('hello, large object ✓', 'UTF8'));    -- tiny
  -- 3 MB: 3 * 1024 * 1024 bytes of a repeating, position-dependent pattern (md5 hex digests).
  PERFORM lo_from_bytea(910003, substring(decode(string_agg(md5(i::text), '' ORDER BY i), 'hex') FROM 1 FOR 3145728))
  FROM generate_series(1, 196608) AS i;
  PERFORM lo_from_bytea(910004, (SELECT decode(string_agg(lpad(to_hex(b), 2, '0'), '' ORDER BY b), 'hex')
                                 FROM generate_series(0, 255) AS b));
  -- Sparse: 10 bytes at offset 0 and 10 bytes at offset 100000; the gap reads as zero bytes.
  PERFORM lo_create(910005);
  PERFORM lo_put(910005, 0, '\x0102030405060708090a');
  PERFORM lo_put(910005, 100000, '\xfffefdfcfbfaf9f8f7f6');
  PERFORM lo_from_bytea(910006, convert_to('nobody references me', 'UTF8'));   -- orphan
END
$$;

COMMENT ON LARGE OBJECT 910001 IS 'empty large object';
COMMENT ON LARGE OBJECT 910002 IS 'tiny text';
COMMENT ON LARGE OBJECT 910003 IS '3 MB of md5 digests (bytes 1..3145728 of decode(md5(1)||md5(2)||..., hex))';
COMMENT ON LARGE OBJECT 910004 IS 'all 256 byte values, 0x00..0xff';
COMMENT ON LARGE OBJECT 910005 IS 'sparse: 100010 bytes, mostly a hole';

CREATE TABLE attachments (id int PRIMARY KEY, name text NOT NULL, content oid, size bigint, md5 text);
INSERT INTO attachments (id, name, content) VALUES
  (1, 'empty.bin', 910001), (2, 'hello.txt', 910002), (3, 'big.bin', 910003),
  (4, 'bytes.bin', 910004), (5, 'sparse.bin', 910005), (6, 'no content', NULL);
-- Sizes and checksums as loaded, so a test can compare a copy against them.
UPDATE attachments SET size = length(lo_get(content)), md5 = md5(lo_get(content)) WHERE content IS NOT NULL;

DO $$
BEGIN
  IF (SELECT size FROM attachments WHERE id = 3) <> 3145728 OR (SELECT size FROM attachments WHERE id = 5) <> 100010
     OR (SELECT size FROM attachments WHERE id = 1) <> 0 THEN
    RAISE EXCEPTION 'unexpected large object sizes';
  END IF;
END
$$;
