-- Views on views (three levels, one with CHECK OPTION, one with security_barrier), a
-- materialized view with a unique index and one created WITH NO DATA (unpopulated), SQL and
-- PL/pgSQL functions (overloaded, SETOF, OUT parameters, SECURITY DEFINER with search_path,
-- default arguments, variadic), procedures, aggregates, operators, casts, triggers (row-level
-- BEFORE/AFTER, statement-level with transition tables, INSTEAD OF on a view, a constraint
-- trigger DEFERRABLE, a disabled trigger), and rules. Event triggers are NOT included (they are
-- cluster-wide in effect and need superuser). PG 14+.
CREATE SCHEMA app;

CREATE TABLE app.items (
  id int PRIMARY KEY,
  name text NOT NULL,
  price numeric(10, 2) NOT NULL,
  stock int NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT '2024-01-01 00:00+00',
  version int NOT NULL DEFAULT 1
);
INSERT INTO app.items SELECT i, 'item ' || i, i * 2.5, i % 7 FROM generate_series(1, 100) AS i;

CREATE TABLE app.item_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, item_id int, what text, n int);

-- Views on views.
CREATE VIEW app.v_items AS SELECT id, name, price, stock FROM app.items;
CREATE VIEW app.v_in_stock AS SELECT * FROM app.v_items WHERE stock > 0 WITH CASCADED CHECK OPTION;
CREATE VIEW app.v_cheap_in_stock WITH (security_barrier = true) AS
  SELECT id, name, price FROM app.v_in_stock WHERE price < 100;
CREATE VIEW app.v_recursive (n) AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r;

-- Functions: SQL, PL/pgSQL, overloads, OUT params, SETOF, defaults, variadic, security definer.
CREATE FUNCTION app.price_with_tax(p numeric, rate numeric DEFAULT 0.21) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT round(p * (1 + rate), 2) $$;
CREATE FUNCTION app.price_with_tax(item app.items) RETURNS numeric
  LANGUAGE sql STABLE AS $$ SELECT app.price_with_tax(item.price) $$;
CREATE FUNCTION app.stock_stats(OUT total bigint, OUT items bigint, OUT empty bigint)
  LANGUAGE sql STABLE AS $$ SELECT sum(stock), count(*), count(*) FILTER (WHERE stock = 0) FROM app.items $$;
CREATE FUNCTION app.items_between(lo numeric, hi numeric) RETURNS SETOF app.items
  LANGUAGE sql STABLE ROWS 20 AS $$ SELECT * FROM app.items WHERE price BETWEEN lo AND hi ORDER BY id $$;
CREATE FUNCTION app.sum_all(VARIADIC xs int[]) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT sum(x) FROM unnest(xs) AS x $$;
CREATE FUNCTION app.restock(p_id int, p_qty int) RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_stock int;
BEGIN
  UPDATE app.items SET stock = stock + p_qty WHERE id = p_id RETURNING stock INTO v_stock;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no item %', p_id USING ERRCODE = 'no_data_found';
  END IF;
  RETURN v_stock;
END
$$;
-- A function whose body is a SQL-standard body (parsed at creation, dependencies tracked; PG14+).
CREATE FUNCTION app.double_it(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN x * 2;
CREATE FUNCTION app.cheapest() RETURNS text LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT name FROM app.items ORDER BY price, id LIMIT 1;
END;

-- Procedures (with transaction control and INOUT).
CREATE PROCEDURE app.bump_versions(INOUT changed int DEFAULT 0)
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE app.items SET version = version + 1 WHERE stock = 0;
  GET DIAGNOSTICS changed = ROW_COUNT;
END
$$;
CREATE PROCEDURE app.log(what text) LANGUAGE sql BEGIN ATOMIC
  INSERT INTO app.item_log (what) VALUES (what);
END;

-- An aggregate, an operator and a cast on a user type.
CREATE FUNCTION app.concat_sfunc(acc text, x text) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN acc IS NULL THEN x ELSE acc || ',' || x END $$;
CREATE AGGREGATE app.comma_list(text) (SFUNC = app.concat_sfunc, STYPE = text);
CREATE TYPE app.celsius AS (deg numeric);
CREATE FUNCTION app.celsius_eq(a app.celsius, b app.celsius) RETURNS boolean LANGUAGE sql IMMUTABLE AS
  $$ SELECT a.deg = b.deg $$;
CREATE OPERATOR app.=~= (LEFTARG = app.celsius, RIGHTARG = app.celsius, FUNCTION = app.celsius_eq, COMMUTATOR = OPERATOR(app.=~=));
CREATE FUNCTION app.celsius_to_text(c app.celsius) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT c.deg || ' °C' $$;
CREATE CAST (app.celsius AS text) WITH FUNCTION app.celsius_to_text(app.celsius);

-- Triggers.
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := '2030-01-01 00:00+00';   -- fixed, so copies stay comparable
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$$;
CREATE TRIGGER items_touch BEFORE UPDATE ON app.items FOR EACH ROW
  WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION app.touch();

CREATE FUNCTION app.log_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO app.item_log (item_id, what) VALUES (coalesce(NEW.id, OLD.id), TG_OP);
  RETURN NULL;
END
$$;
CREATE TRIGGER items_log_row AFTER INSERT OR DELETE ON app.items FOR EACH ROW EXECUTE FUNCTION app.log_row();

CREATE FUNCTION app.log_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO app.item_log (what, n) SELECT TG_OP || ' statement', count(*) FROM new_rows;
  RETURN NULL;
END
$$;
CREATE TRIGGER items_log_statement AFTER UPDATE ON app.items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.log_statement();

CREATE FUNCTION app.check_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.stock > 1000 THEN
    RAISE EXCEPTION 'stock of % too high at commit', NEW.id;
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER items_stock_limit AFTER INSERT OR UPDATE ON app.items
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.check_stock();

CREATE FUNCTION app.never() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disabled trigger fired'; END $$;
CREATE TRIGGER items_disabled BEFORE INSERT ON app.items FOR EACH ROW EXECUTE FUNCTION app.never();
ALTER TABLE app.items DISABLE TRIGGER items_disabled;
CREATE TRIGGER items_replica_only BEFORE INSERT ON app.items FOR EACH ROW EXECUTE FUNCTION app.never();
ALTER TABLE app.items ENABLE REPLICA TRIGGER items_replica_only;

-- INSTEAD OF trigger on a view.
CREATE VIEW app.v_item_names AS SELECT id, name FROM app.items;
CREATE FUNCTION app.v_item_names_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO app.items (id, name, price) VALUES (NEW.id, NEW.name, 0);
  RETURN NEW;
END
$$;
CREATE TRIGGER v_item_names_insert INSTEAD OF INSERT ON app.v_item_names FOR EACH ROW
  EXECUTE FUNCTION app.v_item_names_insert();

-- Exercise them so the data shows they ran.
UPDATE app.items SET stock = stock + 1 WHERE id <= 10;
INSERT INTO app.v_item_names VALUES (101, 'via view');
DELETE FROM app.items WHERE id = 100;
CALL app.bump_versions();
CALL app.log('done');
SELECT app.restock(1, 5) \g /dev/null

-- Rules.
CREATE TABLE app.archive (LIKE app.items INCLUDING ALL);
CREATE RULE items_archive_on_delete AS ON DELETE TO app.items
  DO ALSO INSERT INTO app.archive SELECT OLD.*;
CREATE TABLE app.ignored (id int PRIMARY KEY, v text);
CREATE RULE ignored_no_updates AS ON UPDATE TO app.ignored DO INSTEAD NOTHING;
DELETE FROM app.items WHERE id = 99;
CREATE VIEW app.v_rule_insert AS SELECT id, v FROM app.ignored;
CREATE RULE v_rule_insert_ins AS ON INSERT TO app.v_rule_insert DO INSTEAD INSERT INTO app.ignored VALUES (NEW.id, NEW.v);
INSERT INTO app.v_rule_insert VALUES (1, 'via rule');

-- Materialized views: populated with a unique index, and one never populated.
CREATE MATERIALIZED VIEW app.mv_price_bands AS
  SELECT (price / 50)::int AS band, count(*) AS items, app.comma_list(name ORDER BY id) AS names
  FROM app.items GROUP BY 1
WITH DATA;
CREATE UNIQUE INDEX mv_price_bands_band_idx ON app.mv_price_bands (band);
CREATE MATERIALIZED VIEW app.mv_on_view AS SELECT * FROM app.v_cheap_in_stock WITH DATA;
CREATE MATERIALIZED VIEW app.mv_unpopulated AS SELECT id, name FROM app.items WITH NO DATA;
