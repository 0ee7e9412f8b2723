import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type JsonObject } from '../../../../framework/testing/schema/index.js';
import { compileCrdSchema, formatInvalid } from '../../../../framework/testing/validation/index.js';

// The project's own Kryton CRD: its patterns and CEL rules must compile and behave as on a cluster.
const crdFile = fileURLToPath(new URL('../../../../deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml', import.meta.url));
const crd = parse(readFileSync(crdFile, 'utf8')) as { spec: { versions: Array<{ schema: { openAPIV3Schema: JsonObject } }> } };
const schema = compileCrdSchema(crd.spec.versions[0].schema.openAPIV3Schema);

const sha = 'ab'.repeat(32);

function kryton(spec: JsonObject): JsonObject {
  return { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'notes', namespace: 'default' }, spec: { version: '1.4.0', ...spec } };
}

describe('the Kryton CRD schema', () => {
  it('accepts a complete valid Kryton', () => {
    const object = kryton({
      values: { anything: { goes: [1, 2] } },
      backup: { schedule: '0 3 * * *', retention: '30d', objectStore: { bucket: 'kryton-backups', endpoint: 'https://minio.example.com', credentialsSecretRef: { name: 'store' } } },
      plugins: [{ name: 'mermaid', url: 'https://plugins.example.com/mermaid.zip', sha256: sha }, { name: 'local', url: 'http://plugins.svc/x.zip', sha256: sha, allowInsecureHttp: true }],
    });
    expect(schema.validate(object)).toEqual([]);
  });

  it('rejects what the CEL rules and patterns forbid, with kube\'s messages', () => {
    const object = kryton({
      backup: { schedule: 'sometimes', objectStore: { bucket: 'my..bucket', endpoint: 'https://minio.example.com', credentialsSecretRef: { name: 'store' } } },
      plugins: [{ name: 'mermaid', url: 'http://plugins.example.com/mermaid.zip', sha256: 'zz' }],
    });
    const message = formatInvalid('Kryton', 'kryton.azrtydxb.io', 'notes', schema.validate(object));
    expect(message).toContain('Kryton.kryton.azrtydxb.io "notes" is invalid: [');
    expect(message).toContain('spec.backup.objectStore.bucket: Invalid value: "string": bucket must not contain two adjacent dots');
    expect(message).toContain('spec.plugins[0].url: Invalid value: "object": url must start with https:// (plain http:// needs allowInsecureHttp set to true)');
    expect(message).toContain("spec.plugins[0].sha256: Invalid value: \"zz\": spec.plugins[0].sha256 in body should match '^[a-fA-F0-9]{64}$'");
    expect(message).toContain('spec.backup.schedule: Invalid value: "sometimes": spec.backup.schedule in body should match');
  });

  it('prunes unknown spec fields but keeps free-form values', () => {
    const { pruned, unknownFields } = schema.prune(kryton({ values: { x: 1 }, typo: true }));
    expect(unknownFields).toEqual(['.spec.typo']);
    expect(pruned.spec).toEqual({ version: '1.4.0', values: { x: 1 } });
  });
});
