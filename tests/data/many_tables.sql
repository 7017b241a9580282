-- 2,000 small tables (t_0001 .. t_2000) in 4 schemas, each with a primary key, a secondary
-- index on every 10th, and 3 rows, made by a DO block: tests per-table overhead, catalog-heavy
-- dumps and progress reporting. PG 14+.
CREATE SCHEMA many_a;
CREATE SCHEMA many_b;
CREATE SCHEMA many_c;
CREATE SCHEMA many_d;

DO $$
DECLARE
  i int;
  s text;
  t text;
BEGIN
  FOR i IN 1..2000 LOOP
    s := (ARRAY['many_a', 'many_b', 'many_c', 'many_d'])[1 + i % 4];
    t := format('%I.%I', s, 't_' || lpad(i::text, 4, '0'));
    EXECUTE format('CREATE TABLE %s (id int PRIMARY KEY, name text NOT NULL, n int, created date)', t);
    EXECUTE format($sql$INSERT INTO %s VALUES (1, 'one', %s, '2024-01-01'), (2, 'two', %s, '2024-01-02'), (3, 'three', NULL, NULL)$sql$,
                   t, i, i * 2);
    IF i % 10 = 0 THEN
      EXECUTE format('CREATE INDEX ON %s (name)', t);
    END IF;
  END LOOP;
END
$$;
