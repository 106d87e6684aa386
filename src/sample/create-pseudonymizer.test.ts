import { describe, expect, it } from 'vitest';
import { createPseudonymizer, looseText } from './create-pseudonymizer.js';
import { loadFakeSource } from './fake-value.js';

const seed = 'a-test-seed-of-some-length';

describe('createPseudonymizer', async () => {
  const fakes = await loadFakeSource();
  const make = (originals: string[] = [], withSeed = seed) =>
    createPseudonymizer({ seed: withSeed, fakes, originals: new Set(originals.map(looseText)) });

  it('gives the same input the same fake, whatever its case, spacing or punctuation', () => {
    const one = make();
    const two = make();
    expect(String(one.replace('email', ' LuisG@Embraer.com.br', '1')).trim()).toBe(
      two.replace('email', 'luisg@embraer.com.br', '9'),
    );
    const phone = one.replace('phone', '+55 (12) 3923-5555', '1') as string;
    expect(phone).toMatch(/^\+55 \(\d\d\) \d{4}-\d{4}$/);
    expect((one.replace('phone', '+55 12 3923 5555', '1') as string).replace(/\D/g, '')).toBe(
      phone.replace(/\D/g, ''),
    );
    expect(one.replace('first-name', 'Luís', '1')).not.toBe(
      make([], 'another-seed-of-length').replace('first-name', 'Luís', '1'),
    );
  });

  it('never hands out a real value of the sample, and keeps key-like fakes apart', () => {
    const first = make().replace('first-name', 'Luís', '1') as string;
    // Make the first draw a "real" name: the pseudonymizer must draw again.
    const redrawn = make([first]).replace('first-name', 'Luís', '1');
    expect(redrawn).not.toBe(first);
    const ids = make();
    const fakes = new Set([...Array(9).keys()].map((i) => ids.replace('id', i + 1, 'k')));
    expect(fakes.size).toBe(9);
    expect([...fakes].every((v) => typeof v === 'number' && v >= 1 && v <= 9)).toBe(true);
  });

  it('shifts every date of a record by the same days, and keeps nulls', () => {
    const p = make();
    const a = p.replace('date', '2021-01-01', 'record-1') as string;
    const b = p.replace('date', '2021-01-11', 'record-1') as string;
    expect((Date.parse(b) - Date.parse(a)) / 86_400_000).toBe(10);
    expect(a).not.toBe('2021-01-01');
    expect(p.replace('email', null, 'x')).toBeNull();
  });

  it('recomputes check digits of IBANs and card numbers', async () => {
    const { isValidIban, passesLuhn } = await import('./check-digits.js');
    const p = make();
    const iban = p.replace('iban', 'DE89 3704 0044 0532 0130 00', 'x') as string;
    expect(iban).toMatch(/^DE\d\d \d{4} \d{4} \d{4} \d{4} \d\d$/);
    expect(isValidIban(iban.replace(/\s/g, ''))).toBe(true);
    const card = p.replace('card', '4111 1111 1111 1111', 'x') as string;
    expect(card).toMatch(/^4\d{3} \d{4} \d{4} \d{4}$/);
    expect(passesLuhn(card.replace(/\s/g, ''))).toBe(true);
  });
});
