-- pgimport sample database: "shop", a small online shop (about 100 MB on disk once loaded).
--
-- Load it into an empty database (takes well under a minute):
--   createdb shop && psql -v ON_ERROR_STOP=1 -d shop -f samples/shop.sql
--
-- Everything is deterministic: the same rows, ids, timestamps and bytes on every load and on
-- every PostgreSQL version from 14 on. No extensions are needed.
--
-- Three queries to try once it is loaded (or once pgimport has copied it):
--
--   -- 1. Best-selling products of 2024, with their average review rating
--   SELECT p.name, sum(oi.quantity) AS units, round(avg(r.rating), 2) AS rating
--     FROM sales.order_items oi
--     JOIN sales.orders o USING (order_id)
--     JOIN public.products p USING (product_id)
--     LEFT JOIN public.product_ratings r USING (product_id)
--    WHERE o.placed_at >= '2024-01-01' AND o.placed_at < '2025-01-01'
--    GROUP BY p.name ORDER BY units DESC LIMIT 10;
--
--   -- 2. Monthly revenue (a materialized view; REFRESH MATERIALIZED VIEW CONCURRENTLY works)
--   SELECT month, orders, revenue FROM sales.monthly_sales ORDER BY month;
--
--   -- 3. One customer's orders, their totals, and the customer's lifetime value
--   SELECT o.order_id, o.placed_at, o.status, t.total, sales.customer_lifetime_value(42)
--     FROM sales.orders o JOIN sales.order_totals t USING (order_id)
--    WHERE o.customer_id = 42 ORDER BY o.placed_at;
--
-- What it contains, for people testing a copy: schemas public and sales; an enum, domains, a
-- composite type used in columns, arrays, jsonb, numeric amounts, timestamptz, uuid, bytea
-- thumbnails, a stored generated column, identity columns, a sequence with a custom START and
-- INCREMENT, a table partitioned by month with a default partition, views, a materialized view,
-- SQL and PL/pgSQL functions, triggers, a row-level-security policy, comments, secondary, partial
-- and GIN indexes, unique, check and foreign-key constraints (one deferrable), two large objects
-- with fixed OIDs, and an unlogged table.

SET client_min_messages = warning;
SET client_encoding = 'UTF8';
SET TimeZone = 'UTC';

CREATE SCHEMA IF NOT EXISTS sales;
COMMENT ON SCHEMA sales IS 'Orders, order lines, payments and sales reporting';

-------------------------------------------------------------------------------------------------
-- Types
-------------------------------------------------------------------------------------------------

CREATE TYPE sales.order_status AS ENUM
  ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded');
COMMENT ON TYPE sales.order_status IS 'Life cycle of an order';

CREATE TYPE sales.payment_method AS ENUM ('card', 'paypal', 'bank_transfer', 'gift_card');

CREATE DOMAIN public.email AS text
  CONSTRAINT email_format CHECK (VALUE ~ '^[^@[:space:]]+@[^@[:space:]]+\.[a-z]{2,}$');
COMMENT ON DOMAIN public.email IS 'An e-mail address (checked loosely)';

CREATE DOMAIN public.money_amount AS numeric(12, 2)
  CONSTRAINT money_amount_not_negative CHECK (VALUE >= 0);

CREATE TYPE public.address AS (
  street      text,
  city        text,
  postal_code text,
  country     char(2)
);
COMMENT ON TYPE public.address IS 'A postal address';

-------------------------------------------------------------------------------------------------
-- Sequences
-------------------------------------------------------------------------------------------------

CREATE SEQUENCE sales.invoice_number_seq AS bigint START WITH 100000 INCREMENT BY 7;
COMMENT ON SEQUENCE sales.invoice_number_seq IS 'Invoice numbers: start at 100000, step 7';

-------------------------------------------------------------------------------------------------
-- Tables
-------------------------------------------------------------------------------------------------

CREATE TABLE public.categories (
  category_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent_id   integer REFERENCES public.categories (category_id),
  name        text NOT NULL,
  slug        text NOT NULL UNIQUE
);
COMMENT ON TABLE public.categories IS 'Product categories, as a tree (parent_id)';

CREATE TABLE public.customers (
  customer_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id        uuid NOT NULL,
  email            public.email NOT NULL,
  full_name        text NOT NULL,
  billing_address  public.address NOT NULL,
  shipping_address public.address,
  marketing_opt_in boolean NOT NULL DEFAULT false,
  preferences      jsonb NOT NULL DEFAULT '{}',
  tags             text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT customers_email_key UNIQUE (email),
  CONSTRAINT customers_public_id_key UNIQUE (public_id)
);
COMMENT ON TABLE public.customers IS 'People who have an account in the shop';
COMMENT ON COLUMN public.customers.public_id IS 'Identifier shown to the customer (never the serial id)';
COMMENT ON COLUMN public.customers.shipping_address IS 'NULL means: ship to the billing address';

CREATE TABLE public.products (
  product_id  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku         text NOT NULL,
  name        text NOT NULL,
  category_id integer NOT NULL,
  price       public.money_amount NOT NULL,
  weight_kg   real,
  attributes  jsonb NOT NULL DEFAULT '{}',
  tags        text[] NOT NULL DEFAULT '{}',
  thumbnail   bytea,
  manual      oid,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT products_sku_key UNIQUE (sku),
  CONSTRAINT products_sku_format CHECK (sku ~ '^[A-Z]{3}-[0-9]{5}$'),
  CONSTRAINT products_weight_positive CHECK (weight_kg IS NULL OR weight_kg > 0)
);
COMMENT ON TABLE public.products IS 'The catalogue';
COMMENT ON COLUMN public.products.thumbnail IS 'A small preview image (bytes)';
COMMENT ON COLUMN public.products.manual IS 'OID of a large object holding the user manual, if any';

CREATE TABLE public.warehouses (
  warehouse_id smallint PRIMARY KEY,
  code         char(3) NOT NULL UNIQUE,
  name         text NOT NULL,
  location     public.address NOT NULL
);

CREATE TABLE public.inventory (
  warehouse_id smallint NOT NULL,
  product_id   integer NOT NULL,
  on_hand      integer NOT NULL,
  reserved     integer NOT NULL DEFAULT 0,
  last_counted date,
  PRIMARY KEY (warehouse_id, product_id),
  CONSTRAINT inventory_counts_valid CHECK (on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand)
);
COMMENT ON TABLE public.inventory IS 'Stock per product and warehouse';

CREATE TABLE public.reviews (
  review_id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  product_id  integer NOT NULL,
  customer_id bigint NOT NULL,
  rating      smallint NOT NULL CONSTRAINT reviews_rating_range CHECK (rating BETWEEN 1 AND 5),
  title       text,
  body        text,
  created_at  timestamptz NOT NULL,
  CONSTRAINT reviews_one_per_customer_and_product UNIQUE (product_id, customer_id)
);

CREATE TABLE sales.orders (
  order_id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id      bigint NOT NULL,
  status           sales.order_status NOT NULL DEFAULT 'pending',
  placed_at        timestamptz NOT NULL,
  shipping_address public.address,
  notes            text,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE sales.orders IS 'One row per checkout';
COMMENT ON COLUMN sales.orders.shipping_address IS 'Copied from the customer when the order is placed';

CREATE TABLE sales.order_items (
  order_id   bigint NOT NULL,
  line_no    smallint NOT NULL,
  product_id integer NOT NULL,
  quantity   integer NOT NULL CONSTRAINT order_items_quantity_positive CHECK (quantity > 0),
  unit_price numeric(12, 2) NOT NULL CONSTRAINT order_items_unit_price_not_negative CHECK (unit_price >= 0),
  discount   numeric(12, 2) NOT NULL DEFAULT 0,
  line_total numeric(12, 2) GENERATED ALWAYS AS (quantity * unit_price - discount) STORED,
  PRIMARY KEY (order_id, line_no),
  CONSTRAINT order_items_discount_valid CHECK (discount >= 0 AND discount <= quantity * unit_price)
);
COMMENT ON COLUMN sales.order_items.line_total IS 'Generated: quantity * unit_price - discount';

CREATE TABLE sales.payments (
  payment_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id   bigint NOT NULL,
  invoice_no text NOT NULL DEFAULT 'INV-' || nextval('sales.invoice_number_seq'),
  method     sales.payment_method NOT NULL,
  amount     public.money_amount NOT NULL,
  paid_at    timestamptz NOT NULL,
  reference  uuid,
  CONSTRAINT payments_invoice_no_key UNIQUE (invoice_no)
);
COMMENT ON TABLE sales.payments IS 'Money received; the order must exist by the end of the transaction';

-- Partitioned by month, with a default partition for anything outside the known months.
CREATE TABLE public.audit_log (
  log_id     bigint GENERATED ALWAYS AS IDENTITY,
  logged_at  timestamptz NOT NULL,
  actor      text NOT NULL,
  action     text NOT NULL CONSTRAINT audit_log_action_known CHECK (action IN ('insert', 'update', 'delete', 'login', 'export')),
  table_name text,
  row_key    text,
  details    jsonb,
  PRIMARY KEY (log_id, logged_at)
) PARTITION BY RANGE (logged_at);
COMMENT ON TABLE public.audit_log IS 'Who did what and when; one partition per month';

DO $$
DECLARE
  month date;
BEGIN
  FOR month IN SELECT generate_series(date '2023-01-01', date '2024-12-01', interval '1 month')::date LOOP
    EXECUTE format(
      'CREATE TABLE public.%I PARTITION OF public.audit_log FOR VALUES FROM (%L) TO (%L)',
      'audit_log_' || to_char(month, 'YYYY_MM'),
      month::text || ' 00:00:00+00', (month + interval '1 month')::date::text || ' 00:00:00+00');
  END LOOP;
END
$$;
CREATE TABLE public.audit_log_default PARTITION OF public.audit_log DEFAULT;

-- Web sessions are disposable: unlogged (not WAL-logged, emptied after a crash).
CREATE UNLOGGED TABLE public.sessions (
  session_id  uuid PRIMARY KEY,
  customer_id bigint,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT sessions_expire_after_creation CHECK (expires_at > created_at)
);
COMMENT ON TABLE public.sessions IS 'Web sessions (unlogged: lost after a crash, by design)';

-------------------------------------------------------------------------------------------------
-- Data (deterministic formulas only)
-------------------------------------------------------------------------------------------------

-- A repeatable "random" number in [0, 1) for a seed: integer hashing, no random(). It lives in
-- pg_temp, so it disappears with this session and is not part of the database.
CREATE FUNCTION pg_temp.unit(seed bigint) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
  SELECT ((((((seed % 4294967296) * 1597334677) % 4294967296)
            # ((((seed % 4294967296) * 1597334677) % 4294967296) >> 15)) * 747796405) % 4294967296)
         / 4294967296.0
$$;

INSERT INTO public.categories (parent_id, name, slug) VALUES
  (NULL, 'Home & Kitchen', 'home-kitchen'),
  (NULL, 'Outdoors', 'outdoors'),
  (NULL, 'Electronics', 'electronics'),
  (NULL, 'Books', 'books'),
  (1, 'Cookware', 'cookware'),
  (1, 'Tableware', 'tableware'),
  (1, 'Textiles', 'textiles'),
  (2, 'Camping', 'camping'),
  (2, 'Garden', 'garden'),
  (2, 'Cycling', 'cycling'),
  (3, 'Audio', 'audio'),
  (3, 'Cables & Chargers', 'cables-chargers'),
  (3, 'Lighting', 'lighting'),
  (4, 'Fiction', 'fiction'),
  (4, 'Cooking', 'cooking-books'),
  (4, 'Travel', 'travel-books');

INSERT INTO public.warehouses VALUES
  (1, 'AMS', 'Amsterdam hub',  ROW('Havenweg 12', 'Amsterdam', '1042 AB', 'NL')),
  (2, 'LYS', 'Lyon south',     ROW('12 rue des Docks', 'Lyon', '69007', 'FR')),
  (3, 'LEJ', 'Leipzig east',   ROW('Am Güterbahnhof 3', 'Leipzig', '04129', 'DE')),
  (4, 'BCN', 'Barcelona port', ROW('Carrer del Moll 7', 'Barcelona', '08039', 'ES'));

-- 30,000 customers.
INSERT INTO public.customers
  (public_id, email, full_name, billing_address, shipping_address, marketing_opt_in,
   preferences, tags, created_at, updated_at)
SELECT
  md5('customer-' || i)::uuid,
  lower(f.first || '.' || f.last) || i || '@' || (ARRAY['example.com', 'example.org', 'mail.example.net'])[1 + i % 3],
  f.first || ' ' || f.last,
  ROW((1 + i % 180) || ' ' || f.street, f.city, lpad(((i * 7919) % 99999)::text, 5, '0'), f.country)::public.address,
  CASE WHEN i % 4 = 0 THEN ROW((1 + i % 90) || ' Market Street', 'Rotterdam', '3011', 'NL')::public.address END,
  i % 3 = 0,
  jsonb_build_object(
    'language', (ARRAY['en', 'fr', 'de', 'es', 'nl'])[1 + i % 5],
    'newsletter', i % 3 = 0,
    'currency', 'EUR',
    'theme', CASE WHEN i % 7 = 0 THEN 'dark' ELSE 'light' END),
  CASE WHEN i % 10 = 0 THEN ARRAY['vip'] WHEN i % 10 = 1 THEN ARRAY['wholesale', 'net30'] ELSE '{}' END,
  timestamptz '2021-01-01 00:00:00+00' + (i * interval '29 minutes 13 seconds'),
  timestamptz '2021-01-01 00:00:00+00' + (i * interval '29 minutes 13 seconds') + ((i % 400) * interval '1 day')
FROM generate_series(1, 30000) AS i
CROSS JOIN LATERAL (
  SELECT
    (ARRAY['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger',
           'Radia', 'Niklaus', 'Sophie', 'Tim', 'Hedy', 'Donald', 'Katherine', 'John', 'Joan', 'Bjarne',
           'Élodie', 'Jürgen', 'Søren', 'Zoë', 'Łukasz', 'Núria', 'Håkon'])[1 + i % 27] AS first,
    (ARRAY['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie',
           'Allen', 'Dijkstra', 'Perlman', 'Wirth', 'Wilson', 'Berners-Lee', 'Lamarr', 'Knuth', 'Johnson',
           'McCarthy', 'Clarke', 'Stroustrup', 'Martin', 'Dubois', 'Müller', 'García', 'Nowak'])[1 + (i / 27) % 25] AS last,
    (ARRAY['Main Street', 'Station Road', 'Church Lane', 'Rue de la Paix', 'Hauptstraße', 'Calle Mayor',
           'Kerkstraat', 'Via Roma'])[1 + i % 8] AS street,
    (ARRAY['London', 'Paris', 'Berlin', 'Madrid', 'Amsterdam', 'Rome', 'Vienna', 'Lisbon', 'Dublin',
           'Brussels', 'Copenhagen', 'Kraków'])[1 + i % 12] AS city,
    (ARRAY['GB', 'FR', 'DE', 'ES', 'NL', 'IT', 'AT', 'PT', 'IE', 'BE', 'DK', 'PL'])[1 + i % 12] AS country
) AS f;

-- 5,000 products.
INSERT INTO public.products
  (sku, name, category_id, price, weight_kg, attributes, tags, thumbnail, active, created_at, updated_at)
SELECT
  (ARRAY['KIT', 'OUT', 'ELE', 'BOO'])[1 + c.top] || '-' || lpad(i::text, 5, '0'),
  (ARRAY['Classic', 'Compact', 'Deluxe', 'Eco', 'Foldable', 'Heavy-duty', 'Mini', 'Pro', 'Smart', 'Vintage'])[1 + i % 10]
    || ' ' || c.noun || ' ' || (ARRAY['S', 'M', 'L', 'XL', 'Mk II', '2024', 'Plus'])[1 + (i / 10) % 7],
  c.category_id,
  round((2.99 + 300 * pg_temp.unit(i * 8 + 1) ^ 2)::numeric, 2),
  CASE WHEN c.top = 3 THEN NULL ELSE round((0.05 + ((i * 13) % 400) / 40.0)::numeric, 2)::real END,
  jsonb_build_object(
    'color', (ARRAY['black', 'white', 'red', 'green', 'blue', 'oak', 'steel'])[1 + i % 7],
    'dimensions_cm', jsonb_build_array(10 + i % 50, 5 + i % 30, 1 + i % 20),
    'warranty_years', 1 + i % 3,
    'origin', (ARRAY['NL', 'DE', 'CN', 'PT', 'US', 'JP'])[1 + i % 6])
    || CASE WHEN i % 5 = 0 THEN '{"eco_label": true}'::jsonb ELSE '{}'::jsonb END,
  ARRAY[(ARRAY['new', 'bestseller', 'sale', 'gift', 'limited', 'bundle'])[1 + i % 6]]
    || CASE WHEN i % 4 = 0 THEN ARRAY['free-shipping'] ELSE '{}'::text[] END,
  -- A fake PNG: the 8-byte signature followed by 256 bytes derived from the SKU.
  '\x89504e470d0a1a0a'::bytea || decode(repeat(md5('thumb' || i), 8), 'hex'),
  i % 50 <> 0,
  timestamptz '2022-06-01 00:00:00+00' + (i * interval '2 hours'),
  timestamptz '2022-06-01 00:00:00+00' + (i * interval '2 hours') + ((i % 90) * interval '1 day')
FROM generate_series(1, 5000) AS i
CROSS JOIN LATERAL (
  SELECT
    5 + i % 12 AS category_id,
    (ARRAY[0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])[1 + i % 12] AS top,
    (ARRAY['Frying Pan', 'Plate Set', 'Tea Towel', 'Tent', 'Watering Can', 'Bike Light', 'Headphones',
           'USB-C Cable', 'Desk Lamp', 'Novel', 'Cookbook', 'City Guide'])[1 + i % 12] AS noun
) AS c;

-- Two product manuals as large objects with fixed OIDs (restore them with their OIDs).
DO $$
BEGIN
  PERFORM lo_from_bytea(424201, convert_to(repeat('Tent assembly: insert pole A into sleeve B. ', 2000), 'UTF8'));
  PERFORM lo_from_bytea(424202, '\x255044462d312e340a'::bytea || decode(repeat(md5('lamp manual'), 4096), 'hex'));
END
$$;
COMMENT ON LARGE OBJECT 424201 IS 'Tent user manual (plain text)';
COMMENT ON LARGE OBJECT 424202 IS 'Desk lamp user manual (fake PDF)';
UPDATE public.products SET manual = 424201 WHERE product_id IN (4, 16, 28);
UPDATE public.products SET manual = 424202 WHERE product_id IN (9, 21);

INSERT INTO public.inventory (warehouse_id, product_id, on_hand, reserved, last_counted)
SELECT w, p, (p * 7 + w * 13) % 250, ((p * 7 + w * 13) % 250) / 10,
       date '2024-12-01' - ((p + w) % 60)
FROM generate_series(1, 4) AS w, generate_series(1, 5000) AS p
WHERE (p + w) % 5 <> 0;

-- 100,000 orders over 2023 and 2024.
INSERT INTO sales.orders (customer_id, status, placed_at, shipping_address, notes, updated_at)
SELECT
  c,
  CASE
    WHEN o > 99400 THEN 'pending'
    WHEN o > 99000 THEN 'paid'
    WHEN o > 98500 THEN 'shipped'
    WHEN u < 0.01 THEN 'cancelled'
    WHEN u < 0.025 THEN 'refunded'
    ELSE 'delivered'
  END::sales.order_status,
  placed,
  CASE WHEN o % 6 = 0 THEN ROW((1 + o % 70) || ' Harbour Road', 'Antwerp', '2000', 'BE')::public.address END,
  CASE WHEN o % 50 = 0 THEN 'Please leave at the door' WHEN o % 77 = 0 THEN 'Gift wrap, no invoice in the box 🎁' END,
  placed + ((o % 9) * interval '1 day')
FROM generate_series(1, 100000) AS o
CROSS JOIN LATERAL (
  -- Some customers order far more often than others.
  SELECT 1 + floor(30000 * pg_temp.unit(o * 8 + 2) ^ 1.3)::integer AS c,
         pg_temp.unit(o * 8 + 3) AS u,
         timestamptz '2023-01-01 00:00:00+00' + (o * interval '10 minutes 30 seconds')
           + (pg_temp.unit(o * 8 + 4) * interval '10 minutes') AS placed
) AS x;

-- About 200,000 order lines: 1 to 4 per order, mostly of the popular (low-numbered) products.
INSERT INTO sales.order_items (order_id, line_no, product_id, quantity, unit_price, discount)
SELECT o, line, p.product_id, x.q, p.price,
       CASE WHEN x.d < 0.1 THEN round(x.q * p.price * 0.10, 2) ELSE 0 END
FROM generate_series(1, 100000) AS o
CROSS JOIN LATERAL generate_series(1, 1 + floor(4 * pg_temp.unit(o * 8 + 5) ^ 2)::integer) AS line
CROSS JOIN LATERAL (
  SELECT 1 + floor(5000 * pg_temp.unit(o * 64 + line * 8 + 6) ^ 2)::integer AS pid,
         CASE WHEN pg_temp.unit(o * 64 + line * 8 + 7) < 0.7 THEN 1
              WHEN pg_temp.unit(o * 64 + line * 8 + 7) < 0.9 THEN 2
              ELSE 3 + (o + line) % 3 END AS q,
         pg_temp.unit(o * 64 + line * 8 + 1) AS d
) AS x
JOIN public.products AS p ON p.product_id = x.pid
-- The same product twice in one order is allowed (like two separate lines in a cart).
ORDER BY o, line;

-- One payment per order that was paid (refunded orders were paid too).
INSERT INTO sales.payments (order_id, method, amount, paid_at, reference)
SELECT o.order_id,
       (ARRAY['card', 'card', 'paypal', 'bank_transfer', 'gift_card'])[1 + o.order_id % 5]::sales.payment_method,
       t.total,
       o.placed_at + interval '3 minutes',
       md5('payment-' || o.order_id)::uuid
FROM sales.orders AS o
JOIN (SELECT order_id, sum(line_total) AS total FROM sales.order_items GROUP BY order_id) AS t USING (order_id)
WHERE o.status NOT IN ('pending', 'cancelled')
ORDER BY o.order_id;

-- 25,000 reviews (at most one per customer and product).
INSERT INTO public.reviews (product_id, customer_id, rating, title, body, created_at)
SELECT
  x.pid,
  1 + i % 30000,
  -- Each product has a "quality" that its ratings scatter around.
  least(5, greatest(1, round(1.5 + 3.5 * pg_temp.unit(x.pid * 8 + 3) + 1.6 * (pg_temp.unit(i * 8 + 4) - 0.5)))),
  (ARRAY['Great value', 'Does the job', 'Not what I expected', 'Love it!', 'Très bien', 'Solide Qualität',
         'Would buy again', 'Meh'])[1 + i % 8],
  CASE WHEN i % 5 <> 0 THEN
    'Review #' || i || ': ' || repeat('Arrived quickly and works as described. ', 1 + i % 4)
  END,
  timestamptz '2023-02-01 00:00:00+00' + (i * interval '40 minutes')
FROM generate_series(1, 25000) AS i
CROSS JOIN LATERAL (SELECT 1 + floor(5000 * pg_temp.unit(i * 8 + 2) ^ 2)::integer AS pid) AS x;

-- 81,000 audit entries spread over 2023-2024, plus a few in 2025 (the default partition).
INSERT INTO public.audit_log (logged_at, actor, action, table_name, row_key, details)
SELECT
  timestamptz '2023-01-01 00:00:00+00' + (i * interval '13 minutes'),
  (ARRAY['system', 'web', 'admin:alice', 'admin:bob', 'batch:nightly'])[1 + i % 5],
  (ARRAY['insert', 'update', 'update', 'delete', 'login', 'export'])[1 + i % 6],
  CASE WHEN i % 6 < 4 THEN (ARRAY['customers', 'products', 'orders', 'payments'])[1 + i % 4] END,
  CASE WHEN i % 6 < 4 THEN (1 + (i * 13) % 30000)::text END,
  CASE WHEN i % 6 = 1 THEN jsonb_build_object('changed', jsonb_build_array('status', 'updated_at'), 'by', 'web')
       WHEN i % 6 = 4 THEN jsonb_build_object('ip', '192.0.2.' || (i % 250), 'ok', i % 17 <> 0) END
FROM generate_series(1, 81000) AS i;

INSERT INTO public.sessions (session_id, customer_id, created_at, expires_at, data)
SELECT md5('session-' || i)::uuid,
       CASE WHEN i % 3 <> 0 THEN 1 + (i * 101) % 30000 END,
       timestamptz '2024-12-31 00:00:00+00' + (i * interval '17 seconds'),
       timestamptz '2024-12-31 00:00:00+00' + (i * interval '17 seconds') + interval '2 hours',
       jsonb_build_object('cart', jsonb_build_array(1 + i % 5000), 'ua', 'Mozilla/5.0')
FROM generate_series(1, 3000) AS i;

-------------------------------------------------------------------------------------------------
-- Foreign keys and secondary indexes (added after the data: faster than checking row by row)
-------------------------------------------------------------------------------------------------

ALTER TABLE public.products
  ADD CONSTRAINT products_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.categories (category_id);
ALTER TABLE public.inventory
  ADD CONSTRAINT inventory_warehouse_id_fkey FOREIGN KEY (warehouse_id) REFERENCES public.warehouses (warehouse_id),
  ADD CONSTRAINT inventory_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products (product_id) ON DELETE CASCADE;
ALTER TABLE public.reviews
  ADD CONSTRAINT reviews_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products (product_id) ON DELETE CASCADE,
  ADD CONSTRAINT reviews_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers (customer_id) ON DELETE CASCADE;
ALTER TABLE sales.orders
  ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers (customer_id);
ALTER TABLE sales.order_items
  ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES sales.orders (order_id) ON DELETE CASCADE,
  ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products (product_id);
-- Deferrable: a payment may be recorded before its order row within one transaction.
ALTER TABLE sales.payments
  ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES sales.orders (order_id)
  DEFERRABLE INITIALLY DEFERRED;

CREATE INDEX customers_full_name_idx ON public.customers (full_name);
CREATE INDEX customers_tags_idx ON public.customers USING gin (tags);
CREATE INDEX products_category_id_idx ON public.products (category_id);
CREATE INDEX products_tags_idx ON public.products USING gin (tags);
CREATE INDEX products_attributes_idx ON public.products USING gin (attributes jsonb_path_ops);
CREATE INDEX products_lower_name_idx ON public.products (lower(name));
CREATE INDEX inventory_product_id_idx ON public.inventory (product_id);
CREATE INDEX reviews_customer_id_idx ON public.reviews (customer_id);
CREATE INDEX orders_customer_id_placed_at_idx ON sales.orders (customer_id, placed_at DESC);
CREATE INDEX orders_placed_at_idx ON sales.orders USING brin (placed_at);
CREATE INDEX orders_open_idx ON sales.orders (placed_at) WHERE status IN ('pending', 'paid', 'shipped');
CREATE INDEX order_items_product_id_idx ON sales.order_items (product_id) INCLUDE (quantity);
CREATE INDEX payments_order_id_idx ON sales.payments (order_id);
CREATE INDEX audit_log_table_row_idx ON public.audit_log (table_name, row_key);
CREATE INDEX sessions_expires_at_idx ON public.sessions (expires_at);

-------------------------------------------------------------------------------------------------
-- Functions, triggers, views
-------------------------------------------------------------------------------------------------

CREATE FUNCTION public.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.touch_updated_at() IS 'Trigger: sets updated_at on every update';

CREATE TRIGGER customers_touch_updated_at BEFORE UPDATE ON public.customers
  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER products_touch_updated_at BEFORE UPDATE ON public.products
  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER orders_touch_updated_at BEFORE UPDATE ON sales.orders
  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

CREATE FUNCTION sales.log_status_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.audit_log (logged_at, actor, action, table_name, row_key, details)
  VALUES (now(), current_user, 'update', 'orders', NEW.order_id::text,
          jsonb_build_object('status', jsonb_build_array(OLD.status, NEW.status)));
  RETURN NULL;
END
$$;

CREATE TRIGGER orders_log_status_change AFTER UPDATE OF status ON sales.orders
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION sales.log_status_change();

CREATE FUNCTION sales.customer_lifetime_value(p_customer_id bigint) RETURNS numeric
LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(p.amount), 0)
  FROM sales.payments AS p
  JOIN sales.orders AS o USING (order_id)
  WHERE o.customer_id = p_customer_id AND o.status <> 'refunded'
$$;
COMMENT ON FUNCTION sales.customer_lifetime_value(bigint) IS 'Sum of payments of a customer, refunds excluded';

-- Places an order for one customer from parallel arrays of products and quantities.
CREATE FUNCTION sales.place_order(p_customer_id bigint, p_product_ids integer[], p_quantities integer[])
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_order_id bigint;
BEGIN
  IF cardinality(p_product_ids) IS DISTINCT FROM cardinality(p_quantities) OR cardinality(p_product_ids) = 0 THEN
    RAISE EXCEPTION 'need as many quantities as products (and at least one product)';
  END IF;
  INSERT INTO sales.orders (customer_id, placed_at, shipping_address)
  SELECT customer_id, now(), coalesce(shipping_address, billing_address)
  FROM public.customers WHERE customer_id = p_customer_id
  RETURNING order_id INTO v_order_id;
  IF v_order_id IS NULL THEN
    RAISE EXCEPTION 'no customer %', p_customer_id;
  END IF;
  INSERT INTO sales.order_items (order_id, line_no, product_id, quantity, unit_price)
  SELECT v_order_id, l.n, p.product_id, l.q, p.price
  FROM unnest(p_product_ids, p_quantities) WITH ORDINALITY AS l(pid, q, n)
  JOIN public.products AS p ON p.product_id = l.pid;
  RETURN v_order_id;
END
$$;

CREATE VIEW sales.order_totals AS
  SELECT o.order_id, o.customer_id, o.status, o.placed_at,
         count(*) AS lines, sum(i.quantity) AS units, sum(i.line_total) AS total
  FROM sales.orders AS o
  JOIN sales.order_items AS i USING (order_id)
  GROUP BY o.order_id;
COMMENT ON VIEW sales.order_totals IS 'Per-order line count, units and total';

CREATE VIEW public.product_ratings AS
  SELECT product_id, count(*) AS reviews, avg(rating)::numeric(3, 2) AS rating
  FROM public.reviews
  GROUP BY product_id;

CREATE VIEW public.low_stock WITH (security_barrier) AS
  SELECT p.sku, p.name, w.code AS warehouse, i.on_hand - i.reserved AS available
  FROM public.inventory AS i
  JOIN public.products AS p USING (product_id)
  JOIN public.warehouses AS w USING (warehouse_id)
  WHERE i.on_hand - i.reserved < 5 AND p.active;

CREATE MATERIALIZED VIEW sales.monthly_sales AS
  SELECT date_trunc('month', o.placed_at AT TIME ZONE 'UTC')::date AS month,
         count(DISTINCT o.order_id) AS orders,
         sum(i.quantity) AS units,
         sum(i.line_total) AS revenue
  FROM sales.orders AS o
  JOIN sales.order_items AS i USING (order_id)
  WHERE o.status NOT IN ('cancelled', 'refunded')
  GROUP BY 1
WITH DATA;
CREATE UNIQUE INDEX monthly_sales_month_idx ON sales.monthly_sales (month);
COMMENT ON MATERIALIZED VIEW sales.monthly_sales IS 'Revenue per calendar month (UTC); refresh after loading orders';

-------------------------------------------------------------------------------------------------
-- Row-level security: a session that sets shop.customer_id sees only that customer's orders.
-- The table owner (and superusers) are not affected, so the sample stays easy to query.
-------------------------------------------------------------------------------------------------

ALTER TABLE sales.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_own_rows ON sales.orders FOR SELECT TO PUBLIC
  USING (customer_id = nullif(current_setting('shop.customer_id', true), '')::bigint);
COMMENT ON POLICY orders_own_rows ON sales.orders IS 'Customers see their own orders only';

ANALYZE;
