-- many: N small tables with primary keys (per-object overhead). Deterministic.
-- Usage: psql -v tables=N -f many.sql (2000 tables).
\set ON_ERROR_STOP on
SELECT set_config('bench.tables', :'tables', false);
DO $$
BEGIN
  FOR i IN 1..current_setting('bench.tables')::int LOOP
    EXECUTE format($f$
      CREATE TABLE t_%1$s (id int PRIMARY KEY, name text NOT NULL, amount numeric(10,2), created timestamptz);
      INSERT INTO t_%1$s SELECT j, 'row ' || j || ' of ' || %1$s, (j * %1$s) %% 10000 / 100.0,
                               timestamptz '2024-01-01 00:00+00' + j * interval '1 h'
      FROM generate_series(1, 20 + %1$s %% 80) AS j;
    $f$, i);
    IF i % 200 = 0 THEN
      COMMIT;
    END IF;
  END LOOP;
END
$$;
