/**
 * The deployment descriptions in infra/deploy/ are only read by tools this repository does not
 * run (kubectl, docker compose), so a typo would surface on the day someone deploys. This check
 * runs offline: every document parses as YAML, every Kubernetes object has the fields its kind
 * requires, and the promises the README makes hold — probes on /health/live and /health/ready,
 * resource requests, secrets by reference, a termination grace period longer than the drain it
 * must hold, a PodDisruptionBudget per Deployment, and a Compose file whose services match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const deployDir = path.resolve(__dirname, '../../../infra/deploy');
const kubernetesDir = path.join(deployDir, 'kubernetes');

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a dotted path (`spec.template.spec`), array indices as numbers. */
function at(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => {
    if (Array.isArray(node)) return node[Number(key)];
    return isObject(node) ? node[key] : undefined;
  }, value);
}

/** Every document of a file, failing on any YAML error or warning with the file's name. */
function documentsOf(file: string): Json[] {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'), { prettyErrors: true });
  return documents.map((document) => {
    const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
    if (problems.length > 0) throw new Error(`${path.relative(deployDir, file)}: ${problems.join('; ')}`);
    const value: unknown = document.toJS();
    if (!isObject(value)) throw new Error(`${path.relative(deployDir, file)}: a document is not a mapping`);
    return value;
  });
}

const manifestFiles = readdirSync(kubernetesDir)
  .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
  .map((name) => path.join(kubernetesDir, name));
const objects = manifestFiles.flatMap((file) => documentsOf(file).map((object) => ({ file, object })));
const ofKind = (kind: string): Json[] =>
  objects.filter(({ object }) => object.kind === kind).map(({ object }) => object);

/** Fields each kind needs before the API server accepts it (apiVersion, kind, metadata.name for all). */
const REQUIRED_BY_KIND: Record<string, string[]> = {
  Deployment: ['spec.selector.matchLabels', 'spec.template.metadata.labels', 'spec.template.spec.containers.0.image'],
  Service: ['spec.selector', 'spec.ports.0.port'],
  ConfigMap: ['data'],
  PodDisruptionBudget: ['spec.selector.matchLabels'],
  Job: ['spec.template.spec.containers.0.image', 'spec.template.spec.restartPolicy'],
};
const API_VERSION_BY_KIND: Record<string, string> = {
  Deployment: 'apps/v1',
  Service: 'v1',
  ConfigMap: 'v1',
  PodDisruptionBudget: 'policy/v1',
  Job: 'batch/v1',
};

describe('Kubernetes manifests (infra/deploy/kubernetes)', () => {
  it('are YAML objects of known kinds with the fields each kind requires', () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const { file, object } of objects) {
      const where = `${path.basename(file)} ${String(object.kind)}/${String(at(object, 'metadata.name'))}`;
      expect({ where, kind: object.kind }).toEqual({ where, kind: expect.any(String) });
      const kind = object.kind as string;
      expect({ where, apiVersion: object.apiVersion }).toEqual({ where, apiVersion: API_VERSION_BY_KIND[kind] });
      expect({ where, name: at(object, 'metadata.name') }).toEqual({
        where,
        name: expect.stringMatching(/^[a-z0-9-]+$/),
      });
      for (const field of REQUIRED_BY_KIND[kind] ?? []) {
        expect({ where, field, present: at(object, field) !== undefined }).toEqual({ where, field, present: true });
      }
    }
  });

  it('select their own pods: every Deployment selector matches its template labels', () => {
    for (const deployment of ofKind('Deployment')) {
      const selector = at(deployment, 'spec.selector.matchLabels') as Json;
      const labels = at(deployment, 'spec.template.metadata.labels') as Json;
      expect(labels).toMatchObject(selector);
    }
  });

  it('run an API and a worker with probes, requests, secrets by reference and a drain within the grace period', () => {
    const deployments = ofKind('Deployment');
    expect(deployments.map((d) => at(d, 'metadata.name')).sort()).toEqual(['dondoc-api', 'dondoc-worker']);
    for (const deployment of deployments) {
      const name = String(at(deployment, 'metadata.name'));
      const container = at(deployment, 'spec.template.spec.containers.0') as Json;
      expect({ name, liveness: at(container, 'livenessProbe.httpGet.path') }).toEqual({
        name,
        liveness: expect.stringMatching(/\/health\/live$/),
      });
      expect({ name, readiness: at(container, 'readinessProbe.httpGet.path') }).toEqual({
        name,
        readiness: expect.stringMatching(/\/health\/ready$/),
      });
      expect(at(container, 'resources.requests.cpu')).toEqual(expect.any(String));
      expect(at(container, 'resources.requests.memory')).toEqual(expect.any(String));
      // No secret value in a manifest: DATABASE_URL comes from a Secret by reference.
      const env = (container.env ?? []) as Json[];
      const databaseUrl = env.find((entry) => entry.name === 'DATABASE_URL');
      expect(databaseUrl?.value).toBeUndefined();
      expect(at(databaseUrl, 'valueFrom.secretKeyRef.name')).toBe('dondoc-secrets');
      expect(at(container, 'envFrom.0.configMapRef.name')).toBe('dondoc-config');
      // A probe names a port the container declares.
      const ports = ((container.ports ?? []) as Json[]).map((port) => port.name);
      expect(ports).toContain(at(container, 'readinessProbe.httpGet.port'));
      expect(at(deployment, 'spec.template.spec.terminationGracePeriodSeconds')).toEqual(expect.any(Number));
    }
    const configMap = ofKind('ConfigMap').find((c) => at(c, 'metadata.name') === 'dondoc-config');
    const workerGrace = Number(at(configMap, 'data.DONDOC_WORKER_SHUTDOWN_GRACE_SECONDS'));
    const worker = deployments.find((d) => at(d, 'metadata.name') === 'dondoc-worker');
    expect(Number(at(worker, 'spec.template.spec.terminationGracePeriodSeconds'))).toBeGreaterThan(workerGrace);
    expect(String(at(worker, 'spec.template.spec.containers.0.ports.0.containerPort'))).toBe(
      String(at(configMap, 'data.DONDOC_WORKER_HEALTH_PORT')),
    );
    // The API's grace holds its preStop pause plus the longest request (the Update budget, 30 s).
    const api = deployments.find((d) => at(d, 'metadata.name') === 'dondoc-api');
    expect(Number(at(api, 'spec.template.spec.terminationGracePeriodSeconds'))).toBeGreaterThan(35);
    expect(at(configMap, 'data.DONDOC_RATE_LIMIT_STORE')).toBe('postgres');
  });

  it('keep at least one of each running through a voluntary disruption', () => {
    const budgets = ofKind('PodDisruptionBudget');
    for (const deployment of ofKind('Deployment')) {
      const labels = at(deployment, 'spec.template.metadata.labels') as Json;
      const covering = budgets.filter((budget) =>
        Object.entries(at(budget, 'spec.selector.matchLabels') as Json).every(([key, value]) => labels[key] === value),
      );
      expect({ deployment: at(deployment, 'metadata.name'), budgets: covering.length }).toEqual({
        deployment: at(deployment, 'metadata.name'),
        budgets: 1,
      });
      expect(at(covering[0], 'spec.minAvailable')).toBe(1);
    }
  });

  it('are all listed in kustomization.yaml', () => {
    const [kustomization] = documentsOf(path.join(kubernetesDir, 'kustomization.yaml'));
    expect([...(kustomization?.resources as string[])].sort()).toEqual(
      manifestFiles.map((f) => path.basename(f)).sort(),
    );
  });
});

describe('Compose file (infra/deploy/compose.yaml)', () => {
  const [compose] = documentsOf(path.join(deployDir, 'compose.yaml'));
  const services = (compose?.services ?? {}) as Record<string, Json>;

  it('runs the cluster topology: PostgreSQL, Temporal, migrations, two workers, two APIs, a balancer', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'balancer', 'migrate', 'postgres', 'temporal', 'worker']);
    expect(at(services.api, 'deploy.replicas')).toBe(2);
    expect(at(services.worker, 'deploy.replicas')).toBe(2);
  });

  it('gives every image a tag and every dependency a service that exists', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:[\w.${}:-]+$/) });
      const dependsOn = service.depends_on;
      const needed = Array.isArray(dependsOn) ? dependsOn : Object.keys((dependsOn ?? {}) as Json);
      for (const dependency of needed) expect(Object.keys(services)).toContain(dependency);
    }
  });

  it('lets the apps drain on stop and restarts them when they die', () => {
    for (const name of ['api', 'worker']) {
      expect(at(services[name], 'restart')).toBe('unless-stopped');
      expect(at(services[name], 'stop_grace_period')).toEqual(expect.stringMatching(/^\d+s$/));
    }
  });
});
