// A subset of Wireshark's display-filter language (wireshark-filter(4)), parsed to a small tree:
//   field presence (cotp), comparisons (== != ~= < > <= >= and eq ne any_ne lt gt le ge), contains, matches (~),
//   in { ... }, && || ! (and or not), parentheses. Errors are data: a message and the column where parsing stopped.

export type CompareOp = '==' | '!=' | '~=' | '<' | '>' | '<=' | '>=';

export interface Literal {
  /** As typed, quotes removed and escapes resolved for a quoted string. */
  readonly text: string;
  readonly quoted: boolean;
  /** 1-based column of the literal's first character. */
  readonly column: number;
}

export interface FieldName {
  readonly name: string;
  readonly column: number;
}

export type FilterExpr =
  | { readonly kind: 'or' | 'and'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'not'; readonly expr: FilterExpr }
  | { readonly kind: 'present'; readonly field: FieldName }
  | { readonly kind: 'compare'; readonly field: FieldName; readonly op: CompareOp; readonly value: Literal }
  | { readonly kind: 'contains' | 'matches'; readonly field: FieldName; readonly value: Literal }
  | { readonly kind: 'in'; readonly field: FieldName; readonly values: readonly Literal[] };

export interface FilterError {
  readonly message: string;
  /** 1-based column where the problem starts. */
  readonly column: number;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FilterError };

type TokenKind = 'word' | 'string' | 'op' | '(' | ')' | '{' | '}' | ',' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly column: number;
}

const OPERATORS = ['==', '!=', '~=', '<=', '>=', '&&', '||', '<', '>', '!', '~'];
const WORD_OPERATORS: Readonly<Record<string, string>> = {
  and: '&&',
  or: '||',
  not: '!',
  eq: '==',
  ne: '!=',
  any_ne: '~=',
  all_ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  contains: 'contains',
  matches: '~',
  in: 'in',
};
const WORD_CHAR = /[A-Za-z0-9_.:\-/]/;

class FilterSyntaxError extends Error {
  constructor(
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const column = i + 1;
    if ('(){},'.includes(ch)) {
      tokens.push({ kind: ch as TokenKind, text: ch, column });
      i++;
      continue;
    }
    if (ch === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError(column, 'The string starting here has no closing quote (").');
        const c = text[i]!;
        if (c === '"') break;
        if (c === '\\') {
          const next = text[i + 1];
          if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          if (next === undefined)
            throw new FilterSyntaxError(i + 1, 'A backslash at the end of the filter escapes nothing.');
          value += { n: '\n', r: '\r', t: '\t' }[next] ?? next;
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      tokens.push({ kind: 'string', text: value, column });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, column });
      i += op.length;
      continue;
    }
    if (WORD_CHAR.test(ch)) {
      let j = i;
      while (j < text.length && WORD_CHAR.test(text[j]!)) j++;
      const word = text.slice(i, j);
      const asOperator = WORD_OPERATORS[word.toLowerCase()];
      tokens.push(asOperator ? { kind: 'op', text: asOperator, column } : { kind: 'word', text: word, column });
      i = j;
      continue;
    }
    throw new FilterSyntaxError(
      column,
      `"${ch}" was unexpected here: a filter is made of field names, values, operators (== != < > <= >= && || !) and parentheses.`,
    );
  }
  tokens.push({ kind: 'end', text: '', column: text.length + 1 });
  return tokens;
}

const COMPARE_OPS = new Set<string>(['==', '!=', '~=', '<', '>', '<=', '>=']);

/** Parses a display filter. An empty (all-blank) filter is `undefined`: everything passes. */
export function parseFilter(text: string): Parsed<FilterExpr | undefined> {
  try {
    const tokens = tokenize(text);
    let at = 0;
    const peek = () => tokens[at]!;
    const next = () => tokens[at++]!;
    const unexpected = (t: Token): never => {
      throw new FilterSyntaxError(
        t.column,
        t.kind === 'end'
          ? 'The filter ends too early: something is missing at the end.'
          : `"${t.text}" was unexpected here.`,
      );
    };
    const isOp = (t: Token, op: string) => t.kind === 'op' && t.text === op;

    const literal = (): Literal => {
      const t = next();
      if (t.kind === 'word' || t.kind === 'string')
        return { text: t.text, quoted: t.kind === 'string', column: t.column };
      return unexpected(t);
    };
    const primary = (): FilterExpr => {
      const t = peek();
      if (t.kind === '(') {
        next();
        const inner = or();
        const close = next();
        if (close.kind !== ')')
          throw new FilterSyntaxError(
            close.kind === 'end' ? t.column : close.column,
            close.kind === 'end'
              ? 'This parenthesis is never closed.'
              : `"${close.text}" was unexpected here: a ")" was expected.`,
          );
        return inner;
      }
      if (t.kind !== 'word') return unexpected(t);
      next();
      const field: FieldName = { name: t.text, column: t.column };
      const after = peek();
      if (after.kind === 'op' && COMPARE_OPS.has(after.text)) {
        next();
        return { kind: 'compare', field, op: after.text as CompareOp, value: literal() };
      }
      if (isOp(after, 'contains')) {
        next();
        return { kind: 'contains', field, value: literal() };
      }
      if (isOp(after, '~')) {
        next();
        return { kind: 'matches', field, value: literal() };
      }
      if (isOp(after, 'in')) {
        next();
        const open = next();
        if (open.kind !== '{')
          throw new FilterSyntaxError(open.column, '"in" needs a set of values in braces: tcp.port in {102 3389}.');
        const values: Literal[] = [];
        while (peek().kind !== '}') {
          if (peek().kind === ',') {
            next();
            continue;
          }
          if (peek().kind === 'end') throw new FilterSyntaxError(open.column, 'This brace is never closed.');
          values.push(literal());
        }
        next();
        if (values.length === 0) throw new FilterSyntaxError(open.column, 'The set is empty: give at least one value.');
        return { kind: 'in', field, values };
      }
      return { kind: 'present', field };
    };
    const not = (): FilterExpr => {
      if (isOp(peek(), '!')) {
        next();
        return { kind: 'not', expr: not() };
      }
      return primary();
    };
    const and = (): FilterExpr => {
      let left = not();
      while (isOp(peek(), '&&')) {
        next();
        left = { kind: 'and', left, right: not() };
      }
      return left;
    };
    function or(): FilterExpr {
      let left = and();
      while (isOp(peek(), '||')) {
        next();
        left = { kind: 'or', left, right: and() };
      }
      return left;
    }

    if (peek().kind === 'end') return { ok: true, value: undefined };
    const expr = or();
    if (peek().kind !== 'end') unexpected(peek());
    return { ok: true, value: expr };
  } catch (error) {
    if (error instanceof FilterSyntaxError)
      return { ok: false, error: { message: error.message, column: error.column } };
    return {
      ok: false,
      error: {
        message: `framescope's filter parser failed (${error instanceof Error ? error.message : String(error)}); this is a framescope bug`,
        column: 1,
      },
    };
  }
}
