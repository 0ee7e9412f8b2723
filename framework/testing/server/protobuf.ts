/**
 * Decodes the Kubernetes protobuf request bodies typed client-go clients (helm's release storage)
 * send: the `k8s\0` envelope (runtime.Unknown) around Secret, ConfigMap, Namespace, DeleteOptions and
 * the access reviews kubectl auth sends.
 * Field numbers follow k8s.io/api generated.proto.
 */
import protobuf from 'protobufjs/minimal.js';
import { ApiStatusError, errors } from './errors.js';

type Reader = protobuf.Reader;
type Json = Record<string, unknown>;

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

function toNumber(v: number | { toString(): string }): number {
  return typeof v === 'number' ? v : Number(v.toString());
}

/** Reads one message, calling `field` for each (tag, reader) until the end; unknown fields are skipped. */
function readMessage(bytes: Uint8Array, field: (no: number, r: Reader) => boolean): void {
  const r = protobuf.Reader.create(bytes);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (!field(tag >>> 3, r)) r.skipType(tag & 7);
  }
}

function readMapEntry(bytes: Uint8Array, asBytes: boolean): [string, string] {
  let key = '';
  let value = '';
  readMessage(bytes, (no, r) => {
    if (no === 1) key = r.string();
    else if (no === 2) value = asBytes ? Buffer.from(r.bytes()).toString('base64') : r.string();
    else return false;
    return true;
  });
  return [key, value];
}

function readTime(bytes: Uint8Array): string | undefined {
  let seconds = 0;
  readMessage(bytes, (no, r) => {
    if (no === 1) seconds = toNumber(r.int64());
    else return false;
    return true;
  });
  return seconds === 0 ? undefined : new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function readOwnerReference(bytes: Uint8Array): Json {
  const o: Json = {};
  readMessage(bytes, (no, r) => {
    switch (no) {
      case 1: o.kind = r.string(); return true;
      case 3: o.name = r.string(); return true;
      case 4: o.uid = r.string(); return true;
      case 5: o.apiVersion = r.string(); return true;
      case 6: o.controller = r.bool(); return true;
      case 7: o.blockOwnerDeletion = r.bool(); return true;
      default: return false;
    }
  });
  return o;
}

function readObjectMeta(bytes: Uint8Array): Json {
  const m: Json = {};
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  const ownerReferences: Json[] = [];
  const finalizers: string[] = [];
  readMessage(bytes, (no, r) => {
    switch (no) {
      case 1: m.name = r.string(); return true;
      case 2: m.generateName = r.string(); return true;
      case 3: m.namespace = r.string(); return true;
      case 5: m.uid = r.string(); return true;
      case 6: m.resourceVersion = r.string(); return true;
      case 7: m.generation = toNumber(r.int64()); return true;
      case 8: { const t = readTime(r.bytes()); if (t) m.creationTimestamp = t; return true; }
      case 11: { const [k, v] = readMapEntry(r.bytes(), false); labels[k] = v; return true; }
      case 12: { const [k, v] = readMapEntry(r.bytes(), false); annotations[k] = v; return true; }
      case 13: ownerReferences.push(readOwnerReference(r.bytes())); return true;
      case 14: finalizers.push(r.string()); return true;
      default: return false;
    }
  });
  for (const k of Object.keys(m)) if (m[k] === '' || m[k] === 0) delete m[k];
  if (Object.keys(labels).length) m.labels = labels;
  if (Object.keys(annotations).length) m.annotations = annotations;
  if (ownerReferences.length) m.ownerReferences = ownerReferences;
  if (finalizers.length) m.finalizers = finalizers;
  return m;
}

function readSecret(bytes: Uint8Array): Json {
  const o: Json = { apiVersion: 'v1', kind: 'Secret' };
  const data: Record<string, string> = {};
  const stringData: Record<string, string> = {};
  readMessage(bytes, (no, r) => {
    switch (no) {
      case 1: o.metadata = readObjectMeta(r.bytes()); return true;
      case 2: { const [k, v] = readMapEntry(r.bytes(), true); data[k] = v; return true; }
      case 3: o.type = r.string(); return true;
      case 4: { const [k, v] = readMapEntry(r.bytes(), false); stringData[k] = v; return true; }
      case 5: o.immutable = r.bool(); return true;
      default: return false;
    }
  });
  if (Object.keys(data).length) o.data = data;
  if (Object.keys(stringData).length) o.stringData = stringData;
  if (o.type === '') delete o.type;
  return o;
}

function readConfigMap(bytes: Uint8Array): Json {
  const o: Json = { apiVersion: 'v1', kind: 'ConfigMap' };
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  readMessage(bytes, (no, r) => {
    switch (no) {
      case 1: o.metadata = readObjectMeta(r.bytes()); return true;
      case 2: { const [k, v] = readMapEntry(r.bytes(), false); data[k] = v; return true; }
      case 3: { const [k, v] = readMapEntry(r.bytes(), true); binaryData[k] = v; return true; }
      case 4: o.immutable = r.bool(); return true;
      default: return false;
    }
  });
  if (Object.keys(data).length) o.data = data;
  if (Object.keys(binaryData).length) o.binaryData = binaryData;
  return o;
}

function readStrings(bytes: Uint8Array, fieldNo: number): string[] {
  const out: string[] = [];
  readMessage(bytes, (no, r) => {
    if (no !== fieldNo) return false;
    out.push(r.string());
    return true;
  });
  return out;
}

function readNamespace(bytes: Uint8Array): Json {
  const o: Json = { apiVersion: 'v1', kind: 'Namespace' };
  readMessage(bytes, (no, r) => {
    switch (no) {
      case 1: o.metadata = readObjectMeta(r.bytes()); return true;
      case 2: { const finalizers = readStrings(r.bytes(), 1); o.spec = finalizers.length ? { finalizers } : {}; return true; }
      default: return false;
    }
  });
  return o;
}

function readDeleteOptions(bytes: Uint8Array): Json {
  const o: Json = { apiVersion: 'v1', kind: 'DeleteOptions' };
  const dryRun: string[] = [];
  readMessage(bytes, (no, r) => {
    switch (no) {
      case 1: o.gracePeriodSeconds = toNumber(r.int64()); return true;
      case 2: {
        const pre: Json = {};
        readMessage(r.bytes(), (pno, pr) => {
          if (pno === 1) pre.uid = pr.string();
          else if (pno === 2) pre.resourceVersion = pr.string();
          else return false;
          return true;
        });
        o.preconditions = pre;
        return true;
      }
      case 3: o.orphanDependents = r.bool(); return true;
      case 4: o.propagationPolicy = r.string(); return true;
      case 5: dryRun.push(r.string()); return true;
      default: return false;
    }
  });
  if (dryRun.length) o.dryRun = dryRun;
  return o;
}

function readFields(bytes: Uint8Array, names: Record<number, string>): Json {
  const o: Json = {};
  readMessage(bytes, (no, r) => {
    const name = names[no];
    if (!name) return false;
    o[name] = r.string();
    return true;
  });
  return o;
}

const RESOURCE_ATTRIBUTES = { 1: 'namespace', 2: 'verb', 3: 'group', 4: 'version', 5: 'resource', 6: 'subresource', 7: 'name' };
const NON_RESOURCE_ATTRIBUTES = { 1: 'path', 2: 'verb' };

/** SubjectAccessReviewSpec (user, groups) and SelfSubjectAccessReviewSpec share the attribute fields 1 and 2. */
function readAccessReviewSpec(bytes: Uint8Array, withSubject: boolean): Json {
  const spec: Json = {};
  const groups: string[] = [];
  readMessage(bytes, (no, r) => {
    if (no === 1) spec.resourceAttributes = readFields(r.bytes(), RESOURCE_ATTRIBUTES);
    else if (no === 2) spec.nonResourceAttributes = readFields(r.bytes(), NON_RESOURCE_ATTRIBUTES);
    else if (withSubject && no === 3) spec.user = r.string();
    else if (withSubject && no === 4) groups.push(r.string());
    else if (withSubject && no === 6) spec.uid = r.string();
    else return false;
    return true;
  });
  if (groups.length) spec.groups = groups;
  return spec;
}

function accessReview(kind: string, withSubject: boolean): (bytes: Uint8Array) => Json {
  return (bytes) => {
    const o: Json = { apiVersion: 'authorization.k8s.io/v1', kind };
    readMessage(bytes, (no, r) => {
      if (no === 1) o.metadata = readObjectMeta(r.bytes());
      else if (no === 2) o.spec = readAccessReviewSpec(r.bytes(), withSubject);
      else return false;
      return true;
    });
    return o;
  };
}

function readSelfSubjectReview(bytes: Uint8Array): Json {
  const o: Json = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };
  readMessage(bytes, (no, r) => {
    if (no !== 1) return false;
    o.metadata = readObjectMeta(r.bytes());
    return true;
  });
  return o;
}

const decoders: Record<string, (bytes: Uint8Array) => Json> = {
  'authorization.k8s.io/v1/SelfSubjectAccessReview': accessReview('SelfSubjectAccessReview', false),
  'authorization.k8s.io/v1/SubjectAccessReview': accessReview('SubjectAccessReview', true),
  'authorization.k8s.io/v1/LocalSubjectAccessReview': accessReview('LocalSubjectAccessReview', true),
  'authentication.k8s.io/v1/SelfSubjectReview': readSelfSubjectReview,
  'v1/Secret': readSecret,
  'v1/ConfigMap': readConfigMap,
  'v1/Namespace': readNamespace,
  'v1/DeleteOptions': readDeleteOptions,
  'meta.k8s.io/v1/DeleteOptions': readDeleteOptions,
};

/** Decodes a `application/vnd.kubernetes.protobuf` body into the JSON form of the object. */
export function decodeProtobufBody(body: Buffer): Json {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw errors.badRequest(`provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]`);
  }
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array();
  readMessage(body.subarray(4), (no, r) => {
    if (no === 1) {
      readMessage(r.bytes(), (tno, tr) => {
        if (tno === 1) apiVersion = tr.string();
        else if (tno === 2) kind = tr.string();
        else return false;
        return true;
      });
    } else if (no === 2) raw = r.bytes();
    else return false;
    return true;
  });
  const decode = decoders[`${apiVersion}/${kind}`];
  if (!decode) {
    throw new ApiStatusError(415, 'UnsupportedMediaType', `protobuf bodies of ${apiVersion}/${kind} are not supported by the local API server; send application/json`);
  }
  return decode(raw);
}
