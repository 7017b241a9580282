-- NULL in every column of a wide table (one row all NULL, others with NULLs in turn), and
-- empty values (empty string, empty array, empty bytea, empty jsonb) beside NULLs, which a copy
-- must keep apart. Also the strings 'NULL' and '\N'. PostgreSQL 14+.
CREATE TABLE wide_nullable (
  id int PRIMARY KEY,
  c_bool boolean, c_int2 smallint, c_int4 integer, c_int8 bigint, c_numeric numeric, c_real real,
  c_double double precision, c_text text, c_varchar varchar(10), c_char char(3), c_bytea bytea,
  c_date date, c_time time, c_timetz timetz, c_timestamp timestamp, c_timestamptz timestamptz,
  c_interval interval, c_uuid uuid, c_json json, c_jsonb jsonb, c_xml xml, c_inet inet, c_cidr cidr,
  c_macaddr macaddr, c_bit bit(4), c_varbit varbit, c_point point, c_box box, c_tsvector tsvector,
  c_int4range int4range, c_int_array integer[], c_text_array text[], c_money money, c_oid oid,
  c_pg_lsn pg_lsn
);

-- Row 1: every column NULL.
INSERT INTO wide_nullable (id) VALUES (1);

-- Row 2: every column set to its "empty" or zero value, which is not NULL.
INSERT INTO wide_nullable VALUES (
  2, false, 0, 0, 0, 0, 0, 0, '', '', '', '', '2000-01-01', '00:00', '00:00+00', '2000-01-01', '2000-01-01 00:00+00',
  '0', '00000000-0000-0000-0000-000000000000', '""', '""', '', '0.0.0.0', '0.0.0.0/0', '00:00:00:00:00:00',
  B'0000', B'', '(0,0)', '(0,0),(0,0)', '', 'empty', '{}', '{}', 0, 0, '0/0'
);

-- Row 3: the strings that text formats use for NULL, as real values.
INSERT INTO wide_nullable (id, c_text, c_varchar, c_char, c_json, c_jsonb, c_text_array, c_bytea)
VALUES (3, 'NULL', '\N', 'nul', 'null', 'null', ARRAY['NULL', NULL, '\N', ''], '\x5c4e');

-- Arrays made only of NULLs, and NULL inside composites.
INSERT INTO wide_nullable (id, c_int_array, c_text_array) VALUES (4, '{NULL}', '{NULL,NULL}');

-- Rows 10..45: exactly one column NULL per row, all the others set.
DO $$
DECLARE
  col record;
  n int := 10;
BEGIN
  FOR col IN
    SELECT attname FROM pg_attribute
    WHERE attrelid = 'wide_nullable'::regclass AND attnum > 1 AND NOT attisdropped ORDER BY attnum
  LOOP
    EXECUTE (
      SELECT format('INSERT INTO wide_nullable (%s) SELECT %s FROM wide_nullable WHERE id = 2',
                    string_agg(quote_ident(attname), ', ' ORDER BY attnum),
                    string_agg(CASE WHEN attname = 'id' THEN n::text
                                    WHEN attname = col.attname THEN 'NULL'
                                    ELSE quote_ident(attname) END, ', ' ORDER BY attnum))
      FROM pg_attribute
      WHERE attrelid = 'wide_nullable'::regclass AND attnum > 0 AND NOT attisdropped);
    n := n + 1;
  END LOOP;
END
$$;

-- A narrow table where NULL and '' alternate, with a unique index that allows many NULLs.
CREATE TABLE null_or_empty (id int PRIMARY KEY, t text, b bytea, a text[]);
CREATE UNIQUE INDEX null_or_empty_t_key ON null_or_empty (t);
INSERT INTO null_or_empty
SELECT i, CASE WHEN i = 2 THEN '' WHEN i % 2 = 1 THEN NULL ELSE 'v' || i END,
       CASE WHEN i % 3 = 0 THEN ''::bytea END, CASE WHEN i % 4 = 0 THEN '{}'::text[] WHEN i % 4 = 1 THEN '{""}'::text[] END
FROM generate_series(1, 100) AS i;

-- A column with a NOT NULL default next to one whose default is NULL.
CREATE TABLE defaults (id int PRIMARY KEY, d_null text DEFAULT NULL, d_empty text NOT NULL DEFAULT '');
INSERT INTO defaults (id) SELECT generate_series(1, 5);
