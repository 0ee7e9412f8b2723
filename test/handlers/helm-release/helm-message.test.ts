import { REDACTED, secretStringsIn, trimHelmMessage } from '../../../handlers/helm-release/helm-message.js';

describe('trimHelmMessage', () => {
  test('keeps helm\'s own words, without the Error: prefix, on one line', () => {
    const stderr = "Error: UPGRADE FAILED: values don't meet the specifications of the schema(s) in the following chart(s):\nkryton:\n- replicaCount: Invalid type. Expected: integer, given: string\n";
    expect(trimHelmMessage(stderr)).toBe(
      "UPGRADE FAILED: values don't meet the specifications of the schema(s) in the following chart(s):; kryton:; - replicaCount: Invalid type. Expected: integer, given: string",
    );
  });

  test('drops klog warnings and helm notices', () => {
    const stderr = 'W1125 12:00:00.123456   123 warnings.go:70] unknown field "spec.x"\nWARNING: Kubernetes configuration file is group-readable.\nError: INSTALLATION FAILED: boom\n';
    expect(trimHelmMessage(stderr)).toBe('INSTALLATION FAILED: boom');
  });

  test.each([
    ['a known secret value', 'Error: execution error: bad value hunter2-very-secret', ['hunter2-very-secret'], 'bad value [redacted]'],
    ['password=… pairs', 'Error: failed: password=s3cr3tvalue rest', [], `password=${REDACTED} rest`],
    ['token: … pairs', 'Error: x apiToken: "abcdef123" y', [], `apiToken: "${REDACTED}" y`],
    ['bearer tokens', 'Error: Authorization: Bearer eyJhbGciOi.x.y', [], `Bearer ${REDACTED}`],
    ['credentials in URLs', 'Error: cannot reach https://admin:pw123@host/x', [], `https://admin:${REDACTED}@host/x`],
    ['long base64 runs', `Error: data ${'QUJD'.repeat(12)} end`, [], `data ${REDACTED} end`],
  ])('redacts %s', (_what, stderr, known, fragment) => {
    const out = trimHelmMessage(stderr, known);
    expect(out).toContain(fragment);
    for (const secret of known) expect(out).not.toContain(secret);
  });

  test('redacts PEM blocks, body included', () => {
    const out = trimHelmMessage('Error: -----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY----- tail');
    expect(out).toBe(`${REDACTED} tail`);
  });

  test('does not redact short known values that would match ordinary words', () => {
    expect(trimHelmMessage('Error: the release failed', ['the'])).toBe('the release failed');
  });

  test('is bounded', () => {
    const out = trimHelmMessage(`Error: ${'word '.repeat(1000)}`);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out.endsWith('...')).toBe(true);
  });

  test('says so when helm printed nothing', () => {
    expect(trimHelmMessage('\n\n')).toBe('helm failed without an error message');
  });
});

describe('secretStringsIn', () => {
  test('collects strings under secret-looking keys at any depth, not other strings', () => {
    const values = {
      image: { tag: '4.5.0-something' },
      env: { secret: { SMTP_USER: 'mailer-user', API_URL: 'https://x.example' } },
      postgresql: { auth: { password: 'db-password-1', username: 'kryton' } },
      list: [{ token: 'tok-123456' }],
      short: { password: 'abc' },
    };
    expect(secretStringsIn(values).sort()).toEqual(['db-password-1', 'https://x.example', 'mailer-user', 'tok-123456']);
  });
});
