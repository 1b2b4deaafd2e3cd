// "Apply as Filter" and "Prepare as Filter", as Wireshark builds them: the selected field written as a filter
// expression (`cotp.type == 0x0e`, `ip.src == 10.0.0.1`, `cotp.src-tsap == "SAP"`, a protocol by its name), and that
// expression combined with the filter already typed, in the shapes of Wireshark's MainWindow::setDisplayFilter.
import type { Field, FieldValue } from '../model';
import { SCHEMA } from '../schema';
import { hexNumber } from '../format';
import { compileFilter, filterKindOf, type Kind } from './compile';

/** Wireshark's six ways to use the selection: Selected, Not Selected, …and / …or / …and not / …or not Selected. */
export type FilterHow = 'selected' | 'not' | 'and' | 'or' | 'andNot' | 'orNot';

/** A filter for the selection, or why there is none. */
export type SelectionFilter =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** A string literal the tokenizer reads back to exactly `text` (framescope's text values spell odd bytes as \xNN). */
function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * The value as a filter literal for a name of this kind; undefined where Wireshark writes the name alone (a grouping
 * node, a protocol, an empty byte string). `hexWidth` is the number of bytes a hex value is padded to, as shown.
 */
function literalOf(kind: Kind | 'protocol', value: FieldValue, hexWidth: number): string | undefined {
  if (kind === 'none' || kind === 'protocol') return undefined;
  if (kind === 'text') return quoted(String(value));
  if (kind === 'bytes') {
    const pairs = String(value).match(/../g);
    return pairs ? pairs.join(':') : undefined;
  }
  if (typeof value !== 'number') return String(value);
  return kind === 'hex' ? hexNumber(value, hexWidth * 2) : String(value);
}

/** The expression, kept only if the filter compiler reads it: a menu item never puts a refused filter in the box. */
function checked(text: string): SelectionFilter {
  const compiled = compileFilter(text);
  return compiled.ok ? { ok: true, text } : { ok: false, reason: compiled.error.message };
}

/** `name == value` for a name the filters know, or the name alone when its kind has no value to compare. */
export function valueFilter(name: string, value: FieldValue, hexWidth = 1): SelectionFilter {
  const kind = filterKindOf(name);
  if (kind === undefined) return { ok: false, reason: `framescope's display filters do not know ${name}.` };
  const literal = literalOf(kind, value, hexWidth);
  return checked(literal === undefined ? name : `${name} == ${literal}`);
}

/**
 * The filter for one field of the tree: its id compared with its value, hex as the tree shows it (`0x0e` for a
 * masked nibble, `0x0000` for a 2-byte reference), or its id alone for a field that only groups others.
 */
export function fieldFilter(field: Pick<Field, 'id' | 'value' | 'length'>): SelectionFilter {
  return valueFilter(field.id, field.value, SCHEMA[field.id]?.mask !== undefined ? 1 : field.length);
}

/** A layer's header row: the protocol's name, true of every frame that has the layer. */
export function protocolFilter(protocol: string): SelectionFilter {
  return filterKindOf(protocol) === undefined
    ? { ok: false, reason: `framescope's display filters do not know the protocol ${protocol}.` }
    : checked(protocol);
}

/** A Source or Destination column's address, by the form it has: IPv4, MAC (colon-separated) or IPv6. */
export function addressFilter(address: string, side: 'src' | 'dst'): SelectionFilter {
  if (address === '') return { ok: false, reason: 'This frame has no address in that column.' };
  const layer = /^\d{1,3}(\.\d{1,3}){3}$/.test(address)
    ? 'ip'
    : /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(address)
      ? 'eth'
      : address.includes(':')
        ? 'ipv6'
        : undefined;
  if (!layer) return { ok: false, reason: `"${address}" is not an address a filter can compare.` };
  return valueFilter(`${layer}.${side}`, address);
}

/**
 * The filter box after the selection is used `how`, given what it holds now; as Wireshark does it: "…and Selected"
 * with an empty box is the selection alone, "…and not Selected" then is `!(selection)`.
 */
export function combineFilter(current: string, selected: string, how: FilterHow): string {
  const now = current.trim();
  switch (how) {
    case 'selected':
      return selected;
    case 'not':
      return `!(${selected})`;
    case 'and':
      return now ? `(${now}) && (${selected})` : selected;
    case 'or':
      return now ? `(${now}) || (${selected})` : selected;
    case 'andNot':
      return now ? `(${now}) && !(${selected})` : `!(${selected})`;
    case 'orNot':
      return now ? `(${now}) || !(${selected})` : `!(${selected})`;
  }
}
