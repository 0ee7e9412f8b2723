/**
 * The checks the chart tests rely on catch what they claim to: an unknown field, a wrong type, a
 * pod that breaks the restricted profile.
 */
import { type KubeObject } from '../../framework/index.js';
import { strictValidationProblems } from './openapi-validation.js';
import { podSpecsOf, restrictedViolations } from './pod-security.js';

const service = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec });

describe('strictValidationProblems', () => {
  it('passes a valid object', () => {
    expect(strictValidationProblems([service({ ports: [{ port: 80 }] })])).toEqual([]);
  });

  it('reports unknown fields and wrong types by path', () => {
    const [found] = strictValidationProblems([service({ ports: [{ port: 'eighty', portt: 1 }] })]);
    expect(found.object).toBe('Service/s');
    expect(found.problems.join('\n')).toMatch(/spec\.ports\[0\]\.port/);
    expect(found.problems.join('\n')).toMatch(/portt/);
  });

  it('reports kinds that are not built in unless allowed', () => {
    const custom: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(strictValidationProblems([custom])).toHaveLength(1);
    expect(strictValidationProblems([custom], ['example.com/v1/Widget'])).toEqual([]);
  });
});

describe('restrictedViolations', () => {
  const compliant = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'x' } }],
  };

  it('accepts a compliant pod', () => {
    expect(restrictedViolations(compliant)).toEqual([]);
  });

  it('names every violation', () => {
    const violations = restrictedViolations({
      hostNetwork: true,
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
      initContainers: [{ name: 'init', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } }],
      containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 80 }] }],
    });
    expect(violations).toEqual(expect.arrayContaining([
      'hostNetwork is true',
      'volume host uses hostPath',
      'init container init is privileged',
      'init container init adds capability SYS_ADMIN',
      'container app does not set allowPrivilegeEscalation: false',
      'container app does not run as non-root (runAsNonRoot)',
      'container app has no RuntimeDefault or Localhost seccomp profile',
      'container app does not drop ALL capabilities',
      'container app uses hostPort 80',
    ]));
  });

  it('finds pod specs in workloads and CronJobs', () => {
    const specs = podSpecsOf([
      { kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: compliant } } },
      { kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: compliant } } } } },
      { kind: 'Service', metadata: { name: 's' }, spec: {} },
    ]);
    expect(specs.map((s) => s.owner)).toEqual(['Deployment/d', 'CronJob/c']);
  });
});
