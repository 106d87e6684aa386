import { describe, expect, it } from 'vitest';
import { ibanCheckDigits, isValidIban, luhnCheckDigit, passesLuhn } from './check-digits.js';
import { detectByContent, detectByName } from './detect-pii.js';
import { findLinks, orderByLinks } from './find-links.js';
import { preserveFormat } from './preserve-format.js';
import { shiftDate } from './shift-date.js';

describe('detectByName', () => {
  it.each([
    ['Email', 'email'],
    ['EmailAddress', 'email'],
    ['FirstName', 'first-name'],
    ['last_name', 'last-name'],
    ['full_name', 'name'],
    ['Company', 'company'],
    ['BillingAddress', 'address'],
    ['street', 'address'],
    ['BillingCity', 'city'],
    ['PostalCode', 'postal-code'],
    ['zip', 'postal-code'],
    ['Phone', 'phone'],
    ['Fax', 'phone'],
    ['iban', 'iban'],
    ['card_number', 'card'],
    ['BirthDate', 'date'],
    ['passport_no', 'id'],
    ['account_manager', 'name'],
    ['contact_email', 'email'],
  ])('%s is %s', (column, kind) => expect(detectByName(column)).toBe(kind));

  it.each(['CustomerId', 'Total', 'Country', 'InvoiceDate', 'ProductCode'])('%s is not personal', (column) =>
    expect(detectByName(column)).toBeUndefined(),
  );
});

describe('detectByContent', () => {
  it('finds emails, phones, IBANs with a valid checksum and Luhn-valid card numbers', () => {
    expect(detectByContent(['luisg@embraer.com.br', 'x@y.org', null])?.kind).toBe('email');
    expect(detectByContent(['+55 (12) 3923-5555', '+49 0711 2842222'])?.kind).toBe('phone');
    expect(detectByContent(['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432'])?.kind).toBe('iban');
    expect(detectByContent(['4111 1111 1111 1111', '5500005555555559'])?.kind).toBe('card');
  });

  it('ignores look-alikes: a broken IBAN checksum, a card number failing Luhn, plain words', () => {
    expect(detectByContent(['DE88 3704 0044 0532 0130 00'])).toBeUndefined();
    expect(detectByContent(['4111 1111 1111 1112'])?.kind).not.toBe('card');
    expect(detectByContent(['Rock', 'Jazz', 'Metal'])).toBeUndefined();
    expect(detectByContent(['a@b.com', 'no', 'no', 'no'])).toBeUndefined();
  });
});

describe('check digits', () => {
  it('computes Luhn and IBAN check digits that the checks accept', () => {
    expect(passesLuhn(`411111111111111${luhnCheckDigit('411111111111111')}`)).toBe(true);
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(ibanCheckDigits('DE00370400440532013000')).toBe('89');
    expect(isValidIban('DE89370400440532013000')).toBe(true);
  });
});

describe('preserveFormat', () => {
  it('keeps length, punctuation, letter case and a leading non-zero digit', () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256));
    const fake = preserveFormat('T6G 2C7', bytes);
    expect(fake).toMatch(/^[A-Z]\d[A-Z] \d[A-Z]\d$/);
    expect(preserveFormat('+55 (12) 3923-5555', bytes, 3)).toMatch(/^\+55 \(\d\d\) \d{4}-\d{4}$/);
    expect(preserveFormat('90210', bytes)).toMatch(/^[1-9]\d{4}$/);
  });
});

describe('shiftDate', () => {
  it('moves dates by whole days and keeps their form', () => {
    expect(shiftDate('2021-01-01 00:00:00', -2)).toBe('2020-12-30 00:00:00');
    expect(shiftDate(new Date('2021-03-01T10:00:00Z'), 1)).toEqual(new Date('2021-03-02T10:00:00Z'));
    expect(shiftDate('01/03/2021', 1)).toBeUndefined();
  });
});

describe('findLinks', () => {
  const customer = {
    name: 'crm.Customer',
    table: 'Customer',
    columns: ['CustomerId', 'Email'],
    primaryKey: ['CustomerId'],
  };
  const invoice = {
    name: 'crm.Invoice',
    table: 'Invoice',
    columns: ['InvoiceId', 'CustomerId'],
    primaryKey: ['InvoiceId'],
  };
  it('links a child column named like the parent key, and orders parents first', () => {
    const links = findLinks([invoice, customer], []);
    expect(links).toEqual([
      {
        child: 'crm.Invoice',
        column: 'CustomerId',
        parent: 'crm.Customer',
        parentColumn: 'CustomerId',
        by: 'name',
      },
    ]);
    expect(orderByLinks([invoice, customer], links).order).toEqual(['crm.Customer', 'crm.Invoice']);
  });

  it('links customer_id to customers.id, and explains a --link it cannot use', () => {
    const customers = { name: 'crm.customers', table: 'customers', columns: ['id'], primaryKey: ['id'] };
    const invoices = {
      name: 'crm.invoices',
      table: 'invoices',
      columns: ['id', 'customer_id'],
      primaryKey: ['id'],
    };
    expect(findLinks([customers, invoices], [])[0]).toMatchObject({
      child: 'crm.invoices',
      column: 'customer_id',
    });
    expect(() => findLinks([customers, invoices], ['invoices.client=customers.id'])).toThrow(
      /invoices has no column "client"/,
    );
    expect(() => findLinks([customers, invoices], ['invoices.customer_id'])).toThrow(
      /CHILD.COLUMN=PARENT.COLUMN/,
    );
  });
});
