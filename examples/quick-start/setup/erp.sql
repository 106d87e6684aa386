-- The "ERP": an empty client table with its own naming and rules.
CREATE TABLE clients (
  client_no       TEXT PRIMARY KEY,
  crm_id          INTEGER NOT NULL,
  first_name      TEXT NOT NULL,
  last_name       TEXT NOT NULL,
  company         TEXT,
  billing_address TEXT,
  country_code    TEXT NOT NULL CHECK (length(country_code) = 2),
  email           TEXT NOT NULL,
  phone           TEXT,
  customer_since  TEXT
);
