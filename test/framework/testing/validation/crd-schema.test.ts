import { compileCrdSchema, formatInvalid, type FieldError } from '../../../../framework/testing/validation/index.js';
import { type JsonObject } from '../../../../framework/testing/schema/index.js';

const SCHEMA: JsonObject = {
  type: 'object',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['version'],
      'x-kubernetes-validations': [
        { rule: 'self.replicas >= 1 || !has(self.backup)', message: 'backup needs at least one replica' },
        { rule: 'self.replicas >= oldSelf.replicas', message: 'replicas cannot shrink', fieldPath: '.replicas' },
        { rule: "!has(self.tier) || self.tier != 'gold' || self.replicas >= 3", messageExpression: "'gold needs 3 replicas, got ' + string(self.replicas)" },
        { rule: 'self.plugins.all(p, p.name.startsWith("p-"))', reason: 'FieldValueForbidden', message: 'plugin names start with p-' },
      ],
      properties: {
        version: { type: 'string', minLength: 1, maxLength: 10, pattern: '^\\d+\\.\\d+$' },
        replicas: { type: 'integer', minimum: 0, maximum: 9, default: 1 },
        ratio: { type: 'number', exclusiveMinimum: true, minimum: 0, exclusiveMaximum: true, maximum: 1, multipleOf: 0.25 },
        tier: { type: 'string', enum: ['bronze', 'gold'] },
        homepage: { type: 'string', format: 'uri' },
        id: { type: 'string', format: 'uuid' },
        since: { type: 'string', format: 'date-time' },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        note: { type: 'string', nullable: true },
        labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 2, minProperties: 1 },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', maxItems: 3, minItems: 1 },
        plugins: {
          type: 'array',
          default: [],
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string' },
              sha256: { type: 'string', pattern: '^[a-fA-F0-9]{64}$' },
              mode: { type: 'string', default: 'lazy' },
            },
          },
        },
        backup: {
          type: 'object',
          properties: {
            schedule: { type: 'string', pattern: '^(\\S+ ){4}\\S+$' },
            retention: { type: 'string', enum: ['7d', '30d'] },
            options: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
      },
    },
    status: { type: 'object', properties: { phase: { type: 'string' } } },
  },
};

const compiled = compileCrdSchema(SCHEMA);

/** A Kryton with a valid spec, changed by `spec`; a field set to undefined is left out. */
function kryton(spec: Record<string, JsonObject[string] | undefined>): JsonObject {
  const merged: JsonObject = { version: '1.2', replicas: 1, plugins: [] };
  for (const [key, value] of Object.entries(spec)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return { apiVersion: 'kryton.example.com/v1', kind: 'Kryton', metadata: { name: 'k' }, spec: merged };
}

const lines = (errors: FieldError[]): string[] => errors.map((e) => `${e.field}: ${e.message}`);

describe('compileCrdSchema().validate', () => {
  it('accepts a valid object', () => {
    const valid = kryton({ ratio: 0.5, tier: 'bronze', homepage: 'https://kryton.example.com/x', id: '123e4567-e89b-12d3-a456-426614174000', since: '2025-01-01T00:00:00Z', port: 'http', note: null, labels: { a: 'b' }, tags: ['x'], plugins: [{ name: 'p-a', sha256: 'a'.repeat(64) }], backup: { schedule: '0 3 * * *', retention: '7d', options: { any: { thing: 1 } } }, template: { apiVersion: 'v1', kind: 'Pod', spec: { x: 'y' } } });
    expect(compiled.validate(valid)).toEqual([]);
  });

  it.each<[string, Record<string, JsonObject[string] | undefined>, string[]]>([
    ['required', { version: undefined }, ['spec.version: Required value']],
    ['pattern', { plugins: [{ name: 'p-a', sha256: 'zz' }] }, ["spec.plugins[0].sha256: Invalid value: \"zz\": spec.plugins[0].sha256 in body should match '^[a-fA-F0-9]{64}$'"]],
    ['type', { replicas: 'two' }, ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']],
    ['integer, not number', { replicas: 1.5 }, ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"']],
    ['enum', { backup: { retention: '1y' } }, ['spec.backup.retention: Unsupported value: "1y": supported values: "7d", "30d"']],
    ['maximum', { replicas: 10 }, ['spec.replicas: Invalid value: 10: spec.replicas in body should be less than or equal to 9']],
    ['minimum', { replicas: -1 }, ['spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0']],
    ['exclusiveMaximum', { ratio: 1 }, ['spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1']],
    ['exclusiveMinimum', { ratio: 0 }, ['spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0']],
    ['multipleOf', { ratio: 0.3 }, ['spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.25']],
    ['maxLength', { version: '1.2345678901' }, ['spec.version: Too long: may not be longer than 10']],
    ['minLength', { version: '' }, ['spec.version: Invalid value: "": spec.version in body should be at least 1 chars long', "spec.version: Invalid value: \"\": spec.version in body should match '^\\d+\\.\\d+$'"]],
    ['maxItems', { tags: ['a', 'b', 'c', 'd'] }, ['spec.tags: Too many: 4: must have at most 3 items']],
    ['minItems', { tags: [] }, ['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items']],
    ['maxProperties', { labels: { a: '1', b: '2', c: '3' } }, ['spec.labels: Too many: 3: must have at most 2 items']],
    ['minProperties', { labels: {} }, ['spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties']],
    ['additionalProperties type', { labels: { a: 1 } }, ['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"']],
    ['set duplicates', { tags: ['a', 'a'] }, ['spec.tags[1]: Duplicate value: "a"']],
    ['list-map duplicates', { plugins: [{ name: 'p-a' }, { name: 'p-a', sha256: 'a'.repeat(64) }] }, ['spec.plugins[1]: Duplicate value: map[string]interface {}{"name":"p-a"}']],
    ['required in list items', { plugins: [{ sha256: 'a'.repeat(64) }] }, ['spec.plugins[0].name: Required value', 'spec: Invalid value: "object": no such key: name evaluating rule: self.plugins.all(p, p.name.startsWith("p-"))']],
    ['format uri', { homepage: 'not a uri' }, ['spec.homepage: Invalid value: "not a uri": spec.homepage in body must be of type uri: "not a uri"']],
    ['format uuid', { id: 'nope' }, ['spec.id: Invalid value: "nope": spec.id in body must be of type uuid: "nope"']],
    ['format date-time', { since: 'yesterday' }, ['spec.since: Invalid value: "yesterday": spec.since in body must be of type date-time: "yesterday"']],
    ['int-or-string', { port: true }, ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']],
    ['not nullable', { tier: null }, ['spec.tier: Invalid value: "null": spec.tier in body must be of type string: "null"']],
    ['embedded resource', { template: { spec: {} } }, ['spec.template.apiVersion: Required value: must not be empty', 'spec.template.kind: Required value: must not be empty']],
    ['CEL rule with message', { replicas: 0, backup: {} }, ['spec: Invalid value: "object": backup needs at least one replica']],
    ['CEL messageExpression', { tier: 'gold', replicas: 2 }, ['spec: Invalid value: "object": gold needs 3 replicas, got 2']],
    ['CEL reason', { plugins: [{ name: 'x' }] }, ['spec: Forbidden: plugin names start with p-']],
  ])('reports %s like kube-apiserver', (_title, spec, expected) => {
    expect(lines(compiled.validate(kryton(spec)))).toEqual(expected);
  });

  it.each<[string, JsonObject, JsonObject[string], string[]]>([
    ['anyOf', { anyOf: [{ pattern: '^a' }, { pattern: 'z$' }] }, 'mmm', ['value: Invalid value: "mmm": value in body must validate at least one schema (anyOf)']],
    ['anyOf passing', { anyOf: [{ pattern: '^a' }, { pattern: 'z$' }] }, 'mmz', []],
    ['oneOf with two matches', { oneOf: [{ pattern: '^a' }, { pattern: 'z$' }] }, 'az', ['value: Invalid value: "az": value in body must validate one and only one schema (oneOf)']],
    ['allOf', { allOf: [{ minLength: 2 }, { maxLength: 3 }] }, 'abcd', ['value: Too long: may not be longer than 3']],
    ['not', { not: { enum: ['forbidden'] } }, 'forbidden', ['value: Invalid value: "forbidden": value in body must not validate the schema (not)']],
  ])('validates %s', (_title, junctors, value, expected) => {
    const schema = compileCrdSchema({ type: 'object', properties: { value: { type: 'string', ...junctors } } });
    expect(lines(schema.validate({ value }))).toEqual(expected);
  });

  it('reports a missing top-level required field', () => {
    expect(lines(compiled.validate({ apiVersion: 'kryton.example.com/v1', kind: 'Kryton', metadata: { name: 'k' } }))).toEqual(['spec: Required value']);
  });

  it('runs transition rules only on update, with oldSelf', () => {
    const shrunk = kryton({ replicas: 1 });
    expect(compiled.validate(shrunk)).toEqual([]);
    expect(lines(compiled.validate(shrunk, kryton({ replicas: 3 })))).toEqual(['spec.replicas: Invalid value: "object": replicas cannot shrink']);
    expect(compiled.validate(kryton({ replicas: 4 }), kryton({ replicas: 3 }))).toEqual([]);
  });

  it('rejects a schema whose CEL rule does not compile', () => {
    expect(() => compileCrdSchema({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a ==' }] })).toThrow(/does not compile/);
  });

  it('translates Go regular expressions (flags, \\z, POSIX classes)', () => {
    const schema = compileCrdSchema({ type: 'object', properties: { a: { type: 'string', pattern: '(?i)^[[:alpha:]]+\\z' } } });
    expect(schema.validate({ a: 'AbC' })).toEqual([]);
    expect(schema.validate({ a: 'ab1' })).toHaveLength(1);
  });
});

describe('compileCrdSchema().prune', () => {
  it('drops undeclared fields and reports them, keeping maps, preserved subtrees and object metadata', () => {
    const object = kryton({ extra: 1, labels: { anything: 'goes' }, backup: { options: { free: true }, unknown: 'x' }, plugins: [{ name: 'p-a', junk: 1 }], template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 'y', z: 1 } } });
    object.status = { phase: 'Ready', bogus: true };
    object.topLevel = 'x';
    const { pruned, unknownFields } = compiled.prune(object);
    expect(unknownFields.sort()).toEqual(['.spec.backup.unknown', '.spec.extra', '.spec.plugins[0].junk', '.spec.template.spec.z', '.status.bogus', '.topLevel']);
    expect(pruned).toEqual({
      apiVersion: 'kryton.example.com/v1',
      kind: 'Kryton',
      metadata: { name: 'k' },
      spec: { version: '1.2', replicas: 1, labels: { anything: 'goes' }, backup: { options: { free: true } }, plugins: [{ name: 'p-a' }], template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 'y' } } },
      status: { phase: 'Ready' },
    });
    expect(object.topLevel).toBe('x');
  });
});

describe('compileCrdSchema().applyDefaults', () => {
  it('fills absent fields, including inside list items, without touching set ones', () => {
    const object = { apiVersion: 'kryton.example.com/v1', kind: 'Kryton', metadata: { name: 'k' }, spec: { version: '1.0' } };
    expect(compiled.applyDefaults(object).spec).toEqual({ version: '1.0', replicas: 1, plugins: [] });
    const withPlugins = compiled.applyDefaults({ ...object, spec: { version: '1.0', replicas: 5, plugins: [{ name: 'p-a' }, { name: 'p-b', mode: 'eager' }] } });
    expect(withPlugins.spec).toEqual({ version: '1.0', replicas: 5, plugins: [{ name: 'p-a', mode: 'lazy' }, { name: 'p-b', mode: 'eager' }] });
    expect(object.spec).toEqual({ version: '1.0' });
  });
});

describe('formatInvalid', () => {
  it('formats one error and several like kube-apiserver', () => {
    const one = compiled.validate(kryton({ version: undefined }));
    expect(formatInvalid('Kryton', 'kryton.example.com', 'x', one)).toBe('Kryton.kryton.example.com "x" is invalid: spec.version: Required value');
    const two = compiled.validate(kryton({ version: undefined, replicas: 'a' }));
    expect(formatInvalid('Kryton', 'kryton.example.com', 'x', two)).toBe('Kryton.kryton.example.com "x" is invalid: [spec.version: Required value, spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"]');
    expect(formatInvalid('ConfigMap', '', 'cfg', [])).toBe('ConfigMap "cfg" is invalid');
  });
});
