import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A wide table or chart that scrolls sideways inside its own frame on a phone, so the page does
 * not. The frame takes keyboard focus and is named: a keyboard user can scroll it with the arrow
 * keys, and a screen reader says what it holds (axe's scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  minWidth,
  children,
  testId,
}: {
  label: string;
  minWidth?: number;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={label} data-testid={testId}>
      <Box miw={minWidth}>{children}</Box>
    </Box>
  );
}
