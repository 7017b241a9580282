-- PostgreSQL 15+ only: UNIQUE NULLS NOT DISTINCT, FKs with ON DELETE SET NULL (column list),
-- SECURITY INVOKER views, MERGE (used to build data), and a publication with a row filter and
-- column list (the publication itself, no subscriber), and an unlogged sequence.
CREATE TABLE unique_nulls (
  id int PRIMARY KEY,
  a int,
  b int,
  CONSTRAINT unique_nulls_a_b_key UNIQUE NULLS NOT DISTINCT (a, b)
);
INSERT INTO unique_nulls VALUES (1, NULL, NULL), (2, 1, NULL), (3, NULL, 1), (4, 1, 1);
CREATE UNIQUE INDEX unique_nulls_b_idx ON unique_nulls (b, id) NULLS NOT DISTINCT;

CREATE TABLE tenants (tenant_id int, id int, PRIMARY KEY (tenant_id, id));
CREATE TABLE tenant_users (
  tenant_id int NOT NULL,
  id int PRIMARY KEY,
  group_id int,
  FOREIGN KEY (tenant_id, group_id) REFERENCES tenants ON DELETE SET NULL (group_id)
);
INSERT INTO tenants VALUES (1, 1), (1, 2);
INSERT INTO tenant_users VALUES (1, 10, 1), (1, 11, 2), (1, 12, NULL);

CREATE TABLE stock (sku text PRIMARY KEY, qty int NOT NULL);
INSERT INTO stock VALUES ('a', 1), ('b', 2);
MERGE INTO stock AS s
USING (VALUES ('a', 10), ('c', 30)) AS v(sku, qty) ON s.sku = v.sku
WHEN MATCHED THEN UPDATE SET qty = s.qty + v.qty
WHEN NOT MATCHED THEN INSERT VALUES (v.sku, v.qty);

CREATE VIEW stock_invoker WITH (security_invoker = true) AS SELECT * FROM stock WHERE qty > 1;

CREATE PUBLICATION pg15_pub FOR TABLE stock (sku, qty) WHERE (qty > 5), TABLE unique_nulls;

CREATE UNLOGGED SEQUENCE unlogged_seq START 10;
SELECT nextval('unlogged_seq') FROM generate_series(1, 3) \g /dev/null
