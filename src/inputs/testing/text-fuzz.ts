// Mutations of a pasted dump: characters replaced (by hex digits, spaces, punctuation or anything), inserted and
// deleted, lines dropped or duplicated, the text cut anywhere.
import fc from 'fast-check';

const NASTY = ['0', 'f', ' ', '\t', '\n', ':', '.', '|', 'x', '\\', '"', '{', '}', ',', '#', '\u0000', 'é'];

export function textMutationOf(text: string): fc.Arbitrary<string> {
  const n = text.length;
  const char = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
  const replace = fc
    .array(fc.tuple(fc.nat({ max: Math.max(0, n - 1) }), char), { minLength: 1, maxLength: 8 })
    .map((edits) => {
      const chars = [...text];
      for (const [i, c] of edits) if (i < chars.length) chars[i] = c;
      return chars.join('');
    });
  const insert = fc
    .tuple(fc.nat({ max: n }), fc.string({ maxLength: 12 }))
    .map(([at, s]) => text.slice(0, at) + s + text.slice(at));
  const remove = fc
    .tuple(fc.nat({ max: n }), fc.nat({ max: 40 }))
    .map(([at, len]) => text.slice(0, at) + text.slice(at + len));
  const cut = fc.nat({ max: n }).map((at) => text.slice(0, at));
  const lines = fc.tuple(fc.nat(), fc.boolean()).map(([i, duplicate]) => {
    const all = text.split('\n');
    const k = all.length === 0 ? 0 : i % all.length;
    return (duplicate ? [...all.slice(0, k + 1), ...all.slice(k)] : [...all.slice(0, k), ...all.slice(k + 1)]).join(
      '\n',
    );
  });
  return fc.oneof(replace, insert, remove, cut, lines);
}
