import { compileCrdSchema } from '../../../../framework/testing/validation/index.js';
import { type JsonObject } from '../../../../framework/testing/schema/index.js';

/** Validates `{ value }` against a one-rule schema and reports whether the rule held. */
function holds(rule: string, value: JsonObject[string], valueSchema: JsonObject = {}): boolean {
  const schema = compileCrdSchema({ type: 'object', properties: { value: valueSchema }, 'x-kubernetes-validations': [{ rule }] });
  const errors = schema.validate({ value });
  if (errors.some((e) => e.message.includes('evaluating rule'))) throw new Error(errors[0].message);
  return errors.length === 0;
}

describe('CEL rules', () => {
  it.each<[string, JsonObject[string], JsonObject, boolean]>([
    ['has(self.value)', 1, { type: 'integer' }, true],
    ['self.value.all(x, x > 0)', [1, 2], { type: 'array', items: { type: 'integer' } }, true],
    ['self.value.exists(x, x > 1)', [1, 2], { type: 'array', items: { type: 'integer' } }, true],
    ['self.value.exists_one(x, x > 0)', [1, 2], { type: 'array', items: { type: 'integer' } }, false],
    ['self.value.map(x, x * 2).filter(x, x > 2).size() == 1', [1, 2], { type: 'array', items: { type: 'integer' } }, true],
    ['size(self.value) <= 3', 'abcd', { type: 'string' }, false],
    ["self.value.matches('^[a-z]+$')", 'abc', { type: 'string' }, true],
    ["self.value.startsWith('ab') && self.value.endsWith('cd')", 'abcd', { type: 'string' }, true],
    ['self.value / 2 == 1', 3, { type: 'integer' }, true],
    ['self.value / 2.0 == 1.5', 3, { type: 'number' }, true],
    ["self.value.replace('-', '_') == 'a_b_c'", 'a-b-c', { type: 'string' }, true],
    ["self.value.find('[0-9]+') == '42'", 'v42x', { type: 'string' }, true],
    ["self.value.findAll('[0-9]') == ['4', '2']", 'v42x', { type: 'string' }, true],
    ['isURL(self.value)', 'https://kryton.example.com/a', { type: 'string' }, true],
    ['isURL(self.value)', 'not a url', { type: 'string' }, false],
    ['self.value.sum() == 6 && self.value.max() == 3 && self.value.min() == 1 && self.value.isSorted()', [1, 2, 3], { type: 'array', items: { type: 'integer' } }, true],
    ["'a' in self.value", { a: 'x' }, { type: 'object', additionalProperties: { type: 'string' } }, true],
  ])('%s on %j is %s', (rule, value, valueSchema, expected) => {
    expect(holds(rule, value, valueSchema)).toBe(expected);
  });
});
