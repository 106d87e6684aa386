/**
 * How a phone number is written: `E.164` (+4930123456), `international` (+49 30 1234 56,
 * +1 (555) 123-4567), `national` (030 1234 56, (555) 123-4567), `digits only`. Undefined for a
 * text that is not a phone number; a bare digit string counts only in a phone column.
 */
export function phoneFormatOf(text: string, phoneColumn: boolean): string | undefined {
  const value = text.trim();
  const digits = value.replace(/\D/g, '').length;
  if (digits < 6 || digits > 15 || !/^[+(]?\d[\d\s().\-/]*\d$/.test(value)) return undefined;
  if (/^\+[1-9]\d{5,14}$/.test(value)) return 'E.164';
  if (value.startsWith('+')) return 'international';
  if (/^\d+$/.test(value)) return phoneColumn ? 'digits only' : undefined;
  // A date or a decimal number is not a phone number.
  if (/^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/.test(value) || /^\d+[.,]\d+$/.test(value)) return undefined;
  return phoneColumn || /[\s()]/.test(value) ? 'national' : undefined;
}

/** Whether a column's name says it holds phone numbers. */
export function isPhoneColumn(name: string): boolean {
  return /phone|fax|tel|mobile|cell|gsm/i.test(name);
}
