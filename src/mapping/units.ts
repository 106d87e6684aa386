/**
 * Units convert-unit knows, each as an exact factor to its kind's base unit (metre, kilogram,
 * litre). The imperial and US customary units are defined exactly in metric since 1959
 * (yard = 0.9144 m, pound = 0.45359237 kg, US gallon = 231 in³ = 3.785411784 l).
 */
export type UnitKind = 'length' | 'mass' | 'volume' | 'temperature';

export interface Unit {
  readonly kind: UnitKind;
  /** Base units in one of this unit, as exact decimal text (temperatures: see convert-unit). */
  readonly factor: string;
  readonly title: string;
}

const unit = (kind: UnitKind, factor: string, title: string): Unit => ({ kind, factor, title });

export const units: Readonly<Record<string, Unit>> = {
  mm: unit('length', '0.001', 'millimetre'),
  cm: unit('length', '0.01', 'centimetre'),
  m: unit('length', '1', 'metre'),
  km: unit('length', '1000', 'kilometre'),
  in: unit('length', '0.0254', 'inch'),
  ft: unit('length', '0.3048', 'foot'),
  yd: unit('length', '0.9144', 'yard'),
  mi: unit('length', '1609.344', 'mile'),
  nmi: unit('length', '1852', 'nautical mile'),
  mg: unit('mass', '0.000001', 'milligram'),
  g: unit('mass', '0.001', 'gram'),
  kg: unit('mass', '1', 'kilogram'),
  t: unit('mass', '1000', 'tonne'),
  oz: unit('mass', '0.028349523125', 'ounce (avoirdupois)'),
  lb: unit('mass', '0.45359237', 'pound'),
  st: unit('mass', '6.35029318', 'stone'),
  ml: unit('volume', '0.001', 'millilitre'),
  cl: unit('volume', '0.01', 'centilitre'),
  dl: unit('volume', '0.1', 'decilitre'),
  l: unit('volume', '1', 'litre'),
  m3: unit('volume', '1000', 'cubic metre'),
  'fl-oz': unit('volume', '0.0295735295625', 'US fluid ounce'),
  pt: unit('volume', '0.473176473', 'US pint'),
  qt: unit('volume', '0.946352946', 'US quart'),
  gal: unit('volume', '3.785411784', 'US gallon'),
  'fl-oz-imp': unit('volume', '0.0284130625', 'imperial fluid ounce'),
  'pt-imp': unit('volume', '0.56826125', 'imperial pint'),
  'gal-imp': unit('volume', '4.54609', 'imperial gallon'),
  C: unit('temperature', '1', 'degree Celsius'),
  F: unit('temperature', '1', 'degree Fahrenheit'),
  K: unit('temperature', '1', 'kelvin'),
};
