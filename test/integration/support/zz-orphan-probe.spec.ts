import { startStack } from './stack';
it('starts and forgets', async () => {
  const stack = await startStack({ name: 'orphan-probe', workerCount: 0 });
  expect(stack.baseUrl).toContain('http');
});
