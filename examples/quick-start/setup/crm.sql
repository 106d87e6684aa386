-- The "CRM": customers and invoices as a sales CRM keeps them, built from Chinook.
-- Names in one field, signup dates as the CRM shows them (MM/dd/yyyy), country names in full.
CREATE TABLE customers (
  id          INTEGER PRIMARY KEY,
  customer_no TEXT,
  full_name   TEXT NOT NULL,
  company     TEXT,
  street      TEXT,
  city        TEXT,
  postal_code TEXT,
  country     TEXT,
  phone       TEXT,
  email       TEXT,
  signup_date TEXT,
  updated_at  TEXT NOT NULL
);

INSERT INTO customers
SELECT c.CustomerId,
       printf('C-%05d', c.CustomerId),
       c.FirstName || ' ' || c.LastName,
       c.Company, c.Address, c.City, c.PostalCode, c.Country, c.Phone, c.Email,
       (SELECT strftime('%m/%d/%Y', MIN(i.InvoiceDate)) FROM chinook.Invoice i WHERE i.CustomerId = c.CustomerId),
       strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-05 08:00:00', '+' || c.CustomerId || ' minutes')
FROM chinook.Customer c;

-- Formats a real CRM is never consistent about: the mapping normalises these.
UPDATE customers SET email = '  LuisG@Embraer.com.br ' WHERE id = 1;
UPDATE customers SET email = upper(email) WHERE id = 20;

-- Deliberate mistakes: these three end as dead letters with their reasons.
UPDATE customers SET email = 'bjorn.hansen(at)yahoo.no' WHERE id = 4;  -- not an email address
UPDATE customers SET email = '   ' WHERE id = 17;                      -- email missing
UPDATE customers SET customer_no = NULL WHERE id = 33;                 -- no account number: the ERP key

CREATE TABLE invoices (
  id              INTEGER PRIMARY KEY,
  customer_id     INTEGER NOT NULL,
  invoice_date    TEXT NOT NULL,
  billing_city    TEXT,
  billing_country TEXT,
  total           NUMERIC(10,2) NOT NULL
);

INSERT INTO invoices
SELECT InvoiceId, CustomerId, InvoiceDate, BillingCity, BillingCountry, Total FROM chinook.Invoice;
