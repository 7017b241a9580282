-- Row-level security: RLS enabled (owner exempt) and FORCED (owner not exempt), permissive and
-- restrictive policies, per-command policies (SELECT/INSERT/UPDATE/DELETE) with USING and WITH
-- CHECK, and a table with RLS enabled but no policy (default deny). Policies target PUBLIC
-- and CURRENT_USER only: no roles are created (roles belong to the cluster, not the database).
-- A copy must read ALL rows (as a superuser or a BYPASSRLS role, or with row_security = off
-- failing loudly rather than returning a filtered subset). PG 14+.
CREATE TABLE documents (
  id int PRIMARY KEY,
  owner_name text NOT NULL,
  classification text NOT NULL CHECK (classification IN ('public', 'internal', 'secret')),
  body text
);
INSERT INTO documents
SELECT i, (ARRAY['alice', 'bob', 'carol'])[1 + i % 3], (ARRAY['public', 'internal', 'secret'])[1 + i % 3], 'document ' || i
FROM generate_series(1, 90) AS i;
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_read_public ON documents FOR SELECT TO PUBLIC USING (classification = 'public');
CREATE POLICY documents_read_own ON documents FOR SELECT TO PUBLIC
  USING (owner_name = current_setting('app.user', true));
CREATE POLICY documents_insert_own ON documents FOR INSERT TO PUBLIC
  WITH CHECK (owner_name = current_setting('app.user', true));
CREATE POLICY documents_update_own ON documents FOR UPDATE TO PUBLIC
  USING (owner_name = current_setting('app.user', true)) WITH CHECK (classification <> 'secret');
CREATE POLICY documents_never_delete_secret ON documents AS RESTRICTIVE FOR DELETE TO PUBLIC
  USING (classification <> 'secret');

-- FORCE: even the table owner is filtered (superusers and BYPASSRLS roles are not).
CREATE TABLE forced_ledger (id int PRIMARY KEY, tenant text NOT NULL, amount numeric(10, 2) NOT NULL);
INSERT INTO forced_ledger SELECT i, 'tenant' || (i % 4), i * 1.5 FROM generate_series(1, 200) AS i;
ALTER TABLE forced_ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE forced_ledger FORCE ROW LEVEL SECURITY;
CREATE POLICY forced_ledger_tenant ON forced_ledger TO CURRENT_USER
  USING (tenant = current_setting('app.tenant', true))
  WITH CHECK (tenant = current_setting('app.tenant', true));
CREATE POLICY forced_ledger_small ON forced_ledger AS RESTRICTIVE FOR ALL TO PUBLIC USING (amount < 250);

-- Enabled and forced, but no policy at all: nobody except superusers / BYPASSRLS sees a row.
CREATE TABLE locked (id int PRIMARY KEY, secret text);
INSERT INTO locked SELECT i, md5(i::text) FROM generate_series(1, 10) AS i;
ALTER TABLE locked ENABLE ROW LEVEL SECURITY;
ALTER TABLE locked FORCE ROW LEVEL SECURITY;

-- A policy on a partitioned table (policies are per table, not inherited by partitions).
CREATE TABLE events (id int, kind text NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
CREATE TABLE events_b PARTITION OF events FOR VALUES IN ('b');
INSERT INTO events SELECT i, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END FROM generate_series(1, 20) AS i;
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_only_a ON events USING (kind = 'a');
