-- Multi-level partitioning: RANGE (by date) → LIST (by region) → HASH (by customer), with a
-- default partition at the first two levels, data in every leaf, a partitioned primary key and
-- index, a foreign key to a partitioned table, a partition attached after creation, and a
-- detached former partition left as a plain table. PG 14+.
CREATE TABLE measurements (
  id bigint NOT NULL,
  taken_on date NOT NULL,
  region text NOT NULL,
  customer_id int NOT NULL,
  value numeric(10, 3),
  PRIMARY KEY (id, taken_on, region, customer_id)
) PARTITION BY RANGE (taken_on);

CREATE TABLE measurements_2023 PARTITION OF measurements
  FOR VALUES FROM ('2023-01-01') TO ('2024-01-01') PARTITION BY LIST (region);
CREATE TABLE measurements_2024 PARTITION OF measurements
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (region);
CREATE TABLE measurements_old PARTITION OF measurements DEFAULT;   -- a plain leaf

DO $$
DECLARE
  y int;
  r text;
  h int;
BEGIN
  FOREACH y IN ARRAY ARRAY[2023, 2024] LOOP
    FOREACH r IN ARRAY ARRAY['eu', 'us'] LOOP
      EXECUTE format('CREATE TABLE measurements_%s_%s PARTITION OF measurements_%s FOR VALUES IN (%L) PARTITION BY HASH (customer_id)',
                     y, r, y, r);
      FOR h IN 0..2 LOOP
        EXECUTE format('CREATE TABLE measurements_%s_%s_h%s PARTITION OF measurements_%s_%s FOR VALUES WITH (MODULUS 3, REMAINDER %s)',
                       y, r, h, y, r, h);
      END LOOP;
    END LOOP;
    -- Anything that is not eu or us (apac, NULL is impossible: NOT NULL).
    EXECUTE format('CREATE TABLE measurements_%s_other PARTITION OF measurements_%s DEFAULT', y, y);
  END LOOP;
END
$$;

CREATE INDEX measurements_customer_idx ON measurements (customer_id, taken_on);

INSERT INTO measurements
SELECT i,
       date '2022-10-01' + (i % 820),                      -- 2022-10 .. 2024-12: every range
       (ARRAY['eu', 'us', 'apac', 'eu', 'us'])[1 + i % 5],
       i % 97,
       (i * 3.141)::numeric(10, 3)
FROM generate_series(1, 20000) AS i;

-- Fails loudly if any leaf is empty.
DO $$
DECLARE
  leaf regclass;
  n bigint;
BEGIN
  FOR leaf IN SELECT relid FROM pg_partition_tree('measurements') WHERE isleaf LOOP
    EXECUTE format('SELECT count(*) FROM %s', leaf) INTO n;
    IF n = 0 THEN RAISE EXCEPTION 'leaf % is empty', leaf; END IF;
  END LOOP;
END
$$;

-- A partitioned table referenced by a foreign key from another partitioned table.
CREATE TABLE accounts (id int PRIMARY KEY, kind text NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE accounts_low PARTITION OF accounts FOR VALUES FROM (MINVALUE) TO (31);
CREATE TABLE accounts_high PARTITION OF accounts FOR VALUES FROM (31) TO (MAXVALUE);
INSERT INTO accounts SELECT i, CASE WHEN i % 3 = 0 THEN 'business' ELSE 'personal' END FROM generate_series(1, 60) AS i;

CREATE TABLE transfers (
  id int NOT NULL,
  account_id int NOT NULL REFERENCES accounts (id),
  amount numeric(12, 2) NOT NULL,
  PRIMARY KEY (id, account_id)
) PARTITION BY HASH (account_id);
CREATE TABLE transfers_0 PARTITION OF transfers FOR VALUES WITH (MODULUS 2, REMAINDER 0);
-- Created standalone (with a different column order), then attached.
CREATE TABLE transfers_1 (amount numeric(12, 2) NOT NULL, account_id int NOT NULL, id int NOT NULL);
ALTER TABLE transfers ATTACH PARTITION transfers_1 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO transfers SELECT i, 1 + i % 60, i * 10.5 FROM generate_series(1, 600) AS i;

-- A partition detached again: now an ordinary table that keeps its rows.
CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO events SELECT i, date '2023-01-01' + i FROM generate_series(0, 700) AS i;
ALTER TABLE events DETACH PARTITION events_2023;

-- A plain table referencing a partitioned one: PostgreSQL adds a key per referenced
-- partition (accounts_low, accounts_high), which must come out validated like the source's.
CREATE TABLE statements (id int PRIMARY KEY, account_id int NOT NULL REFERENCES accounts (id));
INSERT INTO statements SELECT i, 1 + i % 60 FROM generate_series(1, 120) AS i;
