/**
 * Where the reminder and withdrawal benchmarks run: a private embedded stack they start
 * themselves (the Temporal dev server, one worker, one API), or a cluster already running
 * (`infra/start-cluster.sh`: the Temporal server on PostgreSQL, two workers, two API replicas
 * behind the balancer), named by BENCH_API_URL. Both answer the same few questions, so the
 * benchmark reads the same either way.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@dondoc/auth';
import { ApiClient } from '../../infra/faults/api-client';
import { startStack, type RequestOptions } from '../../test/integration/support/stack';

/** Which topology a run measured. */
export type Topology = 'embedded' | 'cluster';

/** A person the benchmark acts as. */
export interface Identity {
  unit: string;
  role: Role;
  sub: string;
}

/** What the benchmark needs of a running Dondoc. */
export interface BenchTarget {
  topology: Topology;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  /** One API call as `as`; fails unless it answers 2xx. */
  get<T>(path: string, as: Identity): Promise<T>;
  /** One POST of `body` as `as`; fails unless it answers 2xx. */
  post<T>(path: string, body: unknown, as: Identity): Promise<T>;
  /** Stops what the benchmark started (nothing, on a cluster it was given). */
  stop(): Promise<void>;
}

function options(as: Identity): RequestOptions {
  return { actor: as.sub, unit: as.unit, roles: [as.role] };
}

function failed(method: string, path: string, status: number, body: unknown): Error {
  return new Error(`${method} ${path} answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
}

/**
 * The cluster when BENCH_API_URL names its balancer (with DATABASE_URL, TEMPORAL_ADDRESS and
 * TEMPORAL_NAMESPACE; tokens signed with the local key pair it trusts), else a private stack
 * started with `env` for its worker and API.
 */
export async function openTarget(name: string, env: Record<string, string>): Promise<BenchTarget> {
  const apiUrl = process.env.BENCH_API_URL;
  if (apiUrl !== undefined && apiUrl !== '') {
    const api = new ApiClient(apiUrl);
    const databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl === undefined) throw new Error('BENCH_API_URL needs DATABASE_URL: the cluster’s Dondoc database');
    /** Retried while the balancer or an API says "again"; a POST carries one key, so a retry acts once. */
    const send = async <T>(method: 'GET' | 'POST', path: string, as: Identity, body?: unknown): Promise<T> => {
      const token = await api.token(as.unit, as.role, as.sub);
      const headers: Record<string, string> = method === 'POST' ? { 'idempotency-key': randomUUID() } : {};
      const answer = await api.retrying<T>(method, path, token, body, headers, 120_000);
      if (answer.status >= 300) throw failed(method, path, answer.status, answer.body);
      return answer.body;
    };
    return {
      topology: 'cluster',
      databaseUrl,
      temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
      get: (path, as) => send('GET', path, as),
      post: (path, body, as) => send('POST', path, as, body),
      stop: () => Promise.resolve(),
    };
  }
  const stack = await startStack({ name, env });
  return {
    topology: 'embedded',
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: stack.namespace,
    async get<T>(path: string, as: Identity): Promise<T> {
      const answer = await stack.http.get<T>(path, options(as));
      if (answer.status >= 300) throw failed('GET', path, answer.status, answer.body);
      return answer.body;
    },
    async post<T>(path: string, body: unknown, as: Identity): Promise<T> {
      const answer = await stack.http.post<T>(path, body, options(as));
      if (answer.status >= 300) throw failed('POST', path, answer.status, answer.body);
      return answer.body;
    },
    stop: () => stack.stop(),
  };
}
