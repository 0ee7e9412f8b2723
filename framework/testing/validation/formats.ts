import { isIPv4, isIPv6 } from 'node:net';

/**
 * The string formats kube-apiserver checks in CRD schemas and built-in types (the cheap ones).
 * Unknown formats are accepted, as the API server does.
 */
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const MAC = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const CHECKS: Record<string, (value: string) => boolean> = {
  uri: (value) => value.startsWith('/') || URL.canParse(value),
  uuid: (value) => UUID.test(value),
  uuid3: (value) => UUID.test(value),
  uuid4: (value) => UUID.test(value),
  uuid5: (value) => UUID.test(value),
  'date-time': (value) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
  datetime: (value) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
  date: (value) => DATE.test(value) && !Number.isNaN(Date.parse(value)),
  hostname: (value) => HOSTNAME.test(value),
  email: (value) => EMAIL.test(value),
  ipv4: (value) => isIPv4(value),
  ipv6: (value) => isIPv6(value),
  cidr: (value) => {
    const [ip, bits, extra] = value.split('/');
    const max = isIPv4(ip) ? 32 : isIPv6(ip) ? 128 : -1;
    return extra === undefined && max > 0 && /^\d+$/.test(bits ?? '') && Number(bits) <= max;
  },
  mac: (value) => MAC.test(value),
  byte: (value) => BASE64.test(value),
};

/** False only when `format` is a known format and `value` does not match it. */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[format];
  return check ? check(value) : true;
}

/** The quantity syntax kube-apiserver's resource.Quantity parser accepts. */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}
