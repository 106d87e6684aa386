import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIssue } from '../../core/issue.js';
import { compileProblems, problem, step } from './compile-for-test.js';

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

const chinook = [
  'Luís Gonçalves',
  'František Wichterlová',
  'Bjørn Hansen',
  'Johannes Van der Berg',
  'Stanisław Wójcik',
  'Leonie Köhler',
  'Terhi Hämäläinen',
];

describe('title-case', () => {
  const title = step('title-case');
  it('capitalises every word of multi-language names and lowers the rest', () => {
    expect(title('LUÍS GONÇALVES')).toBe('Luís Gonçalves');
    expect(title('františek wichterlová')).toBe('František Wichterlová');
    expect(title('stanisław wÓJCIK')).toBe('Stanisław Wójcik');
    expect(title('johannes van der berg')).toBe('Johannes Van Der Berg');
    for (const name of chinook.filter((n) => !n.includes('Van der'))) expect(title(name)).toBe(name);
  });
  it('starts words after hyphens and one-letter apostrophe prefixes, not inside contractions', () => {
    expect(title("hugh o'reilly-smith")).toBe("Hugh O'Reilly-Smith");
    expect(title("d’ávila don't")).toBe("D’Ávila Don't");
    expect(title('jean-luc  PICARD')).toBe('Jean-Luc  Picard');
  });
  it('keeps combining accents with their letter', () => {
    expect(title('gonc\u0327alves')).toBe('Gonc\u0327alves');
  });
  it('leaves the rest alone with lowerRest: false, and non-text values unchanged', () => {
    expect(step('title-case(lowerRest: false)')('mary mcDonald of IBM')).toBe('Mary McDonald Of IBM');
    expect(title(null)).toBeNull();
    expect(title('')).toBe('');
    expect(title(42)).toBe(42);
    expect(title(['ana', null])).toEqual(['Ana', null]);
  });
});

describe('collapse-whitespace', () => {
  it('turns runs of any white space into one space and trims', () => {
    expect(step('collapse-whitespace')('  Johannes \t Van der\u00a0\u00a0Berg\r\n')).toBe(
      'Johannes Van der Berg',
    );
    expect(step('collapse-whitespace(trim: false)')('\ta  b\n')).toBe(' a b ');
    expect(step('collapse-whitespace')('   ')).toBe('');
    expect(step('collapse-whitespace')(null)).toBeNull();
  });
});

describe('normalize-unicode', () => {
  it('composes by default and decomposes or folds on request', () => {
    const decomposed = 'Wichterlova\u0301';
    expect(step('normalize-unicode')(decomposed)).toBe('Wichterlová');
    expect(step('normalize-unicode(NFD)')('é')).toBe('e\u0301');
    expect(step('normalize-unicode(NFKC)')('ﬁ ２')).toBe('fi 2');
    expect(step("normalize-unicode(form: 'NFKD')")('ﬁ')).toBe('fi');
  });
  it('refuses an unknown form when the mapping compiles', () => {
    expect(compileProblems('normalize-unicode(NFX)')).toEqual([
      'bad-step-args: transform "normalize-unicode": argument "form" is invalid: expected one of "NFC"|"NFD"|"NFKC"|"NFKD" (got "NFX")',
    ]);
  });
});

describe('transliterate', () => {
  const ascii = step('transliterate');
  it('writes real names in ASCII', () => {
    expect(chinook.map((name) => ascii(name))).toEqual([
      'Luis Goncalves',
      'Frantisek Wichterlova',
      'Bjorn Hansen',
      'Johannes Van der Berg',
      'Stanislaw Wojcik',
      'Leonie Kohler',
      'Terhi Hamalainen',
    ]);
  });
  it('spells out letters that are not accented, and typographic punctuation', () => {
    expect(ascii('Straße Æble Øresund Łódź Đakovo Þórr Œuvre ıi')).toBe(
      'Strasse AEble Oresund Lodz Dakovo Thorr OEuvre ii',
    );
    expect(ascii('“Quote” – it’s 5…10 €')).toBe('"Quote" - it\'s 5...10 EUR');
    expect(ascii('ﬁle №²')).toBe('file No2');
  });
  it('refuses characters with no ASCII form by default, naming them', () => {
    expect(problem(ascii('Tokyo 東京'))).toEqual({
      code: 'not-transliterable',
      message: '"Tokyo 東京" has "東" (U+6771), which has no ASCII form',
    });
    expect(problem(ascii('مرحبا')).message).toBe('"مرحبا" has "م" (U+0645), which has no ASCII form');
    expect(step('transliterate(unknown: replace)')('Привет 👍')).toBe('Privet ?');
    expect(ascii('Москва, Львів, Щукин, Αθήνα, ΟΥΡΑΝΟΣ')).toBe('Moskva, Lviv, Shchukin, Athina, OURANOS');
    expect(step("transliterate(unknown: replace, replacement: '_')")('a東b')).toBe('a_b');
    expect(step('transliterate(unknown: drop)')('Tokyo 東京!')).toBe('Tokyo !');
  });
  it('refuses a replacement that is not ASCII when the mapping compiles', () => {
    expect(compileProblems("transliterate(unknown: replace, replacement: '¿')")).toEqual([
      'bad-step-args: transform "transliterate": replacement "¿" is not ASCII',
    ]);
  });
  it('changes list items, leaves ASCII, null and numbers as they are', () => {
    expect(ascii(['Bjørn', null, 7])).toEqual(['Bjorn', null, 7]);
    expect(ascii('plain')).toBe('plain');
    expect(ascii(null)).toBeNull();
  });
  it('always gives ASCII when unknown characters are replaced or dropped (property)', () => {
    for (const mode of ['replace', 'drop']) {
      const run = step(`transliterate(unknown: ${mode})`);
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme' }), (text) => {
          expect(isAscii(run(text) as string)).toBe(true);
        }),
      );
    }
  });
  it('gives ASCII or an issue for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = ascii(text);
        if (!isIssue(out)) expect(isAscii(out as string)).toBe(true);
      }),
    );
  });
});

describe('substring', () => {
  it('counts characters, not UTF-16 units, and takes negative positions', () => {
    expect(step('substring(0, 3)')('Bjørn')).toBe('Bjø');
    expect(step('substring(1, 3)')('👍🏽👍🏽')).toBe('🏽👍');
    expect(step('substring(-4)')('12227-000')).toBe('-000');
    expect(step('substring(start: 2, end: -2)')('Wójcik')).toBe('jc');
    expect(step('substring(10)')('short')).toBe('');
  });
  it('refuses an end before the start, and a missing start', () => {
    expect(compileProblems('substring(5, 2)')).toEqual([
      'bad-step-args: transform "substring": end 2 comes before start 5, so the result would always be empty',
    ]);
    expect(compileProblems('substring')).toEqual([
      'bad-step-args: transform "substring": argument "start" is missing',
    ]);
  });
});

describe('truncate', () => {
  it('shortens to at most max characters, marker included, only when needed', () => {
    expect(step("truncate(12, marker: '...')")('Embraer - Empresa Brasileira de Aeronáutica')).toBe(
      'Embraer -...',
    );
    expect(step('truncate(9)')('Gonçalves')).toBe('Gonçalves');
    expect(step("truncate(4, '…')")('Wichterlová')).toBe('Wic…');
    expect(step('truncate(3)')(null)).toBeNull();
  });
  it('never cuts through a character people see as one', () => {
    expect(step('truncate(5)')('Gonc\u0327alves')).toBe('Gonc\u0327');
    expect(step('truncate(4)')('Gonc\u0327alves')).toBe('Gon');
    expect(step('truncate(2)')('a👨‍👩‍👧b')).toBe('a');
    expect(step('truncate(3)')('🇧🇷🇳🇴')).toBe('🇧🇷');
  });
  it('keeps the result within max code points (property)', () => {
    const run = step("truncate(8, marker: '…')");
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const out = run(text) as string;
        expect(Array.from(out).length).toBeLessThanOrEqual(Math.max(8, Array.from(text).length <= 8 ? 8 : 0));
        if (Array.from(text).length <= 8) expect(out).toBe(text);
        else expect(out.endsWith('…')).toBe(true);
      }),
    );
  });
  it('refuses a marker as long as max', () => {
    expect(compileProblems("truncate(3, marker: '...')")).toEqual([
      'bad-step-args: transform "truncate": the marker has 3 characters, as many as max 3 or more',
    ]);
  });
});

describe('pad', () => {
  it('pads left or right to a width in characters', () => {
    expect(step("pad(5, '0')")(42)).toBe('00042');
    expect(step("pad(5, '0')")('0171')).toBe('00171');
    expect(step("pad(8, '.', side: right)")('Bjørn')).toBe('Bjørn...');
    expect(step('pad(3)')('👍')).toBe('  👍');
    expect(step("pad(3, '0')")('12345')).toBe('12345');
  });
  it('keeps null and empty text, refuses lists', () => {
    expect(step("pad(5, '0')")(null)).toBeNull();
    expect(step("pad(5, '0')")('')).toBe('');
    expect(problem(step('pad(5)')(['a']))).toEqual({
      code: 'not-text',
      message: 'cannot pad ["a"]: only text and numbers pad',
    });
  });
  it('needs a single character to pad with', () => {
    expect(compileProblems("pad(5, '00')")).toEqual([
      'bad-step-args: transform "pad": argument "char" is invalid: must be one character (got "00")',
    ]);
  });
});

describe('replace', () => {
  it('replaces every match of a Unicode-aware regular expression', () => {
    expect(step("replace('[^0-9+]', '')")('+55 (12) 3923-5555')).toBe('+551239235555');
    expect(step("replace('\\p{M}', '')")('Gonc\u0327alves')).toBe('Goncalves');
    expect(step("replace('^(\\p{L}+), (\\p{L}+)$', '$2 $1')")('Hansen, Bjørn')).toBe('Bjørn Hansen');
    expect(step("replace('o', '0', first: true)")('foo')).toBe('f0o');
    expect(step("replace('GMBH', 'GmbH', flags: i)")('Köhler gmbh')).toBe('Köhler GmbH');
    expect(step("replace('x')")('xax')).toBe('a');
  });
  it('compiles the expression once and reports a bad one when the mapping compiles', () => {
    expect(compileProblems("replace('([a-z]', '')")).toEqual([
      'bad-pattern: transform "replace": "([a-z]" is not a valid regular expression: Invalid regular expression: /([a-z]/gu: Unterminated group',
    ]);
    expect(compileProblems("replace('a', flags: g)")).toEqual([
      'bad-step-args: transform "replace": argument "flags" is invalid: flags may be i, m, s or v (got "g")',
    ]);
  });
  it('is the same for every call (no regex state between values)', () => {
    const run = step("replace('a', 'b')");
    for (let i = 0; i < 3; i++) expect(run('aaa')).toBe('bbb');
  });
});

describe('email', () => {
  const email = step('email');
  it('trims and lower-cases addresses, keeping international characters', () => {
    expect(email('  LuisG@Embraer.com.br ')).toBe('luisg@embraer.com.br');
    expect(email('Stanisław.Wójcik@WP.pl')).toBe('stanisław.wójcik@wp.pl');
    expect(email('')).toBe('');
    expect(email(null)).toBeNull();
  });
  it('refuses what is not an address, saying why', () => {
    expect(problem(email('luis.embraer.com.br'))).toEqual({
      code: 'bad-email',
      message: '"luis.embraer.com.br" is not an email address: no @',
    });
    expect(problem(email('bob@localhost')).message).toBe(
      '"bob@localhost" is not an email address: the domain "localhost" has no dot',
    );
    expect(problem(email(42)).message).toBe('42 is not an email address: not text');
  });
});

describe('hash', () => {
  const salt = 'a-long-secret-salt-for-tests';
  const hash = step(`hash(salt: '${salt}')`);
  it('gives a stable keyed pseudonym in hex', () => {
    const first = hash('luisg@embraer.com.br');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(hash('luisg@embraer.com.br')).toBe(first);
    expect(hash('LuisG@embraer.com.br')).not.toBe(first);
    expect(step(`hash(salt: '${salt}-other')`)('luisg@embraer.com.br')).not.toBe(first);
    expect(step(`hash(salt: '${salt}', length: 16)`)('luisg@embraer.com.br')).toBe(
      (first as string).slice(0, 16),
    );
    expect(hash(1)).toBe(hash('1'));
  });
  it('keeps null and empty text, refuses lists', () => {
    expect(hash(null)).toBeNull();
    expect(hash('')).toBe('');
    expect(problem(hash(['a'])).code).toBe('not-text');
  });
  it('hashes email-normalised values the same (email | hash)', () => {
    const pipe = step(`email | hash(salt: '${salt}')`);
    expect(pipe(' LuisG@Embraer.com.br')).toBe(pipe('luisg@embraer.com.br'));
  });
  it('resolves a secret reference through the engine, and never hashes without it', () => {
    const reference = "hash(salt: '${env:PSEUDONYM_SALT}')";
    const resolved = step(reference, {
      resolveSecret: (ref) => (ref === '${env:PSEUDONYM_SALT}' ? salt : undefined),
    });
    expect(resolved('x')).toBe(hash('x'));
    const unresolved = step(reference);
    expect(problem(unresolved('x'))).toEqual({
      code: 'secret-unavailable',
      message: 'the salt ${env:PSEUDONYM_SALT} was not resolved, so nothing is hashed',
    });
    expect(unresolved(null)).toBeNull();
    expect(compileProblems(reference, { resolveSecret: () => undefined })).toEqual([
      'secret-unresolved: transform "hash": the salt ${env:PSEUDONYM_SALT} cannot be resolved',
    ]);
  });
  it('refuses a short salt', () => {
    expect(compileProblems("hash(salt: 'short')")).toEqual([
      'weak-salt: transform "hash": the salt has 5 characters; at least 16 are needed',
    ]);
  });
});
