-- The "ERP": an empty client table with its own naming and rules. Its desktop client was
-- written for these lengths and shows Windows-1252 only (see charset: in syncline.yaml).
CREATE TABLE clients (
  client_no       VARCHAR(12) PRIMARY KEY,
  crm_id          INTEGER NOT NULL,
  first_name      VARCHAR(40) NOT NULL,
  last_name       VARCHAR(40) NOT NULL,
  company         VARCHAR(60),
  billing_address VARCHAR(100),
  country_code    CHAR(2) NOT NULL CHECK (length(country_code) = 2),
  email           VARCHAR(80) NOT NULL,
  phone           VARCHAR(24),
  customer_since  CHAR(10)
);
