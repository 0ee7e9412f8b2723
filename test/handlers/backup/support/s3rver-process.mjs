// Runs s3rver (a real S3-protocol server) on a free loopback port and prints the port on stdout.
// Started with --openssl-legacy-provider: s3rver encrypts list continuation tokens with DES, which
// OpenSSL 3 only offers through its legacy provider. Arguments: DIRECTORY BUCKET[,BUCKET...]
import S3rver from 's3rver';

const [directory, buckets = ''] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.split(',').filter(Boolean).map((name) => ({ name })),
});
const { port } = await server.run();
process.stdout.write(`${port}\n`);
process.on('SIGTERM', () => {
  server.close().then(() => process.exit(0), () => process.exit(1));
});
