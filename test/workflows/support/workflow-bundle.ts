/**
 * What every workflow test process needs before its first worker: a quiet Temporal runtime and
 * the workflows bundled as the worker bundles them. The testbed, the traced Update test and the
 * replays share them, so a change to how the worker bundles is made here once.
 */
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { workflowBundlerOptions, workflowsEntry } from '@dondoc/temporal';

/**
 * The workflows bundled the way the worker bundles them (from sources, `@dondoc/*` aliases
 * resolved), with the interceptor modules a traced worker adds when given them.
 */
export function bundleWorkflows(workflowInterceptorModules?: string[]): Promise<WorkflowBundle> {
  const bundlerOptions = workflowBundlerOptions();
  return bundleWorkflowCode({
    workflowsPath: workflowsEntry(),
    ...(workflowInterceptorModules !== undefined ? { workflowInterceptorModules } : {}),
    ...(bundlerOptions?.webpackConfigHook !== undefined ? { webpackConfigHook: bundlerOptions.webpackConfigHook } : {}),
    logger: new DefaultLogger('WARN'),
  });
}

/**
 * Tests want errors only: the SDK logs at INFO, and core warns on every worker that the test
 * server does not advertise capabilities a production server has.
 */
export function installQuietRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // Already installed in this process by an earlier test file: keep it.
  }
}
