/**
 * SnapshotHandler run by the operator framework against the local API server: the CronJob and its
 * ServiceAccount, Role and RoleBinding appear owned by the Kryton, follow spec.snapshot, are
 * repaired when edited, and vanish when spec.snapshot is cleared.
 */
import type { KubeObject } from '../../../framework/index.js';
import { KRYTONS, type Kryton } from '../../../handlers/kryton/types.js';
import { CRONJOBS, ROLE_BINDINGS, ROLES, SERVICE_ACCOUNTS } from '../../../handlers/kryton/resources.js';
import { SnapshotHandler } from '../../../handlers/snapshot/snapshot-handler.js';
import { conditionOf, krytonObject, NAMESPACE, startKrytonCluster, waitFor, type KrytonCluster } from '../plugins/kryton-cluster.js';

let cluster: KrytonCluster;

beforeAll(async () => {
  cluster = await startKrytonCluster([SnapshotHandler]);
});

afterAll(async () => {
  await cluster.stop();
});

const RESOURCES = [SERVICE_ACCOUNTS, ROLES, ROLE_BINDINGS, CRONJOBS];
const get = (resource: (typeof RESOURCES)[number], name: string) => cluster.client.get(resource, `${name}-snapshot`, NAMESPACE);
const schedule = async (name: string) => ((await get(CRONJOBS, name)) as (KubeObject & { spec: { schedule: string } }) | undefined)?.spec.schedule;

describe('SnapshotHandler', () => {
  it('creates the CronJob and its RBAC owned by the Kryton, follows spec.snapshot, and removes them when cleared', async () => {
    const kryton = await cluster.client.create<Kryton>(KRYTONS, krytonObject('alpha', { snapshot: { schedule: '0 4 * * *', retention: '7d' } }));

    await waitFor('CronJob created', () => get(CRONJOBS, 'alpha'));
    for (const resource of RESOURCES) {
      const object = await waitFor(`${resource.kind} created`, () => get(resource, 'alpha'));
      expect(object.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Kryton', name: 'alpha', uid: kryton.metadata.uid, controller: true })]);
    }
    await waitFor('SnapshotReady', async () => (await conditionOf(cluster.client, 'alpha', 'SnapshotReady'))?.reason === 'Scheduled');

    await cluster.client.patch(KRYTONS, 'alpha', NAMESPACE, { spec: { snapshot: { schedule: '30 1 * * *' } } }, 'merge');
    await waitFor('schedule followed', async () => (await schedule('alpha')) === '30 1 * * *');

    await cluster.client.patch(KRYTONS, 'alpha', NAMESPACE, { spec: { snapshot: null } }, 'merge');
    for (const resource of RESOURCES) await waitFor(`${resource.kind} removed`, async () => (await get(resource, 'alpha')) === undefined);
    await waitFor('SnapshotReady NotConfigured', async () => (await conditionOf(cluster.client, 'alpha', 'SnapshotReady'))?.reason === 'NotConfigured');
  });

  it('repairs an edited CronJob and a deleted Role', async () => {
    await cluster.client.create(KRYTONS, krytonObject('beta', { snapshot: { schedule: '0 4 * * *' } }));
    await waitFor('CronJob created', () => get(CRONJOBS, 'beta'));

    await cluster.client.patch(CRONJOBS, 'beta-snapshot', NAMESPACE, { spec: { schedule: '* * * * *' } }, 'merge');
    await waitFor('schedule repaired', async () => (await schedule('beta')) === '0 4 * * *');

    await cluster.client.delete(ROLES, 'beta-snapshot', NAMESPACE);
    const role = await waitFor('Role recreated', () => get(ROLES, 'beta'));
    expect(role.rules).toEqual([{ apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'list', 'create', 'delete'] }]);
  });

  it('adopts a ServiceAccount made by hand but refuses one another controller owns', async () => {
    await cluster.client.create(SERVICE_ACCOUNTS, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'gamma-snapshot', namespace: NAMESPACE } });
    const kryton = await cluster.client.create<Kryton>(KRYTONS, krytonObject('gamma', { snapshot: { schedule: '@daily' } }));
    await waitFor('adopted', async () => (await get(SERVICE_ACCOUNTS, 'gamma'))?.metadata.ownerReferences?.[0]?.uid === kryton.metadata.uid);

    const foreignOwner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'someone', uid: '00000000-0000-0000-0000-000000000001', controller: true };
    await cluster.client.create(SERVICE_ACCOUNTS, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'delta-snapshot', namespace: NAMESPACE, ownerReferences: [foreignOwner] } });
    await cluster.client.create(KRYTONS, krytonObject('delta', { snapshot: { schedule: '@daily' } }));
    await waitFor('NameTaken', async () => (await conditionOf(cluster.client, 'delta', 'SnapshotReady'))?.reason === 'NameTaken');
    expect((await get(SERVICE_ACCOUNTS, 'delta'))?.metadata.ownerReferences).toEqual([foreignOwner]);
    expect(await get(CRONJOBS, 'delta')).toBeUndefined();
  });

  it('reports a schedule whose values are out of range instead of creating a CronJob the API server would refuse', async () => {
    await cluster.client.create(KRYTONS, krytonObject('epsilon', { snapshot: { schedule: '61 * * * *' } }));
    const condition = await waitFor('InvalidSchedule', async () => {
      const c = await conditionOf(cluster.client, 'epsilon', 'SnapshotReady');
      return c?.reason === 'InvalidSchedule' ? c : undefined;
    });
    expect(condition.message).toMatch(/spec\.snapshot\.schedule "61 \* \* \* \*".*0-59/);
    expect(await get(CRONJOBS, 'epsilon')).toBeUndefined();
  });
});
